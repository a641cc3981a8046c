using System;
using System.Linq;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using Xunit;
using static TorchSharp.torch;
using Reference = GanGen.Runtime.Tests.DiffAugmentReference;

namespace GanGen.Runtime.Tests;

/// <summary>
/// DiffAugment against PyTorch on a fixed [2, 3, 6, 8] batch with fixed draws (bench/pytorch/diffaugment_reference.py,
/// an independent PyTorch version written from the paper), each transformation, the chain, and its input gradient.
/// </summary>
public sealed class DiffAugmentTests
{
    private const float Tolerance = 1e-5f;

    [Fact]
    public void BrightnessMatchesPyTorch() =>
        AssertClose(Reference.AfterBrightness, DiffAugment.Brightness(Input(), tensor(Reference.Shift)));

    [Fact]
    public void SaturationMatchesPyTorch() =>
        AssertClose(Reference.AfterSaturation, DiffAugment.Saturation(Input(), tensor(Reference.Saturation)));

    [Fact]
    public void ContrastMatchesPyTorch() =>
        AssertClose(Reference.AfterContrast, DiffAugment.Contrast(Input(), tensor(Reference.Contrast)));

    [Fact]
    public void TranslationMatchesPyTorch() =>
        AssertClose(Reference.AfterTranslation, DiffAugment.Translate(Input(), tensor(Reference.Rows), tensor(Reference.Columns)));

    [Fact]
    public void CutoutMatchesPyTorch() =>
        AssertClose(Reference.AfterCutout, DiffAugment.Cutout(Input(), tensor(Reference.RowCentres), tensor(Reference.ColumnCentres), Reference.CutoutHeight, Reference.CutoutWidth));

    [Fact]
    public void TranslationShiftsByHandOnASmallImage()
    {
        // 1x1x2x3 image 1..6; output (i, j) = input (i + 1, j - 1): row 0 becomes [0, 4, 5], row 1 is outside.
        using var x = arange(1f, 7f).view(1, 1, 2, 3);
        using var shifted = DiffAugment.Translate(x, tensor(new long[] { 1 }), tensor(new long[] { -1 }));
        Assert.Equal(new[] { 0f, 4f, 5f, 0f, 0f, 0f }, shifted.data<float>().ToArray());
    }

    [Fact]
    public void CutoutOverAnEdgeZeroesOnlyWhatIsInside()
    {
        // A 2x2 square centred at (0, 0) covers rows and columns -1 and 0: only pixel (0, 0) is inside.
        using var x = ones(1, 1, 3, 3);
        using var cut = DiffAugment.Cutout(x, tensor(new long[] { 0 }), tensor(new long[] { 0 }), 2, 2);
        Assert.Equal(new[] { 0f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f }, cut.data<float>().ToArray());
    }

    [Fact]
    public void TheGradientFlowsThroughTheWholeChainAsInPyTorch()
    {
        using var scope = NewDisposeScope();
        var x = Input().requires_grad_(true);
        var y = DiffAugment.Brightness(x, tensor(Reference.Shift));
        y = DiffAugment.Saturation(y, tensor(Reference.Saturation));
        y = DiffAugment.Contrast(y, tensor(Reference.Contrast));
        y = DiffAugment.Translate(y, tensor(Reference.Rows), tensor(Reference.Columns));
        y = DiffAugment.Cutout(y, tensor(Reference.RowCentres), tensor(Reference.ColumnCentres), Reference.CutoutHeight, Reference.CutoutWidth);
        (y * tensor(Reference.Weights).view(Reference.Shape)).sum().backward();

        AssertClose(Reference.AllFive, y);
        AssertClose(Reference.InputGradient, x.grad!);
        Assert.True(x.grad!.abs().sum().item<float>() > 1f);
    }

    [Fact]
    public void ApplyDrawsPerSampleParametersInRangeAndKeepsTheShape()
    {
        using var scope = NewDisposeScope();
        var augment = new DiffAugment(new AugmentSettings(Color: false, Translation: true, Cutout: true));
        using var random = new Generator(3);
        var x = ones(64, 3, 8, 8).requires_grad_(true);

        var y = augment.Apply(x, random);
        y.sum().backward();

        Assert.Equal(x.shape, y.shape);
        // Cutout zeroes 4x4 = 16 of 64 pixels at most, translation by at most 1 zeroes at most 15 more:
        // each sample keeps at least 33 of its 64 pixels and loses at least the part of the cutout square inside.
        var kept = y.select(1, 0).sum(new long[] { 1, 2 }).data<float>().ToArray();
        Assert.All(kept, k => Assert.InRange(k, 33f, 63f));
        Assert.True(kept.Distinct().Count() > 1, "every sample drew the same parameters");
        Assert.Equal(y.sum().item<float>(), x.grad!.sum().item<float>(), 3);
    }

    [Fact]
    public void TheSameSeedGivesTheSameAugmentation()
    {
        var augment = new DiffAugment(new AugmentSettings(Color: true, Translation: true, Cutout: true));
        using var x = Input();
        using var first = new Generator(5);
        using var second = new Generator(5);
        using var a = augment.Apply(x, first);
        using var b = augment.Apply(x, second);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
    }

    [Fact]
    public void OnlyImagesCanBeAugmented()
    {
        var augment = new DiffAugment(new AugmentSettings(Color: true, Translation: false, Cutout: false));
        using var random = new Generator(1);
        var error = Assert.Throws<ArgumentException>(() => augment.Apply(zeros(4, 784), random));
        Assert.StartsWith("DiffAugment transforms [N, C, H, W] images, but got [4, 784]", error.Message, StringComparison.Ordinal);
    }

    private static Tensor Input() => tensor(Reference.Input).view(Reference.Shape);

    private static void AssertClose(float[] expected, Tensor actual)
    {
        Assert.Equal(Reference.Shape, actual.shape);
        Assert.Equal(expected, actual.detach().contiguous().data<float>().ToArray(), new ToleranceComparer(Tolerance));
    }
}
