using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// Sums each channel over its H×W positions: <c>[batch, C, H, W]</c> to <c>[batch, C]</c>, the
/// <c>torch.sum(h, [2, 3])</c> that ends the SNGAN and BigGAN discriminators. TorchSharp has no such module.
/// </summary>
public sealed class GlobalSumPool : nn.Module<Tensor, Tensor>
{
    private static readonly long[] Spatial = { 2, 3 };

    /// <summary>Creates the layer; it has no parameters.</summary>
    public GlobalSumPool()
        : base(nameof(GlobalSumPool))
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.sum(Spatial);
}
