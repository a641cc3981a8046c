using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// <c>spectral_norm(nn.Conv2d(...))</c>: a convolution whose weight is spectrally normalized, as the YAML's
/// <c>Conv2d: { spectral_norm: true }</c> builds it. State-dict names: <c>bias</c>, <c>weight_orig</c>,
/// <c>weight_u</c>, <c>weight_v</c>.
/// </summary>
public sealed class SpectralNormConv2d : SpectralNormLayer
{
    private readonly long[] stride;
    private readonly long[] padding;
    private readonly long[] dilation;
    private readonly long groups;

    /// <summary>Creates the layer; the arguments are named as TorchSharp's <c>nn.Conv2d</c> factory names them.</summary>
    public SpectralNormConv2d(
        long in_channels,
        long out_channels,
        (long, long) kernel_size,
        (long, long) stride,
        (long, long) padding,
        (long, long) dilation,
        long groups,
        bool bias)
        : base(nameof(SpectralNormConv2d), new[] { out_channels, in_channels / groups, kernel_size.Item1, kernel_size.Item2 }, out_channels, bias, dim: 0)
    {
        this.stride = new[] { stride.Item1, stride.Item2 };
        this.padding = new[] { padding.Item1, padding.Item2 };
        this.dilation = new[] { dilation.Item1, dilation.Item2 };
        this.groups = groups;
    }

    private protected override Tensor Apply(Tensor input, Tensor weight, Tensor? bias) =>
        nn.functional.conv2d(input, weight, bias, stride, padding, dilation, groups);
}
