using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// Concatenates the one-hot encoding of the class labels to the features: to <c>[batch, F]</c> it
/// appends K columns; to <c>[batch, C, H, W]</c> it appends K constant feature maps (the seeds'
/// <c>conv_cond_concat</c>).
/// </summary>
/// <remarks>
/// Feature maps come back in channels-last memory layout (the shape is still <c>[batch, C+K, H, W]</c>).
/// C+K is rarely a multiple of 16 (the conditional seeds have 64+10 = 74), and the oneDNN 3.7 inside
/// TorchSharp 0.107's libtorch, on AVX-512 CPUs, copies such an NCHW input into a channel-padded
/// block layout without clearing the padding: a convolution then multiplies stale memory by zero
/// weights and returns NaN whenever that memory held a NaN bit pattern, at random steps. A
/// channels-last input is convolved in place, with no padded copy.
/// </remarks>
public sealed class ConcatLabels : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly long classes;

    /// <summary>Creates the layer for <paramref name="classes"/> classes.</summary>
    public ConcatLabels(long classes)
        : base(nameof(ConcatLabels)) => this.classes = classes;

    /// <summary>Appends the labels' one-hot encoding.</summary>
    /// <param name="input">Features, <c>[batch, F]</c> or <c>[batch, C, H, W]</c>.</param>
    /// <param name="labels">Class indices, int64 <c>[batch]</c>.</param>
    public override Tensor forward(Tensor input, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var oneHot = nn.functional.one_hot(labels, classes).to(input.dtype);
        if (input.dim() != 4)
        {
            return cat(new[] { input, oneHot }, 1).MoveToOuterDisposeScope();
        }

        var (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var maps = oneHot.view(batch, 1, 1, classes).expand(batch, height, width, classes);
        return cat(new[] { input.permute(0, 2, 3, 1), maps }, 3).permute(0, 3, 1, 2).MoveToOuterDisposeScope();
    }
}
