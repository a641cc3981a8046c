using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>Reshapes each sample to a fixed shape, keeping the batch dimension (<c>x.view(batch, *shape)</c>).</summary>
public sealed class Reshape : nn.Module<Tensor, Tensor>
{
    private readonly long[] shape;

    /// <summary>Creates the layer.</summary>
    /// <param name="shape">The per-sample target shape; the spec engine has already checked its element count.</param>
    public Reshape(long[] shape)
        : base(nameof(Reshape)) => this.shape = (long[])shape.Clone();

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.reshape(shape.Prepend(input.shape[0]).ToArray());
}
