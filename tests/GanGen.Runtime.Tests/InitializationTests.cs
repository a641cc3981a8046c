using System;
using System.Linq;
using GanGen.Runtime.Layers;
using GanGen.Runtime.Runs;
using GanGen.Spec.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary><c>init:</c> as the runtime applies it: which tensors are redrawn, from what, and which are left alone.</summary>
[Collection(SeededTraining.Name)]
public sealed class InitializationTests
{
    private static nn.Module<Tensor, Tensor> Network() => nn.Sequential(
        ("linear", nn.Linear(100, 200)),
        ("conv", nn.Conv2d(20, 40, 5)),
        ("deconv", nn.ConvTranspose2d(40, 20, 5)),
        ("norm", nn.BatchNorm2d(4000)),
        ("minibatch", new MinibatchDiscrimination(100, 5, 3, bias: true)));

    private static Tensor Parameter(nn.Module<Tensor, Tensor> network, string name) =>
        network.named_parameters().Single(p => p.name == name).parameter;

    [Fact]
    public void NormalRedrawsLinearAndConvolutionWeightsAroundZeroAndNormScalesAroundOne()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var network = Network();
        var minibatchBefore = Parameter(network, "minibatch.weight").clone();

        TrainingParts.Initialize(network, new InitSettings(InitKind.Normal, 0.5));

        // 20,000 to 40,000 draws each: the sample mean is within 0.02 and the std within 0.01 of N(0, 0.5²).
        foreach (var name in new[] { "linear.weight", "conv.weight", "deconv.weight" })
        {
            var weight = Parameter(network, name);
            Assert.True(Math.Abs(weight.mean().item<float>()) < 0.02, $"{name} mean {weight.mean().item<float>()}");
            Assert.Equal(0.5, weight.std().item<float>(), 0.01);
        }

        foreach (var name in new[] { "linear.bias", "conv.bias", "deconv.bias", "norm.bias" })
        {
            Assert.Equal(0f, Parameter(network, name).abs().max().item<float>());
        }

        var scale = Parameter(network, "norm.weight");
        Assert.Equal(1.0, scale.mean().item<float>(), 0.03);
        Assert.Equal(0.5, scale.std().item<float>(), 0.03);

        // The seed draws minibatch discrimination's projection from N(0, 0.02²) whatever the rest uses.
        Assert.True(Parameter(network, "minibatch.weight").eq(minibatchBefore).all().item<bool>());
    }

    [Fact]
    public void NormalRedrawsSpectrallyNormalizedWeightsAndLeavesUAndV()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var network = nn.Sequential(("conv", new SpectralNormConv2d(20, 40, (5, 5), (1, 1), (0, 0), (1, 1), 1, bias: true)));
        var buffers = network.named_buffers().Select(b => b.buffer.clone()).ToArray();

        TrainingParts.Initialize(network, new InitSettings(InitKind.Normal, 0.5));

        var weight = Parameter(network, "conv.weight_orig");
        Assert.True(Math.Abs(weight.mean().item<float>()) < 0.02, $"mean {weight.mean().item<float>()}");
        Assert.Equal(0.5, weight.std().item<float>(), 0.01);
        Assert.Equal(0f, Parameter(network, "conv.bias").abs().max().item<float>());
        Assert.All(network.named_buffers().Zip(buffers), pair => Assert.True(pair.First.buffer.eq(pair.Second).all().item<bool>(), pair.First.name));
    }

    [Fact]
    public void PyTorchLeavesEveryParameterAsCreated()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var network = Network();
        var before = network.parameters().Select(p => p.clone()).ToArray();

        TrainingParts.Initialize(network, InitSettings.PyTorch);

        Assert.All(network.parameters().Zip(before), pair => Assert.True(pair.First.eq(pair.Second).all().item<bool>()));
    }

    [Fact]
    public void TheSameSeedDrawsTheSameWeights()
    {
        using var scope = NewDisposeScope();
        Tensor Draw()
        {
            manual_seed(7);
            var network = Network();
            TrainingParts.Initialize(network, new InitSettings(InitKind.Normal, 1));
            return Parameter(network, "linear.weight");
        }

        Assert.True(Draw().eq(Draw()).all().item<bool>());
    }
}
