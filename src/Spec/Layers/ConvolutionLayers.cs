using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>Shape arithmetic shared by the 2-d layers, with PyTorch's formulas.</summary>
internal static class SpatialMath
{
    /// <summary>Floor division that rounds toward negative infinity, as PyTorch's <c>div_rtn</c>.</summary>
    public static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    /// <summary>Conv2d / MaxPool2d: floor((in + 2p - d(k-1) - 1) / s) + 1.</summary>
    public static long ConvOut(long input, long kernel, long stride, long padding, long dilation)
    {
        checked
        {
            return FloorDiv(input + (2 * padding) - (dilation * (kernel - 1)) - 1, stride) + 1;
        }
    }

    /// <summary>MaxPool2d / AvgPool2d: PyTorch's pooling_output_shape, including its ceil_mode correction.</summary>
    public static long PoolOut(long input, long kernel, long stride, long padding, long dilation, bool ceil)
    {
        checked
        {
            var output = FloorDiv(input + (2 * padding) - (dilation * (kernel - 1)) - 1 + (ceil ? stride - 1 : 0), stride) + 1;
            if (ceil && (output - 1) * stride >= input + padding)
            {
                output--;
            }

            return output;
        }
    }

    /// <summary>Keras's <c>same</c>: the total padding that makes the output ceil(in / s).</summary>
    public static long SameTotalPadding(long input, long kernel, long stride, long dilation)
    {
        checked
        {
            var output = (input + stride - 1) / stride;
            var total = ((output - 1) * stride) + (dilation * (kernel - 1)) + 1 - input;
            return total > 0 ? total : 0;
        }
    }

    public static Shape Chw(long channels, long height, long width) => Shape.Of(channels, height, width);

    public static string Describe(Shape input, Pair kernel, Pair stride, Pair padding, Pair dilation) =>
        $"input {input} with kernel_size {kernel}, stride {stride}, padding {padding}, dilation {dilation}";
}

/// <summary>The arguments Conv2d and ConvTranspose2d share, read and checked once.</summary>
internal readonly record struct ConvolutionArgs(long InChannels, long OutChannels, long Groups, Pair Kernel, Pair Stride, Pair Dilation, bool Bias)
{
    /// <summary>Reads the shared arguments; <c>null</c> (with an error reported) when groups do not divide the channels.</summary>
    public static ConvolutionArgs? Read(LayerContext context)
    {
        var args = new ConvolutionArgs(
            context.Input[0],
            context.Int("out_channels"),
            context.Int("groups"),
            context.Pair("kernel_size"),
            context.Pair("stride"),
            context.Pair("dilation"),
            context.Bool("bias"));
        if (args.InChannels % args.Groups != 0 || args.OutChannels % args.Groups != 0)
        {
            context.Error(DiagnosticCatalog.OutOfRange,
                $"{context.Definition.Name} groups {args.Groups} must divide both in_channels {args.InChannels} and out_channels {args.OutChannels}", "groups");
            return null;
        }

        return args;
    }
}

