using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Layers;
using TorchSharp;
using Xunit;
using static GanGen.Runtime.Tests.ReferenceValues;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// GanGen's spectrally normalized Linear, Conv2d and ConvTranspose2d against PyTorch's
/// <c>torch.nn.utils.spectral_norm</c> (<see cref="GanLayerReference"/>, written by
/// bench/pytorch/gan_layers_reference.py): names, one power iteration per training forward, none in
/// eval mode, gradients, saving, and the initial u and v under a seed.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class SpectralNormTests
{
    public static TheoryData<string> Kinds => new() { "Linear", "Conv2d", "ConvTranspose2d" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void NamesAndShapesArePyTorchs(string kind)
    {
        using var scope = NewDisposeScope();
        using var layer = Create(kind);

        var (weight, rows, columns) = kind switch
        {
            "Linear" => ("[3,4]", 3, 4),
            "Conv2d" => ("[3,2,2,2]", 3, 8),
            _ => ("[2,3,2,2]", 3, 8), // dimension 1, the output channels, is the matrix's rows
        };
        Assert.Equal(new[] { "bias [3]", $"weight_orig {weight}", $"weight_u [{rows}]", $"weight_v [{columns}]" }, layer.state_dict().Select(p => $"{p.Key} [{string.Join(",", p.Value.shape)}]"));
        Assert.Equal(new[] { "bias", "weight_orig" }, layer.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "weight_u", "weight_v" }, layer.named_buffers().Select(b => b.name));
        Assert.All(layer.buffers(), b => Assert.False(b.requires_grad));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void OnePowerIterationPerTrainingForwardAsPyTorch(string kind)
    {
        using var scope = NewDisposeScope();
        using var layer = Create(kind);
        var (input, rows) = Prepare(layer, kind);
        var (u, v) = (State(layer, "weight_u").clone(), State(layer, "weight_v").clone());

        layer.eval();
        Close(Reference(kind, "EvalFirst"), layer.forward(input));
        Assert.True(State(layer, "weight_u").eq(u).all().item<bool>() && State(layer, "weight_v").eq(v).all().item<bool>(), "eval mode must not change u or v");

        layer.train();
        var output = layer.forward(input);
        Close(Reference(kind, "Training"), output);
        Close(Reference(kind, "U"), State(layer, "weight_u"));
        Close(Reference(kind, "V"), State(layer, "weight_v"));
        var weight = State(layer, "weight_orig");
        var matrix = (kind == "ConvTranspose2d" ? weight.transpose(0, 1) : weight).reshape(rows, -1);
        var sigma = dot(State(layer, "weight_u"), mv(matrix, State(layer, "weight_v")));
        Assert.Equal(ReferenceSigma(kind), sigma.item<float>(), 5);
        Close(Reference(kind, "Weight"), weight / sigma);

        output.sum().backward();
        Close(Reference(kind, "Gradient"), weight.grad!);

        (u, v) = (State(layer, "weight_u").clone(), State(layer, "weight_v").clone());
        layer.eval();
        Close(Reference(kind, "Eval"), layer.forward(input));
        Assert.True(State(layer, "weight_u").eq(u).all().item<bool>() && State(layer, "weight_v").eq(v).all().item<bool>(), "eval mode must not change u or v");
    }

    [Fact]
    public void StartsFromTheSameDrawsAsPyTorch()
    {
        // TorchSharp and PyTorch share libtorch's generator: spectral_norm(nn.Linear(4, 3)) after
        // manual_seed(3) draws the weight, the bias, then u and v.
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var linear = new SpectralNormLinear(4, 3, hasBias: true);
        Close(GanLayerReference.SeededLinearWeightOrig, State(linear, "weight_orig"), 1e-7);
        Close(GanLayerReference.SeededLinearBias, State(linear, "bias"), 1e-7);
        Close(GanLayerReference.SeededLinearWeightU, State(linear, "weight_u"), 1e-6);
        Close(GanLayerReference.SeededLinearWeightV, State(linear, "weight_v"), 1e-6);

        manual_seed(3);
        using var transposed = new SpectralNormConvTranspose2d(2, 3, (2, 2), (1, 1), (0, 0), (0, 0), (1, 1), 1, bias: true);
        Close(GanLayerReference.SeededConvTranspose2dWeightOrig, State(transposed, "weight_orig"), 1e-7);
        Close(GanLayerReference.SeededConvTranspose2dBias, State(transposed, "bias"), 1e-7);
        Close(GanLayerReference.SeededConvTranspose2dWeightU, State(transposed, "weight_u"), 1e-6);
        Close(GanLayerReference.SeededConvTranspose2dWeightV, State(transposed, "weight_v"), 1e-6);
    }

    [Fact]
    public void StartsWhereThePlainLayerStarts()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var plain = nn.Conv2d(3, 4, (3, 3), groups: 1, bias: true);
        manual_seed(5);
        using var normalized = new SpectralNormConv2d(3, 4, (3, 3), (1, 1), (0, 0), (1, 1), 1, bias: true);
        Assert.True(plain.weight!.eq(State(normalized, "weight_orig")).all().item<bool>());
        Assert.True(plain.bias!.eq(State(normalized, "bias")).all().item<bool>());
    }

    [Fact]
    public void UAndVSurviveSavingAndLoading()
    {
        using var scope = NewDisposeScope();
        using var trained = new SpectralNormConv2d(2, 4, (3, 3), (1, 1), (1, 1), (1, 1), 1, bias: false);
        var input = randn(3, 2, 5, 5);
        for (var i = 0; i < 3; i++)
        {
            trained.forward(input);
        }

        using var stream = new MemoryStream();
        trained.save(new BinaryWriter(stream));
        stream.Position = 0;
        using var loaded = new SpectralNormConv2d(2, 4, (3, 3), (1, 1), (1, 1), (1, 1), 1, bias: false);
        loaded.load(new BinaryReader(stream));

        foreach (var key in new[] { "weight_orig", "weight_u", "weight_v" })
        {
            Assert.True(State(loaded, key).eq(State(trained, key)).all().item<bool>(), $"{key} differs after loading");
        }

        trained.eval();
        loaded.eval();
        Assert.True(loaded.forward(input).eq(trained.forward(input)).all().item<bool>());
    }

    [Fact]
    public void TwoForwardsBeforeOneBackward()
    {
        // A discriminator's step sees the real batch, then the fake one, then one backward: the second
        // forward's in-place update of u and v must not disturb the first one's graph.
        using var scope = NewDisposeScope();
        using var layer = new SpectralNormLinear(6, 2, hasBias: true);
        var loss = layer.forward(randn(4, 6)).sum() - layer.forward(randn(4, 6)).sum();
        loss.backward();
        Assert.True(State(layer, "weight_orig").grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void MovingToAnotherDtypeKeepsTheLayerWorking()
    {
        // TorchSharp replaces parameters and buffers when converting, and finds the fields by PyTorch's names.
        using var scope = NewDisposeScope();
        using var layer = new SpectralNormLinear(3, 2, hasBias: true);
        layer.to(ScalarType.Float64);
        var output = layer.forward(randn(2, 3, dtype: ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, output.dtype);
        Assert.All(layer.state_dict().Values, t => Assert.Equal(ScalarType.Float64, t.dtype));
    }

    private static SpectralNormLayer Create(string kind) => kind switch
    {
        "Linear" => new SpectralNormLinear(4, 3, hasBias: true),
        "Conv2d" => new SpectralNormConv2d(2, 3, (2, 2), (1, 1), (0, 0), (1, 1), 1, bias: true),
        _ => new SpectralNormConvTranspose2d(2, 3, (2, 2), (1, 1), (0, 0), (0, 0), (1, 1), 1, bias: true),
    };

    /// <summary>Sets the script's weight, bias, u and v; returns its input and the weight matrix's row count.</summary>
    private static (Tensor Input, long Rows) Prepare(nn.Module layer, string kind)
    {
        long[] weightShape = kind switch { "Linear" => [3, 4], "Conv2d" => [3, 2, 2, 2], _ => [2, 3, 2, 2] };
        long[] inputShape = kind == "Linear" ? [2, 4] : [1, 2, 3, 3];
        var (rows, columns) = (State(layer, "weight_u").shape[0], State(layer, "weight_v").shape[0]);
        Set(layer, "weight_orig", Fixed(weightShape, 3, 1));
        Set(layer, "bias", Fixed([3], 5, 2));
        Set(layer, "weight_u", nn.functional.normalize(Fixed([rows], 5, 3), dim: 0));
        Set(layer, "weight_v", nn.functional.normalize(Fixed([columns], 7, 4), dim: 0));
        return (Fixed(inputShape, 7, 5), rows);
    }

    private static float[] Reference(string kind, string what) =>
        (float[])typeof(GanLayerReference).GetField($"SpectralNorm{kind}{what}")!.GetValue(null)!;

    private static float ReferenceSigma(string kind) =>
        (float)typeof(GanLayerReference).GetField($"SpectralNorm{kind}Sigma")!.GetValue(null)!;
}
