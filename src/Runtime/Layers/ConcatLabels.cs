using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// Concatenates the one-hot encoding of the class labels to the features: to <c>[batch, F]</c> it
/// appends K columns; to <c>[batch, C, H, W]</c> it appends K constant feature maps (the seeds'
/// <c>conv_cond_concat</c>).
/// </summary>
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
        if (input.dim() == 4)
        {
            oneHot = oneHot.view(input.shape[0], classes, 1, 1).expand(input.shape[0], classes, input.shape[2], input.shape[3]);
        }

        return cat(new[] { input, oneHot }, 1).MoveToOuterDisposeScope();
    }
}
