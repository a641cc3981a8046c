using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Output;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>Image data: measured with the domain classifier, drawn as sample grids.</summary>
internal sealed class ImageDomain : DataDomain
{
    /// <summary>Reads the GAN's sample shape as an image.</summary>
    public ImageDomain(GanDefinition gan, TrainingSettings settings)
        : base(gan, settings) => ImageShape = AsImage(gan.SampleShape.ToArray());

    /// <inheritdoc />
    public override IReadOnlyList<string> Metrics =>
        QualityMetric.ForImages(Gan.Classes > 0, Settings.Data.Kind != DataKind.Images || ImageFolder.HasClasses(Settings.Data.Path));

    /// <summary>A sample as an image, [C, H, W]; null when the sample shape is not one.</summary>
    public long[]? ImageShape { get; }

    /// <summary>Writes a grid: a row per class for a conditional GAN's samples of every class, else as near square as it gets.</summary>
    /// <inheritdoc />
    public override string WriteSamples(Tensor samples, RunFolder folder, string? output, int? label)
    {
        var shape = RequireImageShape();
        var path = output ?? Path.Combine(folder.Directory, "sample.png");
        var count = samples.shape[0];
        var columns = Gan.Classes > 0 && label is null ? Gan.Classes : (int)Math.Ceiling(Math.Sqrt(count));
        ImageGrid.SavePng(samples.reshape([count, .. shape]), columns, path, Settings.Data.Scale);
        return $"{count} samples written to {path}";
    }

    /// <summary>
    /// Writes PNG files named by the sample's index, zero-padded; a conditional GAN's subfolders are named by the
    /// label, zero-padded too, so that sorted by name (as <c>gangen eval --images</c> and training folders sort
    /// them) they come in the order of the labels.
    /// </summary>
    /// <inheritdoc />
    public override string WriteSampleFiles(Tensor samples, string folder, int? label)
    {
        var shape = RequireImageShape();
        var count = samples.shape[0];
        var images = samples.reshape([count, .. shape]);
        var fileDigits = Digits(count - 1);
        var classDigits = Digits(Gan.Classes - 1);
        for (var i = 0L; i < count; i++)
        {
            var name = i.ToString($"D{fileDigits}", CultureInfo.InvariantCulture) + ".png";
            var path = Gan.Classes == 0 ? Path.Combine(folder, name)
                : Path.Combine(folder, (label ?? (i % Gan.Classes)).ToString($"D{classDigits}", CultureInfo.InvariantCulture), name);
            using var image = images.narrow(0, i, 1);
            ImageGrid.SavePng(image, 1, path, Settings.Data.Scale, padding: 0);
        }

        return $"{count} samples written as PNG files to {folder}{(Gan.Classes > 0 ? ", a subfolder per class" : "")}";
    }

    /// <inheritdoc />
    internal override DomainEvaluation OpenEvaluation(EvaluationOptions options, string cacheDirectory, Action<string>? log) =>
        new ImageEvaluation(Gan.Classes, Settings.Data, options, cacheDirectory, log);

    /// <inheritdoc />
    internal override IRunObserver Pictures(RunFolder folder, RunNetworks networks, GanLoss loss) =>
        new SampleGrids(folder, networks.Sampling, Gan, Settings, ImageShape, networks.Device);

    private static int Digits(long largest) => Math.Max(largest, 0).ToString(CultureInfo.InvariantCulture).Length;

    private long[] RequireImageShape() =>
        ImageShape ?? throw new InvalidOperationException($"{Gan.Name} draws samples of shape [{string.Join(", ", Gan.SampleShape)}], which are not images; only [C, H, W] and square [H·W] samples are written as pictures");

    /// <summary>[C, H, W] as it is; a square vector [H·W] as one grey channel; anything else is not an image.</summary>
    internal static long[]? AsImage(long[] shape)
    {
        if (shape.Length == 3)
        {
            return shape;
        }

        var side = (long)Math.Round(Math.Sqrt(shape[0]));
        return shape.Length == 1 && side * side == shape[0] && side > 1 ? new[] { 1, side, side } : null;
    }
}
