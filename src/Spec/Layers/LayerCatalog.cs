using System;
using System.Collections.Generic;
using System.Linq;

namespace GanGen.Spec.Layers;

/// <summary>The layer vocabulary of the YAML language.</summary>
internal static class LayerCatalog
{
    private static readonly Dictionary<string, LayerDefinition> Definitions = new LayerDefinition[]
    {
        new LinearLayer(),
        new Conv2dLayer(),
        new ConvTranspose2dLayer(),
        BatchNormLayer.OneD,
        BatchNormLayer.TwoD,
        new InstanceNorm2dLayer(),
        new GroupNormLayer(),
        new LayerNormLayer(),
        ElementwiseLayer.ReLU,
        ElementwiseLayer.LeakyReLU,
        ElementwiseLayer.Tanh,
        ElementwiseLayer.Sigmoid,
        ElementwiseLayer.Softplus,
        SoftmaxLayer.Softmax,
        SoftmaxLayer.LogSoftmax,
        ElementwiseLayer.Dropout,
        ElementwiseLayer.Identity,
        ElementwiseLayer.GELU,
        ElementwiseLayer.SiLU,
        ElementwiseLayer.ELU,
        new MaxPool2dLayer(),
        new AvgPool2dLayer(),
        new AdaptiveAvgPool2dLayer(),
        new GlobalSumPoolLayer(),
        new UpsampleLayer(),
        new PixelShuffleLayer(),
        ZeroPad2dLayer.Instance,
        new FlattenLayer(),
        new ReshapeLayer(),
        new ConcatLabelsLayer(),
        new MinibatchDiscriminationLayer(),
        new SelfAttentionLayer(),
        ConditionalBatchNormLayer.OneD,
        ConditionalBatchNormLayer.TwoD,
        new ProjectionLayer(),
    }.ToDictionary(d => d.Name, StringComparer.Ordinal);

    /// <summary>All layer names, sorted.</summary>
    public static IEnumerable<string> Names => Definitions.Keys.OrderBy(n => n, StringComparer.Ordinal);

    /// <summary>The starts of generated field names (<c>linear</c>, <c>conv2d</c>, ...).</summary>
    public static IEnumerable<string> FieldPrefixes => Definitions.Values.Select(d => d.FieldPrefix);

    public static LayerDefinition? Find(string name) => Definitions.TryGetValue(name, out var definition) ? definition : null;

    /// <summary>The known name that differs only in case or punctuation (Keras's <c>Conv2D</c>, <c>Dense</c> aside).</summary>
    public static string? Suggest(string name)
    {
        var normalized = Normalize(name);
        return Definitions.Keys.FirstOrDefault(k => Normalize(k) == normalized);
    }

    private static string Normalize(string name) => new string(name.Where(char.IsLetterOrDigit).ToArray()).ToUpperInvariant();
}
