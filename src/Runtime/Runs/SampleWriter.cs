using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Metrics;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using static System.FormattableString;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>
/// Draws a run's pictures from fixed noise (and fixed labels), so successive pictures show the same
/// samples evolving: a grid for image GANs, the decision-boundary and densities plot for 1-D GANs.
/// </summary>
internal sealed class SampleWriter : IDisposable
{
    private const int OneDSamples = 10_000;
    private const int GridPoints = 200;
    private const int JsdBins = 100;
    private const int KdePoints = 2000;

    private readonly GanDefinition gan;
    private readonly TrainingSettings settings;
    private readonly GanLoss loss;
    private readonly Tensor noise;
    private readonly Tensor? labels;
    private readonly int columns;
    private readonly long[]? imageShape;
    private readonly double low;
    private readonly double high;

    public SampleWriter(GanDefinition gan, TrainingSettings settings, GanLoss loss, Device device)
    {
        this.gan = gan;
        this.settings = settings;
        this.loss = loss;
        var random = new Generator((ulong)settings.Seed + 3);
        IsOneD = !settings.Data.IsImages;
        if (IsOneD)
        {
            noise = TrainingParts.Noise(settings.Noise, gan.NoiseShape)(OneDSamples, random).to(device).DetachFromDisposeScope();
            var spread = 4 * settings.Data.Std;
            low = Math.Min(-8, settings.Data.Means.Min() - spread);
            high = Math.Max(8, settings.Data.Means.Max() + spread);
            return;
        }

        // A conditional grid has one row per class, digits 0-9 top to bottom; otherwise 8x8.
        columns = gan.Classes > 0 ? 10 : 8;
        var count = gan.Classes > 0 ? gan.Classes * 10L : 64L;
        noise = TrainingParts.Noise(settings.Noise, gan.NoiseShape)(count, random).to(device).DetachFromDisposeScope();
        labels = gan.Classes > 0 ? arange(gan.Classes, device: device).repeat_interleave(10).DetachFromDisposeScope() : null;
        imageShape = ImageShape(gan.SampleShape.ToArray());
    }

    /// <summary>Whether pictures are 1-D density plots (GIF frames) rather than image grids.</summary>
    public bool IsOneD { get; }