/// <summary><c>nn.Conv2d</c>, plus Keras's <c>padding: same</c> (any stride) and <c>valid</c>; optionally spectrally normalized.</summary>
internal sealed class Conv2dLayer : LayerDefinition
{
    public Conv2dLayer()
        : base(LayerNames.Conv2d, "conv2d", LayerRecipe.TorchSharp("Conv2d", LayerPrecision.Lowered),
            new ArgSpec("out_channels", ArgType.Int, null, ArgSpec.Positive),
            new ArgSpec("kernel_size", ArgType.IntPair, null, ArgSpec.Positive),
            new ArgSpec("stride", ArgType.IntPair, 1L, ArgSpec.Positive),
            new ArgSpec("padding", ArgType.Padding, 0L, ArgSpec.NonNegative),
            new ArgSpec("dilation", ArgType.IntPair, 1L, ArgSpec.Positive),
            new ArgSpec("groups", ArgType.Int, 1L, ArgSpec.Positive),
            new ArgSpec("bias", ArgType.Bool, true),
            SpectralNormArgument.Spec)
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        checked
        {
            if (ConvolutionArgs.Read(context) is not { } conv)
            {
                return;
            }

            var input = context.Input;
            var (outChannels, groups, kernel, stride, dilation, bias) = (conv.OutChannels, conv.Groups, conv.Kernel, conv.Stride, conv.Dilation, conv.Bias);

            Pair padding;
            if (context.Get("padding") is "same")
            {
                // TensorFlow puts the odd pixel of 'same' padding at the end; PyTorch pads symmetrically,
                // so an odd total becomes an explicit ZeroPad2d before the convolution.
                var totalH = SpatialMath.SameTotalPadding(input[1], kernel.H, stride.H, dilation.H);
                var totalW = SpatialMath.SameTotalPadding(input[2], kernel.W, stride.W, dilation.W);
                if (totalH % 2 == 1 || totalW % 2 == 1)
                {
                    var padded = SpatialMath.Chw(input[0], input[1] + totalH, input[2] + totalW);
                    context.Produce(ZeroPad2dLayer.Instance, padded, 0,
                        new LayerArg("padding", ArgValue.Quad(totalW / 2, totalW - (totalW / 2), totalH / 2, totalH - (totalH / 2))));
                    input = padded;
                    padding = new Pair(0, 0);
                }
                else
                {
                    padding = new Pair(totalH / 2, totalW / 2);
                }
            }
            else
            {
                padding = context.Get("padding") is "valid" ? new Pair(0, 0) : context.Pair("padding");
            }

            var output = SpatialMath.Chw(
                outChannels,
                SpatialMath.ConvOut(input[1], kernel.H, stride.H, padding.H, dilation.H),
                SpatialMath.ConvOut(input[2], kernel.W, stride.W, padding.W, dilation.W));
            if (output[1] <= 0 || output[2] <= 0)
            {
                context.Error(DiagnosticCatalog.EmptyOutput,
                    $"Conv2d would produce an empty output: {SpatialMath.Describe(context.Input, kernel, stride, padding, dilation)} gives {output}");
                return;
            }

            context.Produce(
                SpectralNormArgument.Recipe(context, "SpectralNormConv2d"),
                output,
                (outChannels * (input[0] / groups) * kernel.H * kernel.W) + (bias ? outChannels : 0),
                new LayerArg("in_channels", ArgValue.Of(input[0])),
                new LayerArg("out_channels", ArgValue.Of(outChannels)),
                new LayerArg("kernel_size", ArgValue.Of(kernel.H, kernel.W)),
                new LayerArg("stride", ArgValue.Of(stride.H, stride.W)),
                new LayerArg("padding", ArgValue.Of(padding.H, padding.W)),
                new LayerArg("dilation", ArgValue.Of(dilation.H, dilation.W)),
                new LayerArg("groups", ArgValue.Of(groups)),
                new LayerArg("bias", ArgValue.Of(bias)));
        }
    }
}

