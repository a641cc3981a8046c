using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// <c>spectral_norm(nn.Linear(...))</c>: a linear layer whose weight is spectrally normalized, as the YAML's
/// <c>Linear: { spectral_norm: true }</c> builds it. State-dict names: <c>bias</c>, <c>weight_orig</c>,
/// <c>weight_u</c>, <c>weight_v</c>.
/// </summary>
public sealed class SpectralNormLinear : SpectralNormLayer
{
    /// <summary>Creates the layer; the arguments are named as TorchSharp's <c>nn.Linear</c> factory names them.</summary>
    public SpectralNormLinear(long inputSize, long outputSize, bool hasBias)
        : base(nameof(SpectralNormLinear), new[] { outputSize, inputSize }, outputSize, hasBias, dim: 0)
    {
    }

    private protected override Tensor Apply(Tensor input, Tensor weight, Tensor? bias) =>
        nn.functional.linear(input, weight, bias);
}
