using System;
using System.Collections.Generic;
using GanGen.Spec.Layers;

namespace GanGen.Runtime.Export;

/// <summary>
/// The ONNX converter of each layer kind of the vocabulary: adds the layer's nodes to the graph and returns
/// the name of its output. A new layer kind needs its converter here, or export stops with an error that
/// names it (<c>LayerConverterTests</c> checks that every kind of the catalog has one).
/// </summary>
internal static class LayerConverters
{
    private static readonly Dictionary<string, Func<LayerExport, string>> Converters = new(StringComparer.Ordinal)
    {
        [LayerNames.Linear] = DenseExport.Linear,
        [LayerNames.MinibatchDiscrimination] = DenseExport.MinibatchDiscrimination,
        [LayerNames.ConcatLabels] = DenseExport.ConcatLabels,
        [LayerNames.Conv2d] = ConvolutionExport.Conv2d,
        [LayerNames.ConvTranspose2d] = ConvolutionExport.ConvTranspose2d,
        [LayerNames.ZeroPad2d] = ConvolutionExport.ZeroPad2d,
        [LayerNames.BatchNorm1d] = NormalizationExport.BatchNorm,
        [LayerNames.BatchNorm2d] = NormalizationExport.BatchNorm,
        [LayerNames.InstanceNorm2d] = NormalizationExport.InstanceNorm2d,
        [LayerNames.GroupNorm] = NormalizationExport.GroupNorm,
        [LayerNames.LayerNorm] = NormalizationExport.LayerNorm,
        [LayerNames.ConditionalBatchNorm1d] = NormalizationExport.ConditionalBatchNorm,
        [LayerNames.ConditionalBatchNorm2d] = NormalizationExport.ConditionalBatchNorm,
        [LayerNames.ReLU] = ActivationExport.ReLU,
        [LayerNames.LeakyReLU] = ActivationExport.LeakyReLU,
        [LayerNames.Tanh] = ActivationExport.Tanh,
        [LayerNames.Sigmoid] = ActivationExport.Sigmoid,
        [LayerNames.Softplus] = ActivationExport.Softplus,
        [LayerNames.Softmax] = ActivationExport.Softmax,
        [LayerNames.LogSoftmax] = ActivationExport.LogSoftmax,
        [LayerNames.Dropout] = ActivationExport.PassThrough,
        [LayerNames.Identity] = ActivationExport.PassThrough,
        [LayerNames.GELU] = ActivationExport.GELU,
        [LayerNames.SiLU] = ActivationExport.SiLU,
        [LayerNames.ELU] = ActivationExport.ELU,
        [LayerNames.MaxPool2d] = PoolingExport.MaxPool2d,
        [LayerNames.AvgPool2d] = PoolingExport.AvgPool2d,
        [LayerNames.AdaptiveAvgPool2d] = PoolingExport.AdaptiveAvgPool2d,
        [LayerNames.GlobalSumPool] = PoolingExport.GlobalSumPool,
        [LayerNames.Upsample] = PoolingExport.Upsample,
        [LayerNames.PixelShuffle] = ReshapeExport.PixelShuffle,
        [LayerNames.Flatten] = ReshapeExport.ToOutputShape,
        [LayerNames.Reshape] = ReshapeExport.ToOutputShape,
        [LayerNames.SelfAttention] = GanLayerExport.SelfAttention,
        [LayerNames.Projection] = GanLayerExport.Projection,
    };

    /// <summary>The layer kinds that can be exported.</summary>
    public static IEnumerable<string> Kinds => Converters.Keys;

    /// <summary>The converter of a layer kind, or <c>null</c> when there is none.</summary>
    public static Func<LayerExport, string>? Find(string kind) => Converters.TryGetValue(kind, out var converter) ? converter : null;
}