/// <summary>
/// <c>nn.ConvTranspose2d</c> with <c>output_padding</c>, plus Keras's <c>padding: same</c> (output = input x stride);
/// optionally spectrally normalized (over dimension 1 of the weight, as PyTorch does for transposed convolutions).
/// </summary>
internal sealed class ConvTranspose2dLayer : LayerDefinition
{
    public ConvTranspose2dLayer()
        : base(LayerNames.ConvTranspose2d, "convTranspose2d", LayerRecipe.TorchSharp("ConvTranspose2d", LayerPrecision.Lowered),
            new ArgSpec("out_channels", ArgType.Int, null, ArgSpec.Positive),
            new ArgSpec("kernel_size", ArgType.IntPair, null, ArgSpec.Positive),
            new ArgSpec("stride", ArgType.IntPair, 1L, ArgSpec.Positive),
            new ArgSpec("padding", ArgType.Padding, 0L, ArgSpec.NonNegative),
            new ArgSpec("output_padding", ArgType.IntPair, 0L, ArgSpec.NonNegative),
            new ArgSpec("groups", ArgType.Int, 1L, ArgSpec.Positive),
            new ArgSpec("bias", ArgType.Bool, true),
            new ArgSpec("dilation", ArgType.IntPair, 1L, ArgSpec.Positive),
            SpectralNormArgument.Spec)
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        checked
        {
            if (ConvolutionArgs.Read(context) is not { } conv)
            {
                return;
            }

            var input = context.Input;
            var (outChannels, groups, kernel, stride, dilation, bias) = (conv.OutChannels, conv.Groups, conv.Kernel, conv.Stride, conv.Dilation, conv.Bias);

            Pair padding;
            Pair outputPadding;
            var padArg = context.Get("padding");
            if (padArg is "same")
            {
                if (context.Has("output_padding"))
                {
                    context.Error(DiagnosticCatalog.OutOfRange, "ConvTranspose2d output_padding cannot be combined with padding: same, which chooses it", "output_padding");
                    return;
                }

                var h = SamePadding(kernel.H, stride.H, dilation.H);
                var w = SamePadding(kernel.W, stride.W, dilation.W);
                if (h is null || w is null)
                {
                    context.Error(DiagnosticCatalog.OutOfRange,
                        $"ConvTranspose2d padding: same with kernel_size {kernel}, stride {stride} needs one more row of padding at one end, which PyTorch cannot express at stride 1; use an odd kernel_size or explicit padding", "padding");
                    return;
                }

                padding = new Pair(h.Value.Padding, w.Value.Padding);
                outputPadding = new Pair(h.Value.OutputPadding, w.Value.OutputPadding);
            }
            else
            {
                padding = padArg is "valid" ? new Pair(0, 0) : context.Pair("padding");
                outputPadding = context.Pair("output_padding");
                if ((outputPadding.H >= stride.H && outputPadding.H >= dilation.H) || (outputPadding.W >= stride.W && outputPadding.W >= dilation.W))
                {
                    context.Error(DiagnosticCatalog.OutOfRange,
                        $"ConvTranspose2d output_padding {outputPadding} must be smaller than stride {stride} or dilation {dilation}", "output_padding");
                    return;
                }
            }

            var output = SpatialMath.Chw(
                outChannels,
                TransposedOut(input[1], kernel.H, stride.H, padding.H, outputPadding.H, dilation.H),
                TransposedOut(input[2], kernel.W, stride.W, padding.W, outputPadding.W, dilation.W));
            if (output[1] <= 0 || output[2] <= 0)
            {
                context.Error(DiagnosticCatalog.EmptyOutput,
                    $"ConvTranspose2d would produce an empty output: {SpatialMath.Describe(input, kernel, stride, padding, dilation)}, output_padding {outputPadding} gives {output}");
                return;
            }

            context.Produce(
                SpectralNormArgument.Recipe(context, "SpectralNormConvTranspose2d"),
                output,
                (input[0] * (outChannels / groups) * kernel.H * kernel.W) + (bias ? outChannels : 0),
                new LayerArg("in_channels", ArgValue.Of(input[0])),
                new LayerArg("out_channels", ArgValue.Of(outChannels)),
                new LayerArg("kernel_size", ArgValue.Of(kernel.H, kernel.W)),
                new LayerArg("stride", ArgValue.Of(stride.H, stride.W)),
                new LayerArg("padding", ArgValue.Of(padding.H, padding.W)),
                new LayerArg("output_padding", ArgValue.Of(outputPadding.H, outputPadding.W)),
                new LayerArg("dilation", ArgValue.Of(dilation.H, dilation.W)),
                new LayerArg("groups", ArgValue.Of(groups)),
                new LayerArg("bias", ArgValue.Of(bias)));
        }
    }

    /// <summary>(in - 1)s - 2p + d(k - 1) + output_padding + 1.</summary>
    private static long TransposedOut(long input, long kernel, long stride, long padding, long outputPadding, long dilation)
    {
        checked
        {
            return ((input - 1) * stride) - (2 * padding) + (dilation * (kernel - 1)) + outputPadding + 1;
        }
    }

    /// <summary>
    /// Keras's <c>same</c> for a transposed convolution gives in x s, i.e. crops d(k-1)+1-s in total.
    /// PyTorch crops <c>padding</c> at both ends and adds <c>output_padding</c> back at the end, so an
    /// odd total crops its extra pixel at the start where TensorFlow crops it at the end: same shape,
    /// same parameters, the output shifted by one pixel. Null when PyTorch cannot express it.
    /// </summary>
    private static (long Padding, long OutputPadding)? SamePadding(long kernel, long stride, long dilation)
    {
        checked
        {
            var total = (dilation * (kernel - 1)) + 1 - stride;
            if (total < 0)
            {
                return (0, -total);
            }

            var padding = (total + 1) / 2;
            var outputPadding = (2 * padding) - total;
            return outputPadding > 0 && stride == 1 && dilation == 1 ? null : (padding, outputPadding);
        }
    }
}

