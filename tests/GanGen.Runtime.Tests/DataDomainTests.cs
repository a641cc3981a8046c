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
    public void AOneDGanHasNoImagesToMeasure()
    {
        using var evaluator = new RunEvaluator(OneD.Definition, OneD.Training, EvaluationOptions.Default, root);
        using var scope = NewDisposeScope();

        var error = Assert.Throws<InvalidOperationException>(() => evaluator.MeasureImages(new ImageDataset("zeros", zeros(1, 1, 28, 28), zeros(1, dtype: ScalarType.Int64))));

        Assert.Equal("OneD is a 1-D GAN: there are no images to measure", error.Message);
        Assert.Null(evaluator.ClassifierAccuracy);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
