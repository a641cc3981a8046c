using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// <c>spectral_norm(nn.ConvTranspose2d(...))</c>: a transposed convolution whose weight is spectrally
/// normalized over its output channels (dimension 1 of the weight, as PyTorch does), as the YAML's
/// <c>ConvTranspose2d: { spectral_norm: true }</c> builds it. State-dict names: <c>bias</c>,
/// <c>weight_orig</c>, <c>weight_u</c>, <c>weight_v</c>.
/// </summary>
public sealed class SpectralNormConvTranspose2d : SpectralNormLayer
{
    private readonly long[] stride;
    private readonly long[] padding;
    private readonly long[] outputPadding;
    private readonly long[] dilation;
    private readonly long groups;

    /// <summary>Creates the layer; the arguments are named as TorchSharp's <c>nn.ConvTranspose2d</c> factory names them.</summary>
    public SpectralNormConvTranspose2d(
        long in_channels,
        long out_channels,
        (long, long) kernel_size,
        (long, long) stride,
        (long, long) padding,
        (long, long) output_padding,
        (long, long) dilation,
        long groups,
        bool bias)
        : base(nameof(SpectralNormConvTranspose2d), new[] { in_channels, out_channels / groups, kernel_size.Item1, kernel_size.Item2 }, out_channels, bias, dim: 1)
    {
        this.stride = new[] { stride.Item1, stride.Item2 };
        this.padding = new[] { padding.Item1, padding.Item2 };
        outputPadding = new[] { output_padding.Item1, output_padding.Item2 };
        this.dilation = new[] { dilation.Item1, dilation.Item2 };
        this.groups = groups;
    }

    private protected override Tensor Apply(Tensor input, Tensor weight, Tensor? bias) =>
        nn.functional.conv_transpose2d(input, weight, bias, stride, padding, outputPadding, dilation, groups);
}
