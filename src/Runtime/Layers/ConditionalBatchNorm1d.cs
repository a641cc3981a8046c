using TorchSharp;

namespace GanGen.Runtime.Layers;

/// <summary>Conditional batch normalization of features <c>[batch, C]</c>: <c>BatchNorm1d</c> without affine parameters, then a per-class scale and shift.</summary>
public sealed class ConditionalBatchNorm1d : ConditionalBatchNorm
{
    /// <summary>Creates the layer; <paramref name="eps"/> and <paramref name="momentum"/> are BatchNorm1d's.</summary>
    public ConditionalBatchNorm1d(long num_features, long num_classes, double eps, double momentum)
        : base(nameof(ConditionalBatchNorm1d), torch.nn.BatchNorm1d(num_features, eps, momentum, affine: false), num_features, num_classes)
    {
    }
}
