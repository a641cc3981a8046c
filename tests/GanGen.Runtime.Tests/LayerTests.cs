using System.Linq;
using GanGen.Runtime.Layers;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>GanGen's own layers against values worked out by hand.</summary>
public sealed class LayerTests
{
    [Fact]
    public void ConcatLabelsAppendsOneHotToVectors()
    {
        using var scope = NewDisposeScope();
        using var layer = new ConcatLabels(3);
        var output = layer.forward(tensor(new float[] { 5, 6 }, new long[] { 2, 1 }), tensor(new long[] { 2, 0 }));
        Assert.Equal(new float[] { 5, 0, 0, 1, 6, 1, 0, 0 }, output.data<float>().ToArray());
    }

    [Fact]
    public void ConcatLabelsAppendsConstantMapsToFeatureMaps()
    {
        using var scope = NewDisposeScope();
        using var layer = new ConcatLabels(2);
        var output = layer.forward(zeros(1, 1, 2, 2), tensor(new long[] { 1 }));
        Assert.Equal(new long[] { 1, 3, 2, 2 }, output.shape);
        Assert.Equal(new float[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1 }, output.contiguous().data<float>().ToArray());
    }

    /// <summary>The layout that keeps oneDNN from reading stale memory (see <see cref="ConcatLabels"/>).</summary>
    [Fact]
    public void ConcatLabelsHandsFeatureMapsOnChannelsLast()
    {
        using var scope = NewDisposeScope();
        using var layer = new ConcatLabels(10);
        var output = layer.forward(randn(2, 64, 14, 14), tensor(new long[] { 3, 7 }));
        Assert.Equal(new long[] { 2, 74, 14, 14 }, output.shape);
        Assert.Equal(new long[] { 74 * 14 * 14, 1, 14 * 74, 74 }, output.stride());
    }

    [Fact]
    public void GlobalSumPoolSumsEachChannelOverHeightAndWidth()
    {
        using var scope = NewDisposeScope();
        using var layer = new GlobalSumPool();

        // Sample 0: channel 0 holds 0..5, channel 1 holds 6..11; sample 1 holds 12..23.
        var output = layer.forward(arange(24, dtype: ScalarType.Float32).reshape(2, 2, 2, 3));

        // 0+1+...+5 = 15, 6+...+11 = 51, 12+...+17 = 87, 18+...+23 = 123.
        Assert.Equal(new long[] { 2, 2 }, output.shape);
        Assert.Equal(new float[] { 15, 51, 87, 123 }, output.data<float>().ToArray());
        Assert.Empty(layer.parameters());
    }

    /// <summary>TorchSharp 0.107's own GroupNorm starts from uninitialized memory; PyTorch's starts at scale 1, shift 0.</summary>
    [Fact]
    public void GroupNormStartsAsPyTorchsAndTakesVectors()
    {
        using var scope = NewDisposeScope();
        using var layer = new GroupNorm(num_groups: 2, num_channels: 4, eps: 1e-5, affine: true);
        var parameters = layer.named_parameters().ToArray();
        Assert.Equal(new[] { "weight", "bias" }, parameters.Select(p => p.name));
        Assert.Equal(new float[] { 1, 1, 1, 1 }, parameters[0].parameter.data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0, 0, 0 }, parameters[1].parameter.data<float>().ToArray());

