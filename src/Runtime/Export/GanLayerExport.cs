using static GanGen.Runtime.Export.OnnxGraphBuilder;

namespace GanGen.Runtime.Export;

/// <summary>GanGen's attention and projection layers, step by step as their modules compute them.</summary>
internal static class GanLayerExport
{
    /// <summary>
    /// SAGAN attention: queries θ(x), keys and values 2×2-max-pooled φ(x) and g(x), a softmax over the keys
    /// for each position, the attended values through o, added to x scaled by γ.
    /// </summary>
    public static string SelfAttention(LayerExport e)
    {
        var g = e.Graph;
        var (channels, height, width) = (e.InputShape[0], e.InputShape[1], e.InputShape[2]);
        var positions = height * width;
        var queries = e.Reshape(Projection1x1(e, "theta.", e.Input), new[] { channels / 8, positions });
        var keys = e.Reshape(Pool(e, Projection1x1(e, "phi.", e.Input)), new[] { channels / 8, positions / 4 });
        var values = e.Reshape(Pool(e, Projection1x1(e, "g.", e.Input)), new[] { channels / 2, positions / 4 });
        var scores = g.Node("MatMul", Transpose(e, queries), keys);
        var attention = g.Node("Softmax", new[] { scores }, Attribute("axis", -1L));
        var attended = e.Reshape(g.Node("MatMul", values, Transpose(e, attention)), new[] { channels / 2, height, width });
        var output = Projection1x1(e, "o.", attended);
        return g.Node("Add", g.Node("Mul", e.Constant("gamma"), output), e.Input);
    }

    /// <summary>The projection head: linear(h) + ⟨embed(y), h⟩.</summary>
    public static string Projection(LayerExport e)
    {
        var g = e.Graph;
        var linear = g.Node("MatMul", e.Input, g.Constant("linear.weight_t", e.Weight("linear.").t()));
        linear = g.Node("Add", linear, e.Constant("linear.bias"));
        var embedded = g.Node("Gather", e.Constant("embed.weight"), e.RequireLabels());
        var inner = g.Node("ReduceSum", new[] { g.Node("Mul", embedded, e.Input), g.Ints("features", 1) }, Attribute("keepdims", 1L));
        return g.Node("Add", linear, inner);
    }

    private static string Projection1x1(LayerExport e, string owner, string input) =>
        e.Convolution("Conv", input, owner, 0, Attribute("kernel_shape", new[] { 1L, 1L }));

    private static string Pool(LayerExport e, string input) =>
        e.Graph.Node("MaxPool", new[] { input }, Attribute("kernel_shape", new[] { 2L, 2L }), Attribute("strides", new[] { 2L, 2L }));

    private static string Transpose(LayerExport e, string input) =>
        e.Graph.Node("Transpose", new[] { input }, Attribute("perm", new[] { 0L, 2L, 1L }));
}
