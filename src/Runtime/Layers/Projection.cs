using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// The projection discriminator's head (Miyato and Koyama 2018), as BigGAN-PyTorch's discriminator ends:
/// <c>linear(h) + sum(embed(y) * h)</c>, an unconditional score plus the inner product of the features with
/// a learned embedding of the class. State-dict names: <c>linear.weight</c>, <c>linear.bias</c>,
/// <c>embed.weight</c>; with a spectrally normalized linear, <c>linear.weight_orig</c>, <c>linear.weight_u</c>,
/// <c>linear.weight_v</c> in place of <c>linear.weight</c>. The embedding stays unnormalized.
/// </summary>
public sealed class Projection : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> linear;
    private readonly Embedding embed;

    /// <summary>Creates the head for features of size <paramref name="in_features"/> and <paramref name="num_classes"/> classes.</summary>
    /// <param name="in_features">The size of the features h.</param>
    /// <param name="num_classes">The number of classes.</param>
    /// <param name="spectral_norm">Whether the linear score is spectrally normalized.</param>
    public Projection(long in_features, long num_classes, bool spectral_norm = false)
        : base(nameof(Projection))
    {
        linear = spectral_norm ? new SpectralNormLinear(in_features, 1, hasBias: true) : nn.Linear(in_features, 1);
        embed = nn.Embedding(num_classes, in_features);

        // In PyTorch's order (registration order of __init__), rather than the order reflection finds fields in.
        register_module("linear", linear);
        register_module("embed", embed);
    }

    /// <summary>Scores each sample: <c>[batch, 1]</c>.</summary>
    /// <param name="input">Features h, <c>[batch, C]</c>.</param>
    /// <param name="labels">Class indices y, int64 <c>[batch]</c>.</param>
    public override Tensor forward(Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        return (linear.call(input) + (embed.call(labels) * input).sum(1, keepdim: true)).MoveToOuterDisposeScope();
    }
}
