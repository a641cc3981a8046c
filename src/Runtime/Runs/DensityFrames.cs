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
/// A 1-D run's pictures: at every checkpoint a frame (<c>frames/step-N.png</c>, the newest also as
/// <c>density.png</c>) of D's decision boundary, the data's density and that of samples from fixed noise,
/// with D* and the JSDs beside them; at the end all frames, across resumes, as <c>training.gif</c>.
/// </summary>
internal sealed class DensityFrames : IRunObserver, IDisposable
{
    private const int Samples = 10_000;
    private const int GridPoints = 200;
    private const int JsdBins = 100;
    private const int KdePoints = 2000;

    private readonly RunFolder folder;
    private readonly RunNetworks networks;
    private readonly GanLoss loss;
    private readonly TrainingSettings settings;
    private readonly Tensor noise;
    private readonly double low;
    private readonly double high;

    /// <summary>Draws the frames' noise once, from the run's seed.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="networks">The sampling generator and D.</param>
    /// <param name="loss">Reads D's outputs as probabilities.</param>
    /// <param name="gan">The GAN (noise shape).</param>
    /// <param name="settings">Its settings (data, noise, loss, batch size, seed).</param>
    public DensityFrames(RunFolder folder, RunNetworks networks, GanLoss loss, GanDefinition gan, TrainingSettings settings)
    {
        this.folder = folder;
        this.networks = networks;
        this.loss = loss;
        this.settings = settings;
        using var random = new Generator((ulong)settings.Seed + 3);
        noise = TrainingParts.Noise(settings.Noise, gan.NoiseShape)(Samples, random).to(networks.Device).DetachFromDisposeScope();
        var spread = 4 * settings.Data.Std;
        low = Math.Min(-8, settings.Data.Means.Min() - spread);
        high = Math.Max(8, settings.Data.Means.Max() + spread);
    }

    /// <summary>
    /// Whether D's optimum is p_data / (p_data + p_g): for the binary cross-entropy losses without label
    /// smoothing (which scales it), and for least squares with its targets 1 and 0 (Mao et al. 2017).
    /// </summary>
    private bool HasOptimalDecision => IsGoodfellowGame || settings.Loss.Kind == LossKind.LeastSquares;

    /// <summary>Whether D's loss is −V(D, G) of Goodfellow et al.'s game, so that its value at D* reads as a JSD.</summary>
    private bool IsGoodfellowGame => (settings.Loss.Kind is LossKind.NonSaturating or LossKind.Minimax) && settings.Loss.LabelSmoothing == 0;

    /// <inheritdoc />
    public void OnCheckpoint(TrainingStep step)
    {
        var generator = networks.Sampling;
        var discriminator = networks.Discriminator;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        generator.eval();
        discriminator.eval();
        try
        {
            var png = DensityPlot.RenderPng(Frame(GanNetwork.Of(generator).Call(noise, null), discriminator, step));
            AtomicFile.WriteAllBytes(folder.Frame(step.Step), png);
            AtomicFile.WriteAllBytes(folder.LatestDensity, png);
        }
        finally
        {
            generator.train();
            discriminator.train();
        }
    }

    /// <inheritdoc />
    public void OnFinish(RunResult result)
    {
        // A diverged run's frames stop at its last good checkpoint; its animation waits for the resume.
        if (result.Outcome == RunOutcome.Diverged)
        {
            return;
        }

        var frames = folder.Frames().Select(File.ReadAllBytes).ToArray();
        if (frames.Length > 0)
        {
            AnimatedGif.Save(folder.Animation, frames, delayMs: 100);
        }
    }

    /// <inheritdoc />
    public void Dispose() => noise.Dispose();

    private DensityFrame Frame(Tensor samples, nn.Module discriminator, TrainingStep step)
    {
        var grid = linspace(low, high, GridPoints).unsqueeze(1).to(noise.device);
        // In chunks of the training batch size, as the seed does: a D with minibatch discrimination
        // judges each sample against its batch, so it must see batches like those it trained on.
        var decision = loss.RealProbability(cat(grid.split(settings.BatchSize).Select(chunk => GanNetwork.Of(discriminator).Call(chunk, null)).ToArray()));
        var density = Doubles(DataSources.Density(settings.Data, grid));
        var generated = Doubles(samples);
        var x = Doubles(grid);
        var summary = Invariant($"step {step.Step}   generated mean {generated.Average():F3}  std {Std(generated):F3}");
        double[]? optimal = null;
        if (generated.All(double.IsFinite))
        {
            optimal = HasOptimalDecision ? OptimalDecision(density, OneDTheory.KernelDensity(generated, x, Bandwidth(generated))) : null;
            summary += "\n" + Theory(generated, step.DiscriminatorLoss);
        }

        return new DensityFrame(x, Doubles(decision), density, generated, optimal, summary)
        {
            XMin = low,
            XMax = high,
            // Room for a generated density up to 2.5 times the real peak, so the axis stays put across frames.
            YMax = Math.Max(1.05, 2.5 / (settings.Data.Std * Math.Sqrt(2 * Math.PI))),
        };
    }

    /// <summary>The frame's JSDs and, for the game of Goodfellow et al., its value at D* and the JSD implied by D's loss.</summary>
    private string Theory(double[] generated, double discriminatorLoss)
    {
        var histogram = OneDTheory.HistogramJsd(generated, settings.Data, JsdBins, low, high);
        var kde = OneDTheory.KdeJsd(generated, settings.Data, low, high, KdePoints);
        var text = Invariant($"JSD  histogram ({JsdBins} bins) {histogram:F4}   KDE {kde:F4}");
        if (!IsGoodfellowGame)
        {
            return text;
        }

        return text + Invariant($"   lower bound from D's loss {OneDTheory.JsdFromDiscriminatorLoss(discriminatorLoss):F4}\nV(D*, G) = 2 JSD(KDE) - log 4 = {OneDTheory.GameValueAtOptimum(kde):F3}   (minimum -log 4 = {OneDTheory.MinimumGameValue:F3})");
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
}
