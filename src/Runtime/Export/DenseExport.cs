using static GanGen.Runtime.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace GanGen.Runtime.Export;

/// <summary>Layers on feature vectors: Linear, minibatch discrimination, the labels' one-hot.</summary>
internal static class DenseExport
{
    /// <summary>x·Wᵀ + b on the last dimension (MatMul, as Gemm takes only matrices).</summary>
    public static string Linear(LayerExport e)
    {
        var g = e.Graph;
        var product = g.Node("MatMul", e.Input, g.Constant("weight_t", e.Weight().t()));
        return e.HasTensor("bias") ? g.Node("Add", product, e.Constant("bias")) : product;
    }

    /// <summary>
    /// Projects each sample to K × D, sums exp(−L1 distance) to every sample of the batch (itself
    /// included) per kernel, and appends the K sums: the batch dimension stays dynamic.
    /// </summary>
    public static string MinibatchDiscrimination(LayerExport e)
    {
        var g = e.Graph;
        var projected = g.Node("MatMul", e.Input, e.Constant("weight"));
        if (e.HasTensor("bias"))
        {
            projected = g.Node("Add", projected, e.Constant("bias"));
        }

        var m = e.Reshape(projected, new[] { e.Int("num_kernels"), e.Int("kernel_dim") });
        var difference = g.Node("Sub", g.Node("Unsqueeze", m, g.Ints("axis0", 0)), g.Node("Unsqueeze", m, g.Ints("axis1", 1)));
        var distance = g.Node("ReduceSum", new[] { g.Node("Abs", difference), g.Ints("axis3", 3) }, Attribute("keepdims", 0L));
        var features = g.Node("ReduceSum", new[] { g.Node("Exp", g.Node("Neg", distance)), g.Ints("axis0", 0) }, Attribute("keepdims", 0L));
        return g.Node("Concat", new[] { e.Input, features }, Attribute("axis", 1L));
    }

    /// <summary>
    /// The labels' one-hot (a Gather from the K × K identity) appended to the features, or for feature maps
    /// broadcast over H × W and appended as K channels.
    /// </summary>
    public static string ConcatLabels(LayerExport e)
    {
        var g = e.Graph;
        var classes = e.Int("classes");
        var oneHot = g.Node("Gather", g.Constant("one_hot", eye(classes, dtype: ScalarType.Float32)), e.RequireLabels());
        if (e.InputShape.Length == 3)
        {
            var maps = e.Reshape(oneHot, new[] { classes, 1L, 1L });
            oneHot = g.Node("Expand", maps, g.Ints("maps", 1, classes, e.InputShape[1], e.InputShape[2]));
        }

        return g.Node("Concat", new[] { e.Input, oneHot }, Attribute("axis", 1L));
    }
}
