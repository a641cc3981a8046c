using System;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Runs;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>What the data domain decides for image and 1-D GANs: the metrics, and how <c>gangen sample</c> writes samples.</summary>
public sealed class DataDomainTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-domain-").FullName;

    [Fact]
    public void TheDataDecideTheMetrics()
    {
        Assert.Equal(QualityMetric.ForOneD, DataDomain.Of(OneD.Definition, OneD.Training).Metrics);
        Assert.Equal(QualityMetric.ForImages(conditional: false), DataDomain.Of(Dcgan.Definition, Dcgan.Training).Metrics);
        Assert.Equal(QualityMetric.ForImages(conditional: true), DataDomain.Of(ConditionalDcgan.Definition, ConditionalDcgan.Training).Metrics);
    }

    [Fact]
    public void OneDSamplesAreOneValuePerLine()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(root, "values.csv");

        var line = DataDomain.Of(OneD.Definition, OneD.Training).WriteSamples(tensor(new[] { 1f, 2.5f, 3f }).unsqueeze(1), new RunFolder(root), path, label: null);

        Assert.Equal(new[] { "1", "2.5", "3" }, File.ReadAllLines(path));
        Assert.Equal($"3 samples (mean {2.1666667f:F3}, std {1.0408330f:F3}) written to {path}", line);
        DataDomain.Of(OneD.Definition, OneD.Training).WriteSamples(ones(2, 1), new RunFolder(root), output: null, label: null);
        Assert.True(File.Exists(Path.Combine(root, "sample.csv")));
    }

    [Fact]
    public void ImageSamplesAreAGridWithARowPerClassUnlessOneLabelWasAskedFor()
    {
        using var scope = NewDisposeScope();
        var domain = DataDomain.Of(ConditionalDcgan.Definition, ConditionalDcgan.Training);

        var line = domain.WriteSamples(zeros(20, 1, 28, 28), new RunFolder(root), output: null, label: null);
        var onePath = Path.Combine(root, "three.png");
        domain.WriteSamples(zeros(9, 1, 28, 28), new RunFolder(root), onePath, label: 3);

        // 28-pixel images 2 pixels apart and around: 10 columns of the classes, or 3 x 3 for one label.
        var all = Path.Combine(root, "sample.png");
        Assert.Equal($"20 samples written to {all}", line);
        using (var grid = SKBitmap.Decode(all))
        {
            Assert.Equal(((10 * 30) + 2, (2 * 30) + 2), (grid.Width, grid.Height));
        }

        using var three = SKBitmap.Decode(onePath);
        Assert.Equal(((3 * 30) + 2, (3 * 30) + 2), (three.Width, three.Height));
    }

    [Fact]
    public void FlatImageSamplesAreDrawnAsSquareImages()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(root, "vanilla.png");

        DataDomain.Of(Vanilla.Definition, Vanilla.Training).WriteSamples(ones(5, 784), new RunFolder(root), path, label: null);

        // [784] samples in [0, 1] are white 28x28 images, 3 to a row.
        using var grid = SKBitmap.Decode(path);
        Assert.Equal(((3 * 30) + 2, (2 * 30) + 2), (grid.Width, grid.Height));
        Assert.Equal(new SKColor(255, 255, 255), grid.GetPixel(2, 2));
        Assert.Equal(SKColors.Black, grid.GetPixel(2 + (2 * 30), 2 + 30));
    }

    [Fact]
    public void ImageSamplesAsFilesAreAPngEachInASubfolderPerClassAndReadBackAsTheyWere()
    {
        using var scope = NewDisposeScope();
        var domain = DataDomain.Of(ConditionalDcgan.Definition, ConditionalDcgan.Training);
        // Sample i is flat grey -1 + 2i/11 in the tanh range; the labels went 0, 1, ..., 9, 0, 1 in turn.
        var samples = (arange(12, dtype: ScalarType.Float32) * 2 / 11 - 1).reshape(12, 1, 1, 1).expand(12, 1, 28, 28);
        var folder = Path.Combine(root, "files");

        var line = domain.WriteSampleFiles(samples, folder, label: null);

        Assert.Equal($"12 samples written as PNG files to {folder}, a subfolder per class", line);
        Assert.Equal(new[] { "0/00.png", "0/10.png", "1/01.png", "1/11.png", "2/02.png" }, Files(folder).Take(5));
        Assert.Equal(12, Files(folder).Length);
        using var read = ImagesToScore.Read(folder, ConditionalDcgan.Definition);
        long[] order = [0, 10, 1, 11, 2, 3, 4, 5, 6, 7, 8, 9];
        Assert.Equal(order.Select(i => i % 10), read.Labels.data<long>().ToArray());
        Assert.Equal(order.Select(i => (float)Math.Round(i / 11.0 * 255) / 255), read.Images[.., 0, 5, 7].data<float>().ToArray());

        domain.WriteSampleFiles(samples[..2], Path.Combine(root, "threes"), label: 3);
        Assert.Equal(new[] { "3/0.png", "3/1.png" }, Files(Path.Combine(root, "threes")));

        // Twelve classes: the subfolders are 00 to 11, so that sorted by name they are in the order of the labels.
        DataDomain.Of(ConditionalDcgan.Definition with { Classes = 12 }, ConditionalDcgan.Training).WriteSampleFiles(samples, Path.Combine(root, "twelve"), label: null);
        Assert.Equal(Enumerable.Range(0, 12).Select(c => $"{c:D2}/{c:D2}.png"), Files(Path.Combine(root, "twelve")));

        DataDomain.Of(Vanilla.Definition, Vanilla.Training).WriteSampleFiles(ones(3, 784), Path.Combine(root, "flat"), label: null);
        Assert.Equal(new[] { "0.png", "1.png", "2.png" }, Files(Path.Combine(root, "flat")));

        Assert.Equal("OneD draws 1-D values, not images; write them to a CSV file instead (--output file.csv)",
            Assert.Throws<InvalidOperationException>(() => DataDomain.Of(OneD.Definition, OneD.Training).WriteSampleFiles(ones(2, 1), folder, label: null)).Message);
    }

    [Fact]
    public void AOneDGanHasNoImagesToMeasure()
    {
        using var evaluator = new RunEvaluator(OneD.Definition, OneD.Training, EvaluationOptions.Default, root);
        using var scope = NewDisposeScope();

        var error = Assert.Throws<InvalidOperationException>(() => evaluator.MeasureImages(new ImageDataset("zeros", zeros(1, 1, 28, 28), zeros(1, dtype: ScalarType.Int64))));

        Assert.Equal("OneD is a 1-D GAN: there are no images to measure", error.Message);
        Assert.Null(evaluator.ClassifierAccuracy);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>The files below <paramref name="folder"/>, relative, with '/', sorted by ordinal as image folders are read.</summary>
    private static string[] Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
}
