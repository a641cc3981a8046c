using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// Conditional batch normalization (de Vries et al. 2017): batch normalization without affine parameters
/// (<c>bn</c>), then a per-class scale and shift read from an embedding (<c>embed</c>, K x 2C: scales in the
/// first C columns, starting at 1, shifts in the last C, starting at 0), the form of the widely used
/// PyTorch <c>ConditionalBatchNorm2d</c>. State-dict names: <c>bn.running_mean</c>, <c>bn.running_var</c>,
/// <c>bn.num_batches_tracked</c>, <c>embed.weight</c>.
/// </summary>
public abstract class ConditionalBatchNorm : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly long features;
    private readonly nn.Module<Tensor, Tensor> bn;
    private readonly Embedding embed;

    private protected ConditionalBatchNorm(string name, nn.Module<Tensor, Tensor> bn, long num_features, long num_classes)
        : base(name)
    {
        features = num_features;
        this.bn = bn;
        embed = nn.Embedding(num_classes, 2 * num_features);
        using (no_grad())
        {
            using var scales = embed.weight!.narrow(1, 0, num_features);
            using var shifts = embed.weight!.narrow(1, num_features, num_features);
            scales.fill_(1);
            shifts.zero_();
        }

        // In PyTorch's order (registration order of __init__), rather than the order reflection finds fields in.
        register_module("bn", bn);
        register_module("embed", embed);
    }

    /// <summary>Normalizes the batch, then scales and shifts each sample by its class's values.</summary>
    /// <param name="input">Features <c>[batch, C]</c> or feature maps <c>[batch, C, H, W]</c>.</param>
    /// <param name="labels">Class indices, int64 <c>[batch]</c>.</param>
    public override Tensor forward(Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var perClass = embed.call(labels).chunk(2, 1);

        // [batch, C] broadcast over the remaining dimensions: [batch, C, 1, 1] for feature maps.
        var shape = new long[] { -1, features }.Concat(Enumerable.Repeat(1L, (int)input.dim() - 2)).ToArray();
        return ((bn.call(input) * perClass[0].view(shape)) + perClass[1].view(shape)).MoveToOuterDisposeScope();
    }
}
