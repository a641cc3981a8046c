using System;
using static GanGen.Runtime.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace GanGen.Runtime.Export;

/// <summary>Pooling, resampling and global sums over feature maps <c>[C, H, W]</c>.</summary>
internal static class PoolingExport
{
    /// <summary>
    /// MaxPool with the end padding that gives PyTorch's output size in floor mode: PyTorch's ceil_mode drops a
    /// last window that would start in the padding, and spelling the size out leaves no room for another
    /// runtime's reading of ceil_mode.
    /// </summary>
    public static string MaxPool2d(LayerExport e)
    {
        var (kernel, stride, padding, dilation) = (e.Ints("kernel_size"), e.Ints("stride"), e.Ints("padding"), e.Ints("dilation"));
        var end = new long[2];
        for (var d = 0; d < 2; d++)
        {
            var needed = ((e.OutputShape[d + 1] - 1) * stride[d]) + (dilation[d] * (kernel[d] - 1)) + 1 - e.InputShape[d + 1] - padding[d];
            end[d] = Math.Max(padding[d], needed);
        }

        return e.Graph.Node("MaxPool", new[] { e.Input },
            Attribute("kernel_shape", kernel),
            Attribute("strides", stride),
            Attribute("pads", new[] { padding[0], padding[1], end[0], end[1] }),
            Attribute("dilations", dilation));
    }

    /// <summary>
    /// AvgPool2d's windows and divisors exactly as PyTorch counts them (ceil_mode, count_include_pad,
    /// divisor_override), as two averaging matrices: each output is a window sum along H, then along W.
    /// </summary>
    public static string AvgPool2d(LayerExport e)
    {
        var (kernel, stride, padding) = (e.Ints("kernel_size"), e.Ints("stride"), e.Ints("padding"));
        var includePad = e.Bool("count_include_pad");
        double? divisor = e.Has("divisor_override") ? e.Int("divisor_override") : null;
        var rows = new double[2][,];
        for (var d = 0; d < 2; d++)
        {
            var (inputs, outputs) = (e.InputShape[d + 1], e.OutputShape[d + 1]);
            rows[d] = new double[outputs, inputs];
            for (var i = 0; i < outputs; i++)
            {
                var start = (i * stride[d]) - padding[d];
                var end = Math.Min(start + kernel[d], inputs + padding[d]);
                var (first, last) = (Math.Max(start, 0), Math.Min(end, inputs));
                // An override divides the whole window's sum once: by it along W, by 1 along H.
                var weight = divisor is { } by ? (d == 1 ? 1 / by : 1) : 1.0 / (includePad ? end - start : last - first);
                for (var j = first; j < last; j++)
                {
                    rows[d][i, j] = weight;
                }
            }
        }

        return Separable(e, rows[0], rows[1]);
    }

    /// <summary>AdaptiveAvgPool2d's bins, floor(i·n/m) to ceil((i+1)·n/m), as two averaging matrices.</summary>
    public static string AdaptiveAvgPool2d(LayerExport e)
    {
        var rows = new double[2][,];
        for (var d = 0; d < 2; d++)
        {
            var (inputs, outputs) = (e.InputShape[d + 1], e.OutputShape[d + 1]);
            rows[d] = new double[outputs, inputs];
            for (var i = 0; i < outputs; i++)
            {
                var first = i * inputs / outputs;
                var last = (((i + 1) * inputs) + outputs - 1) / outputs;
                for (var j = first; j < last; j++)
                {
                    rows[d][i, j] = 1.0 / (last - first);
                }
            }
        }

        return Separable(e, rows[0], rows[1]);
    }

    public static string GlobalSumPool(LayerExport e) =>
        e.Graph.Node("ReduceSum", new[] { e.Input, e.Graph.Ints("spatial", 2, 3) }, Attribute("keepdims", 0L));

    /// <summary>
    /// Resize by the scale factors with PyTorch's source coordinates: nearest takes floor(dst / scale)
    /// (ONNX's asymmetric, floor); bilinear maps pixel centres (pytorch_half_pixel) or corners (align_corners).
    /// </summary>
    public static string Upsample(LayerExport e)
    {
        var g = e.Graph;
        var factors = e.Layer.Arg("scale_factor")!.Value.Floats;
        using var scales = tensor(new[] { 1f, 1f, (float)factors[0], (float)factors[1] });
        var inputs = new[] { e.Input, "", g.Constant("scales", scales) };
        return e.Layer.Arg("mode")!.Value.EnumMember == "Bilinear"
            ? g.Node("Resize", inputs, Attribute("mode", "linear"), Attribute("coordinate_transformation_mode", e.Bool("align_corners") ? "align_corners" : "pytorch_half_pixel"))
            : g.Node("Resize", inputs, Attribute("mode", "nearest"), Attribute("coordinate_transformation_mode", "asymmetric"), Attribute("nearest_mode", "floor"));
    }

    /// <summary>y = R_h · x · R_wᵀ over the last two dimensions, batch and channels broadcast.</summary>
    private static string Separable(LayerExport e, double[,] height, double[,] width)
    {
        var g = e.Graph;
        using var h = tensor(height, dtype: ScalarType.Float32);
        using var w = tensor(width, dtype: ScalarType.Float32).t();
        var alongWidth = g.Node("MatMul", e.Input, g.Constant("pool_w", w));
        return g.Node("MatMul", g.Constant("pool_h", h), alongWidth);
    }
}