        // Groups {1, 3} (mean 2, variance 1) and {5, 9} (mean 7, variance 4): each becomes -1, 1, less eps's share.
        var output = layer.forward(tensor(new float[] { 1, 3, 5, 9 }, new long[] { 1, 4 })).data<float>().ToArray();
        var (one, two) = (1 / System.MathF.Sqrt(1 + 1e-5f), 2 / System.MathF.Sqrt(4 + 1e-5f));
        var expected = new[] { -one, one, -two, two };
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], output[i], 5);
        }
    }

    [Fact]
    public void DropoutZeroesAShareOfPAndScalesTheRestByOneOverOneMinusP()
    {
        using var scope = NewDisposeScope();
        using var layer = new Dropout(0.3);
        layer.train();
        var x = ones(400_000).requires_grad_(true);

        var output = layer.forward(x);
        output.sum().backward();

        var values = output.detach().data<float>().ToArray();
        var kept = (float)(1 / 0.7);
        Assert.All(values, v => Assert.True(v == 0 || v == kept, $"{v} is neither 0 nor 1/0.7"));

        // 400,000 Bernoulli(0.3) draws: the share of zeros has standard deviation 0.00072, so 0.004 is 5.5 of them.
        Assert.InRange(values.Count(v => v == 0) / 400_000.0, 0.296, 0.304);

        // The gradient is the mask over 1 - p, which on ones is the output itself.
        Assert.Equal(values, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void DropoutPassesItsInputInEvalModeAndAtPZero()
    {
        using var scope = NewDisposeScope();
        var x = randn(3, 4, 5);
        using var off = new Dropout(0.5);
        off.eval();
        using var zero = new Dropout(0);
        zero.train();

        Assert.Equal(x.data<float>().ToArray(), off.forward(x).data<float>().ToArray());
        Assert.Equal(x.data<float>().ToArray(), zero.forward(x).data<float>().ToArray());
    }

    /// <summary>Under bf16-mixed the mask is drawn in float32, so the keep rate is 1 - p, not 1 - p rounded to bfloat16.</summary>
    [Fact]
    public void DropoutKeepsBFloat16InputsInBFloat16()
    {
        using var scope = NewDisposeScope();
        using var layer = new Dropout(0.3);
        layer.train();

        var output = layer.forward(ones(400_000, dtype: ScalarType.BFloat16));

        Assert.Equal(ScalarType.BFloat16, output.dtype);
        Assert.InRange(output.eq(0).sum().item<long>() / 400_000.0, 0.296, 0.304);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void DropoutRefusesAProbabilityOutsideZeroToOne(double p)
    {
        var error = Assert.Throws<System.ArgumentOutOfRangeException>(() => new Dropout(p));
        Assert.StartsWith("Dropout's p must be in [0, 1).", error.Message);
    }

    [Fact]
    public void ReshapeKeepsTheBatch()
    {
        using var scope = NewDisposeScope();
        using var layer = new Reshape(new long[] { 2, 3 });
        Assert.Equal(new long[] { 4, 2, 3 }, layer.forward(zeros(4, 6)).shape);
    }

    [Fact]
    public void MinibatchDiscriminationSumsExpOfNegativeL1Distances()
    {
        using var scope = NewDisposeScope();
        using var layer = new MinibatchDiscrimination(in_features: 1, num_kernels: 1, kernel_dim: 2, bias: false);
        using (no_grad())
        {
            // T maps x to (x, 2x): the L1 distance between samples a and b is 3|a - b|.
            layer.parameters().Single().copy_(tensor(new float[] { 1, 2 }, new long[] { 1, 2 }));
        }

        var output = layer.forward(tensor(new float[] { 0, 1, 1 }, new long[] { 3, 1 }));

        // Sample 0: exp(0) + 2 exp(-3); samples 1 and 2: exp(-3) + 2 exp(0).
        var e3 = System.MathF.Exp(-3);
        var expected = new[] { 0f, 1 + (2 * e3), 1f, e3 + 2, 1f, e3 + 2 };
        var actual = output.data<float>().ToArray();
        Assert.Equal(new long[] { 3, 2 }, output.shape);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    [Fact]
    public void MinibatchDiscriminationBiasIsAParameterWhenAsked()
    {
        using var withBias = new MinibatchDiscrimination(8, 5, 3, bias: true);
        using var without = new MinibatchDiscrimination(8, 5, 3, bias: false);
        Assert.Equal(8 * 15 + 15, withBias.parameters().Sum(p => p.numel()));
        Assert.Equal(8 * 15, without.parameters().Sum(p => p.numel()));
    }
}
