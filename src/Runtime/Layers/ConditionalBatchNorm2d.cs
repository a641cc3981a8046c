using TorchSharp;

namespace GanGen.Runtime.Layers;

/// <summary>Conditional batch normalization of feature maps <c>[batch, C, H, W]</c>: <c>BatchNorm2d</c> without affine parameters, then a per-class scale and shift.</summary>
public sealed class ConditionalBatchNorm2d : ConditionalBatchNorm
{
    /// <summary>Creates the layer; <paramref name="eps"/> and <paramref name="momentum"/> are BatchNorm2d's.</summary>
    public ConditionalBatchNorm2d(long num_features, long num_classes, double eps, double momentum)
        : base(nameof(ConditionalBatchNorm2d), torch.nn.BatchNorm2d(num_features, eps, momentum, affine: false), num_features, num_classes)
    {
    }
}
