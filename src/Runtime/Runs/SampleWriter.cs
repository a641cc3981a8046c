using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
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
    public string? Write(RunFolder folder, nn.Module generator, nn.Module discriminator, long step)
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
                var png = DensityPlot.RenderPng(OneDFrame(samples, discriminator, step));
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
            ImageGrid.SavePng(samples.reshape(new[] { samples.shape[0] }.Concat(imageShape).ToArray()).cpu(), columns, path,
                settings.Data.Scale == PixelScale.ZeroToOne ? PixelRange.ZeroToOne : PixelRange.MinusOneToOne);
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

    private DensityFrame OneDFrame(Tensor samples, nn.Module discriminator, long step)
    {
        var grid = linspace(low, high, GridPoints).unsqueeze(1).to(noise.device);
        // In chunks of the training batch size, as the seed does: a D with minibatch discrimination
        // judges each sample against its batch, so it must see batches like those it trained on.
        var decision = loss.RealProbability(cat(grid.split(settings.BatchSize).Select(chunk => GanNetworkCall(discriminator, chunk, null)).ToArray()));
        var density = DataSources.Density(settings.Data, grid);
        var generated = samples.flatten().cpu().to(ScalarType.Float64);
        return new DensityFrame(Doubles(grid), Doubles(decision), Doubles(density), generated.data<double>().ToArray(),
            Title: $"step {step}   generated mean {generated.mean().item<double>():F3}  std {generated.std().item<double>():F3}")
        {
            XMin = low,
            XMax = high,
            // Room for a generated density up to 2.5 times the real peak, so the axis stays put across frames.
            YMax = Math.Max(1.05, 2.5 / (settings.Data.Std * Math.Sqrt(2 * Math.PI))),
        };
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
