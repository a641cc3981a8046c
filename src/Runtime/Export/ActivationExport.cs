using static GanGen.Runtime.Export.OnnxGraphBuilder;

namespace GanGen.Runtime.Export;

/// <summary>The shape-preserving layers without parameters: activations, softmax, dropout (a no-op in eval) and identity.</summary>
internal static class ActivationExport
{
    public static string ReLU(LayerExport e) => e.Graph.Node("Relu", e.Input);

    public static string LeakyReLU(LayerExport e) => e.Graph.Node("LeakyRelu", new[] { e.Input }, Attribute("alpha", e.Float("negative_slope")));

    public static string Tanh(LayerExport e) => e.Graph.Node("Tanh", e.Input);

    public static string Sigmoid(LayerExport e) => e.Graph.Node("Sigmoid", e.Input);

    public static string ELU(LayerExport e) => e.Graph.Node("Elu", new[] { e.Input }, Attribute("alpha", e.Float("alpha")));

    public static string SiLU(LayerExport e) => e.Graph.Node("Mul", e.Input, e.Graph.Node("Sigmoid", e.Input));

    /// <summary>Dropout and Identity pass their input on in eval mode.</summary>
    public static string PassThrough(LayerExport e) => e.Graph.Node("Identity", e.Input);

    public static string Softmax(LayerExport e) => e.Graph.Node("Softmax", new[] { e.Input }, Attribute("axis", e.Int("dim")));

    public static string LogSoftmax(LayerExport e) => e.Graph.Node("LogSoftmax", new[] { e.Input }, Attribute("axis", e.Int("dim")));

    /// <summary>
    /// PyTorch's Softplus: log(1 + exp(βx)) / β, and x itself where βx exceeds the threshold. ONNX's Softplus
    /// has neither β nor the threshold, so both are spelled out.
    /// </summary>
    public static string Softplus(LayerExport e)
    {
        var g = e.Graph;
        var scaled = g.Node("Mul", e.Input, g.Floats("beta", e.Float("beta")));
        var smooth = g.Node("Div", g.Node("Softplus", scaled), g.Floats("beta", e.Float("beta")));
        return g.Node("Where", g.Node("Greater", scaled, g.Floats("threshold", e.Float("threshold"))), e.Input, smooth);
    }

    /// <summary>
    /// GELU, exact (x·Φ(x) through Erf) or with PyTorch's tanh approximation; ONNX has a Gelu operator only
    /// from opset 20, after ONNX Runtime's widely deployed versions.
    /// </summary>
    public static string GELU(LayerExport e)
    {
        var g = e.Graph;
        var x = e.Input;
        string inner;
        if (e.Layer.Arg("approximate")?.EnumMember == "tanh")
        {
            // √(2/π)·(x + 0.044715·x³)
            var cube = g.Node("Mul", x, g.Node("Mul", x, x));
            var sum = g.Node("Add", x, g.Node("Mul", cube, g.Floats("c", 0.044715)));
            inner = g.Node("Tanh", g.Node("Mul", sum, g.Floats("sqrt_2_over_pi", System.Math.Sqrt(2 / System.Math.PI))));
        }
        else
        {
            inner = g.Node("Erf", g.Node("Div", x, g.Floats("sqrt_2", System.Math.Sqrt(2))));
        }

        var half = g.Node("Mul", x, g.Floats("half", 0.5));
        return g.Node("Mul", half, g.Node("Add", inner, g.Floats("one", 1)));
    }
}
