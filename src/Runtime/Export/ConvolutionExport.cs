using static GanGen.Runtime.Export.OnnxGraphBuilder;

namespace GanGen.Runtime.Export;

/// <summary>Convolutions and explicit zero padding. ONNX lists pads as all begins then all ends: [top, left, bottom, right].</summary>
internal static class ConvolutionExport
{
    public static string Conv2d(LayerExport e)
    {
        var padding = e.Ints("padding");
        return e.Convolution("Conv", e.Input, "", 0,
            Attribute("kernel_shape", e.Ints("kernel_size")),
            Attribute("strides", e.Ints("stride")),
            Attribute("pads", new[] { padding[0], padding[1], padding[0], padding[1] }),
            Attribute("dilations", e.Ints("dilation")),
            Attribute("group", e.Int("groups")));
    }

    /// <summary>ConvTranspose with PyTorch's padding and output_padding; the weight keeps PyTorch's [in, out/groups, kH, kW] layout, which is ONNX's.</summary>
    public static string ConvTranspose2d(LayerExport e)
    {
        var padding = e.Ints("padding");
        return e.Convolution("ConvTranspose", e.Input, "", 1,
            Attribute("kernel_shape", e.Ints("kernel_size")),
            Attribute("strides", e.Ints("stride")),
            Attribute("pads", new[] { padding[0], padding[1], padding[0], padding[1] }),
            Attribute("output_padding", e.Ints("output_padding")),
            Attribute("dilations", e.Ints("dilation")),
            Attribute("group", e.Int("groups")));
    }

    /// <summary>
    /// ZeroPad2d's [left, right, top, bottom] as ONNX Pad's begins and ends over the axes H and W. Naming the
    /// axes (opset 18) also keeps ONNX Runtime's PadFusion from folding the zeros into a following MaxPool's
    /// padding, which MaxPool reads as −∞ (and refuses when it reaches the kernel size).
    /// </summary>
    public static string ZeroPad2d(LayerExport e)
    {
        var g = e.Graph;
        var p = e.Ints("padding");
        return g.Node("Pad", e.Input, g.Ints("pads", p[2], p[0], p[3], p[1]), "", g.Ints("axes", 2, 3));
    }
}
