using System;
using System.IO;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>
/// An image run's pictures: at every checkpoint a grid (<c>samples/step-N.png</c>, the newest also as
/// <c>samples.png</c>) drawn from fixed noise and labels, so successive grids show the same samples evolving.
/// </summary>
internal sealed class SampleGrids : IRunObserver, IDisposable
{
    private readonly RunFolder folder;
    private readonly nn.Module generator;
    private readonly long[]? imageShape;
    private readonly PixelScale scale;
    private readonly int columns;
    private readonly Tensor noise;
    private readonly Tensor? labels;

    /// <summary>Draws the grid's noise (and labels) once, from the run's seed.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="generator">The generator samples come from.</param>
    /// <param name="gan">The GAN (noise shape, classes).</param>
    /// <param name="settings">Its settings (noise, seed, pixel scale).</param>
    /// <param name="imageShape">A sample as an image, [C, H, W]; null when samples are not images, and no grid is drawn.</param>
    /// <param name="device">Where the generator lives.</param>
    public SampleGrids(RunFolder folder, nn.Module generator, GanDefinition gan, TrainingSettings settings, long[]? imageShape, Device device)
    {
        this.folder = folder;
        this.generator = generator;
        this.imageShape = imageShape;
        scale = settings.Data.Scale;

        // A conditional grid has one row per class, digits 0-9 top to bottom; otherwise 8x8.
        columns = gan.Classes > 0 ? 10 : 8;
        var count = gan.Classes > 0 ? gan.Classes * 10L : 64L;
        using var random = new Generator((ulong)settings.Seed + 3);
        noise = TrainingParts.Noise(settings.Noise, gan.NoiseShape)(count, random).to(device).DetachFromDisposeScope();
        labels = gan.Classes > 0 ? arange(gan.Classes, device: device).repeat_interleave(10).DetachFromDisposeScope() : null;
    }

    /// <inheritdoc />
    public void OnCheckpoint(TrainingStep step)
    {
        if (imageShape is null)
        {
            return;
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        generator.eval();
        try
        {
            var samples = GanNetwork.Of(generator).Call(noise, labels);
            var path = folder.Grid(step.Step);
            ImageGrid.SavePng(samples.reshape([samples.shape[0], .. imageShape]).cpu(), columns, path, scale);
            File.Copy(path, folder.LatestGrid, overwrite: true);
        }
        finally
        {
            generator.train();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        noise.Dispose();
        labels?.Dispose();
    }
}
