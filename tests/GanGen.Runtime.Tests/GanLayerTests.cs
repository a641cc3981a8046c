using System;
using System.Linq;
using GanGen.Runtime.Layers;
using Xunit;
using static GanGen.Runtime.Tests.ReferenceValues;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// SelfAttention, ConditionalBatchNorm1d/2d and Projection against PyTorch (<see cref="GanLayerReference"/>,
/// written by bench/pytorch/gan_layers_reference.py), and their state-dict names and starting values.
/// </summary>
public sealed class GanLayerTests
{
    [Fact]
    public void SelfAttentionMatchesBigGanPyTorch()
    {
        using var scope = NewDisposeScope();
        using var layer = new SelfAttention(8);
        Set(layer, "theta.weight", Fixed([1, 8, 1, 1], 3, 1));
        Set(layer, "phi.weight", Fixed([1, 8, 1, 1], 5, 2));
        Set(layer, "g.weight", Fixed([4, 8, 1, 1], 7, 3));
        Set(layer, "o.weight", Fixed([8, 4, 1, 1], 2, 4));
        Set(layer, "gamma", tensor(0.75f));

        Close(GanLayerReference.SelfAttentionOutput, layer.forward(Fixed([2, 8, 2, 4], 11, 5)));
    }

    [Fact]
    public void SelfAttentionHasBigGansParametersAndStartsAsTheIdentity()
    {
        using var scope = NewDisposeScope();
        using var layer = new SelfAttention(16);

        Assert.Equal(
            new[] { "g.weight [8,16,1,1]", "gamma []", "o.weight [16,8,1,1]", "phi.weight [2,16,1,1]", "theta.weight [2,16,1,1]" },
            layer.named_parameters().Select(p => $"{p.name} [{string.Join(",", p.parameter.shape)}]").Order(StringComparer.Ordinal));
        Assert.Equal((1.25 * 16 * 16) + 1, layer.parameters().Sum(p => p.numel()));
        var input = randn(2, 16, 4, 6);
        Assert.True(layer.forward(input).eq(input).all().item<bool>(), "with gamma 0 the output is the input");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ConditionalBatchNormMatchesPyTorch(bool spatial)
    {
        using var scope = NewDisposeScope();
        using ConditionalBatchNorm layer = spatial ? new ConditionalBatchNorm2d(3, 4, 1e-5, 0.1) : new ConditionalBatchNorm1d(3, 4, 1e-5, 0.1);
        Set(layer, "embed.weight", Fixed([4, 6], 3, 2) + cat([ones(4, 3), zeros(4, 3)], 1));
        var input = spatial ? Fixed([4, 3, 2, 2], 5, 1) : Fixed([4, 3], 7, 1);
        var labels = tensor(new long[] { 2, 0, 3, 2 });

        Close(spatial ? GanLayerReference.ConditionalBatchNorm2dTraining : GanLayerReference.ConditionalBatchNorm1dTraining, layer.forward(input, labels));
        Close(spatial ? GanLayerReference.ConditionalBatchNorm2dRunningVar : GanLayerReference.ConditionalBatchNorm1dRunningVar, State(layer, "bn.running_var"));
        layer.eval();
        Close(spatial ? GanLayerReference.ConditionalBatchNorm2dEval : GanLayerReference.ConditionalBatchNorm1dEval, layer.forward(input, labels));
    }

    [Fact]
    public void ConditionalBatchNormStartsWithUnitScalesAndZeroShifts()
    {
        using var scope = NewDisposeScope();
        using var layer = new ConditionalBatchNorm2d(3, 5, 1e-5, 0.1);

        Assert.Equal(new[] { "bn.num_batches_tracked", "bn.running_mean", "bn.running_var", "embed.weight" }, layer.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2 * 5 * 3, layer.parameters().Sum(p => p.numel()));
        var embedding = State(layer, "embed.weight");
        Assert.True(embedding.narrow(1, 0, 3).eq(1).all().item<bool>(), "scales start at 1");
        Assert.True(embedding.narrow(1, 3, 3).eq(0).all().item<bool>(), "shifts start at 0");

        // With unit scales and zero shifts the layer is plain batch normalization.
        var input = randn(6, 3, 2, 2);
        var expected = nn.functional.batch_norm(input, zeros(3), ones(3), training: true);
        Assert.True(layer.forward(input, tensor(new long[] { 0, 1, 2, 3, 4, 0 })).allclose(expected, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ProjectionMatchesPyTorch()
    {
        using var scope = NewDisposeScope();
        using var layer = new Projection(5, 3);
        Assert.Equal(new[] { "embed.weight", "linear.bias", "linear.weight" }, layer.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5 + 1 + (3 * 5), layer.parameters().Sum(p => p.numel()));
        Set(layer, "linear.weight", Fixed([1, 5], 3, 1));
        Set(layer, "linear.bias", tensor(new[] { 0.25f }));
        Set(layer, "embed.weight", Fixed([3, 5], 5, 2));

        var output = layer.forward(Fixed([4, 5], 7, 3), tensor(new long[] { 0, 2, 1, 2 }));
        Assert.Equal(new long[] { 4, 1 }, output.shape);
        Close(GanLayerReference.ProjectionOutput, output);
    }
}