    /// <summary>Writes the picture for <paramref name="step"/>; returns its path, or null when samples are not images.</summary>
    /// <param name="folder">The run folder the picture goes to.</param>
    /// <param name="generator">G (or its weight average) to draw samples from.</param>
    /// <param name="discriminator">D, whose decision boundary 1-D frames show.</param>
    /// <param name="step">The step the picture belongs to.</param>
    /// <param name="discriminatorLoss">D's loss at that step, for the JSD it implies on 1-D frames; null when unknown.</param>
    public string? Write(RunFolder folder, nn.Module generator, nn.Module discriminator, long step, double? discriminatorLoss)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        generator.eval();
        discriminator.eval();
        try
        {
            var samples = GanNetworkCall(generator, noise, labels);
            if (IsOneD)
            {
                var png = DensityPlot.RenderPng(OneDFrame(samples, discriminator, step, discriminatorLoss));
                var frame = folder.Frame(step);
                AtomicFile.WriteAllBytes(frame, png);
                AtomicFile.WriteAllBytes(folder.LatestDensity, png);
                return frame;
            }

            if (imageShape is null)
            {
                return null;
            }

            var path = folder.Grid(step);
            ImageGrid.SavePng(samples.reshape(new[] { samples.shape[0] }.Concat(imageShape).ToArray()).cpu(), columns, path, settings.Data.Scale);
            File.Copy(path, folder.LatestGrid, overwrite: true);
            return path;
        }
        finally
        {
            generator.train();
            discriminator.train();
        }
    }

    /// <summary>Assembles the 1-D frames written so far (across resumes) into <c>training.gif</c>.</summary>
    public void WriteAnimation(RunFolder folder)
    {
        var frames = folder.Frames().Select(File.ReadAllBytes).ToArray();
        if (frames.Length > 0)
        {
            AnimatedGif.Save(folder.Animation, frames, delayMs: 100);
        }
    }

    public void Dispose()
    {
        noise.Dispose();
        labels?.Dispose();
    }

    private DensityFrame OneDFrame(Tensor samples, nn.Module discriminator, long step, double? discriminatorLoss)
    {
        var grid = linspace(low, high, GridPoints).unsqueeze(1).to(noise.device);
        // In chunks of the training batch size, as the seed does: a D with minibatch discrimination
        // judges each sample against its batch, so it must see batches like those it trained on.
        var decision = loss.RealProbability(cat(grid.split(settings.BatchSize).Select(chunk => GanNetworkCall(discriminator, chunk, null)).ToArray()));
        var density = Doubles(DataSources.Density(settings.Data, grid));
        var generated = Doubles(samples);
        var x = Doubles(grid);
        var summary = Invariant($"step {step}   generated mean {generated.Average():F3}  std {Std(generated):F3}");
        double[]? optimal = null;
        if (generated.All(double.IsFinite))
        {
            optimal = HasOptimalDecision ? OptimalDecision(density, OneDTheory.KernelDensity(generated, x, Bandwidth(generated))) : null;
            summary += "\n" + Theory(generated, discriminatorLoss);
        }

        return new DensityFrame(x, Doubles(decision), density, generated, optimal, summary)
        {
            XMin = low,
            XMax = high,
            // Room for a generated density up to 2.5 times the real peak, so the axis stays put across frames.
            YMax = Math.Max(1.05, 2.5 / (settings.Data.Std * Math.Sqrt(2 * Math.PI))),
        };
    }

    /// <summary>
    /// Whether D's optimum is p_data / (p_data + p_g): for the binary cross-entropy losses without label
    /// smoothing (which scales it), and for least squares with its targets 1 and 0 (Mao et al. 2017).
    /// </summary>
    private bool HasOptimalDecision => IsGoodfellowGame || settings.Loss.Kind == LossKind.LeastSquares;

    /// <summary>Whether D's loss is −V(D, G) of Goodfellow et al.'s game, so that its value at D* reads as a JSD.</summary>
    private bool IsGoodfellowGame => (settings.Loss.Kind is LossKind.NonSaturating or LossKind.Minimax) && settings.Loss.LabelSmoothing == 0;

    /// <summary>The frame's JSDs and, for the game of Goodfellow et al., its value at D* and the JSD implied by D's loss.</summary>
    private string Theory(double[] generated, double? discriminatorLoss)
    {
        var histogram = OneDTheory.HistogramJsd(generated, settings.Data, JsdBins, low, high);
        var kde = OneDTheory.KdeJsd(generated, settings.Data, low, high, KdePoints);
        var text = Invariant($"JSD  histogram ({JsdBins} bins) {histogram:F4}   KDE {kde:F4}");
        if (!IsGoodfellowGame)
        {
            return text;
        }

        var implied = discriminatorLoss is { } value ? Invariant($"{OneDTheory.JsdFromDiscriminatorLoss(value):F4}") : "n/a";
        return text + Invariant($"   lower bound from D's loss {implied}\nV(D*, G) = 2 JSD(KDE) - log 4 = {OneDTheory.GameValueAtOptimum(kde):F3}   (minimum -log 4 = {OneDTheory.MinimumGameValue:F3})");
    }

    /// <summary>
    /// D* where it means something: far from both distributions it is a ratio of two tails (of the true
    /// density and of the KDE's cut-off kernels), or 0.5 where both underflow, and it would draw confident
    /// steps where no sample ever goes. Below a thousandth of the densities' peak it is left out (NaN).
    /// </summary>
    private static double[] OptimalDecision(double[] data, double[] generated)
    {
        var optimal = OneDTheory.OptimalDiscriminator(data, generated);
        var floor = 1e-3 * data.Zip(generated, (d, g) => d + g).Max();
        return optimal.Select((value, i) => data[i] + generated[i] >= floor ? value : double.NaN).ToArray();
    }

    /// <summary>The KDE bandwidth <see cref="OneDTheory.KdeJsd"/> uses, so that D* is drawn from the same p_g the KDE JSD measures.</summary>
    private double Bandwidth(double[] generated) => OneDTheory.KdeBandwidth(generated, (high - low) / (KdePoints - 1));

    private static double Std(double[] values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
    }

    private static double[] Doubles(Tensor t) => t.flatten().cpu().to(ScalarType.Float64).data<double>().ToArray();

    private static Tensor GanNetworkCall(nn.Module module, Tensor input, Tensor? labels) => GanNetwork.Of(module).Call(input, labels);

    /// <summary>[C, H, W] as it is; a square vector [H·W] as one grey channel; anything else is not an image.</summary>
    private static long[]? ImageShape(long[] shape)
    {
        if (shape.Length == 3)
        {
            return shape;
        }

        var side = (long)Math.Round(Math.Sqrt(shape[0]));
        return shape.Length == 1 && side * side == shape[0] && side > 1 ? new[] { 1, side, side } : null;
    }
}
