using GanGen.Runtime.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// SAGAN self-attention (Zhang et al. 2019), as BigGAN-PyTorch's <c>layers.Attention</c>: bias-free 1x1
/// convolutions θ and φ (C → C/8) give queries and keys, g (C → C/2) values; keys and values are
/// max-pooled 2x2; each position's softmax-weighted sum of values goes through o (C/2 → C) and is added
/// to the input scaled by γ, which starts at 0 so the layer starts as the identity.
/// State-dict names: <c>theta.weight</c>, <c>phi.weight</c>, <c>g.weight</c>, <c>o.weight</c>, <c>gamma</c>;
/// spectrally normalized, as BigGAN's SNConv2d, each convolution's <c>weight_orig</c>, <c>weight_u</c>, <c>weight_v</c>.
/// </summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly long channels;
    private readonly nn.Module<Tensor, Tensor> theta;
    private readonly nn.Module<Tensor, Tensor> phi;
    private readonly nn.Module<Tensor, Tensor> g;
    private readonly nn.Module<Tensor, Tensor> o;
    private readonly Parameter gamma;

    /// <summary>Creates the layer for <paramref name="channels"/> input channels, a multiple of 8.</summary>
    /// <param name="channels">Input and output channels.</param>
    /// <param name="spectral_norm">Whether the four convolutions are spectrally normalized.</param>
    public SelfAttention(long channels, bool spectral_norm = false)
        : base(nameof(SelfAttention))
    {
        this.channels = channels;
        theta = Convolution(channels, channels / 8, spectral_norm);
        phi = Convolution(channels, channels / 8, spectral_norm);
        g = Convolution(channels, channels / 2, spectral_norm);
        o = Convolution(channels / 2, channels, spectral_norm);
        gamma = (Parameter)nn.Parameter(zeros(new long[0])).DetachFromDisposeScope();

        // In PyTorch's order (registration order of __init__), rather than the order reflection finds fields in.
        register_module("theta", theta);
        register_module("phi", phi);
        register_module("g", g);
        register_module("o", o);
        register_parameter("gamma", gamma);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var positions = height * width;
        var queries = MixedPrecision.Forward(theta, input).view(batch, channels / 8, positions);
        var keys = nn.functional.max_pool2d(MixedPrecision.Forward(phi, input), 2).view(batch, channels / 8, positions / 4);
        var values = nn.functional.max_pool2d(MixedPrecision.Forward(g, input), 2).view(batch, channels / 2, positions / 4);

        // Under bf16-mixed the products run in bfloat16 and the softmax over their logits in float32.
        var attention = MixedPrecision.Lower(nn.functional.softmax(MixedPrecision.Float32(bmm(queries.transpose(1, 2), keys)), -1));
        var attended = MixedPrecision.Forward(o, bmm(values, attention.transpose(1, 2)).view(batch, channels / 2, height, width));
        return ((gamma * attended) + input).MoveToOuterDisposeScope();
    }

    private static nn.Module<Tensor, Tensor> Convolution(long inputs, long outputs, bool spectralNorm) => spectralNorm
        ? new SpectralNormConv2d(inputs, outputs, (1, 1), (1, 1), (0, 0), (1, 1), 1, bias: false)
        : nn.Conv2d(inputs, outputs, 1, bias: false);
}