/// <summary><c>nn.MaxPool2d</c> with <c>ceil_mode</c>; stride defaults to the kernel size.</summary>
internal sealed class MaxPool2dLayer : LayerDefinition
{
    public MaxPool2dLayer()
        : base(LayerNames.MaxPool2d, "maxPool2d", LayerRecipe.TorchSharp("MaxPool2d"),
            new ArgSpec("kernel_size", ArgType.IntPair, null, ArgSpec.Positive),
            new ArgSpec("stride", ArgType.IntPair, null, ArgSpec.Positive, Optional: true),
            new ArgSpec("padding", ArgType.IntPair, 0L, ArgSpec.NonNegative),
            new ArgSpec("dilation", ArgType.IntPair, 1L, ArgSpec.Positive),
            new ArgSpec("ceil_mode", ArgType.Bool, false))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        checked
        {
            var input = context.Input;
            var kernel = context.Pair("kernel_size");
            var stride = context.Has("stride") ? context.Pair("stride") : kernel;
            var padding = context.Pair("padding");
            var dilation = context.Pair("dilation");
            var ceil = context.Bool("ceil_mode");
            if (padding.H > ((dilation.H * (kernel.H - 1)) + 1) / 2 || padding.W > ((dilation.W * (kernel.W - 1)) + 1) / 2)
            {
                context.Error(DiagnosticCatalog.OutOfRange,
                    $"MaxPool2d padding {padding} must be at most half of the effective kernel size (kernel_size {kernel}, dilation {dilation})", "padding");
                return;
            }

            var output = SpatialMath.Chw(
                input[0],
                SpatialMath.PoolOut(input[1], kernel.H, stride.H, padding.H, dilation.H, ceil),
                SpatialMath.PoolOut(input[2], kernel.W, stride.W, padding.W, dilation.W, ceil));
            if (output[1] <= 0 || output[2] <= 0)
            {
                context.Error(DiagnosticCatalog.EmptyOutput,
                    $"MaxPool2d would produce an empty output: {SpatialMath.Describe(input, kernel, stride, padding, dilation)} gives {output}");
                return;
            }

            context.Produce(
                output,
                0,
                new LayerArg("kernel_size", ArgValue.Of(kernel.H, kernel.W)),
                new LayerArg("stride", ArgValue.Of(stride.H, stride.W)),
                new LayerArg("padding", ArgValue.Of(padding.H, padding.W)),
                new LayerArg("dilation", ArgValue.Of(dilation.H, dilation.W)),
                new LayerArg("ceil_mode", ArgValue.Of(ceil)));
        }
    }
}

/// <summary><c>nn.ZeroPad2d</c>: one size for all sides, or [left, right, top, bottom].</summary>
internal sealed class ZeroPad2dLayer : LayerDefinition
{
    private ZeroPad2dLayer()
        : base(LayerNames.ZeroPad2d, "zeroPad2d", LayerRecipe.TorchSharp("ZeroPad2d"), new ArgSpec("padding", ArgType.IntQuad, null, ArgSpec.NonNegative))
    {
    }

    /// <summary>The one instance: the catalog's entry, and the explicit padding of an odd <c>same</c> convolution.</summary>
    public static ZeroPad2dLayer Instance { get; } = new();

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        checked
        {
            var p = (long[])context.Get("padding");
            var input = context.Input;
            context.Produce(
                SpatialMath.Chw(input[0], input[1] + p[2] + p[3], input[2] + p[0] + p[1]),
                0,
                new LayerArg("padding", ArgValue.Quad(p[0], p[1], p[2], p[3])));
        }
    }
}
