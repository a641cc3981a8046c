using System.Collections.Generic;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// <c>nn.AvgPool2d</c> with <c>ceil_mode</c>, <c>count_include_pad</c> and <c>divisor_override</c>; stride
/// defaults to the kernel size. Its output size is MaxPool2d's formula without dilation.
/// </summary>
internal sealed class AvgPool2dLayer : LayerDefinition
{
    public AvgPool2dLayer()
        : base(LayerNames.AvgPool2d, "avgPool2d", LayerRecipe.TorchSharp("AvgPool2d"),
            new ArgSpec("kernel_size", ArgType.IntPair, null, ArgSpec.Positive),
            new ArgSpec("stride", ArgType.IntPair, null, ArgSpec.Positive, Optional: true),
            new ArgSpec("padding", ArgType.IntPair, 0L, ArgSpec.NonNegative),
            new ArgSpec("ceil_mode", ArgType.Bool, false),
            new ArgSpec("count_include_pad", ArgType.Bool, true),
            new ArgSpec("divisor_override", ArgType.Int, null, ArgSpec.Positive, Optional: true))
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
            var ceil = context.Bool("ceil_mode");
            if (padding.H > kernel.H / 2 || padding.W > kernel.W / 2)
            {
                context.Error(DiagnosticCatalog.OutOfRange, $"AvgPool2d padding {padding} must be at most half of kernel_size {kernel}", "padding");
                return;
            }

            var output = SpatialMath.Chw(
                input[0],
                SpatialMath.PoolOut(input[1], kernel.H, stride.H, padding.H, 1, ceil),
                SpatialMath.PoolOut(input[2], kernel.W, stride.W, padding.W, 1, ceil));
            if (output[1] <= 0 || output[2] <= 0)
            {
                context.Error(DiagnosticCatalog.EmptyOutput,
                    $"AvgPool2d would produce an empty output: input {input} with kernel_size {kernel}, stride {stride}, padding {padding} gives {output}");
                return;
            }

            var args = new List<LayerArg>
            {
                new("kernel_size", ArgValue.Of(kernel.H, kernel.W)),
                new("stride", ArgValue.Of(stride.H, stride.W)),
                new("padding", ArgValue.Of(padding.H, padding.W)),
                new("ceil_mode", ArgValue.Of(ceil)),
                new("count_include_pad", ArgValue.Of(context.Bool("count_include_pad"))),
            };
            if (context.Has("divisor_override"))
            {
                // Absent means "divide by the window's size", which no number can say.
                args.Add(new LayerArg("divisor_override", ArgValue.Of(context.Int("divisor_override"))));
            }

            context.Produce(output, 0, args.ToArray());
        }
    }
}

/// <summary><c>nn.AdaptiveAvgPool2d</c>: averages each channel onto an <c>output_size</c> grid, whatever the input's H×W.</summary>
internal sealed class AdaptiveAvgPool2dLayer : LayerDefinition
{
    public AdaptiveAvgPool2dLayer()
        : base(LayerNames.AdaptiveAvgPool2d, "adaptiveAvgPool2d", LayerRecipe.TorchSharp("AdaptiveAvgPool2d"),
            new ArgSpec("output_size", ArgType.IntPair, null, ArgSpec.Positive))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        var size = context.Pair("output_size");
        context.Produce(SpatialMath.Chw(context.Input[0], size.H, size.W), 0, new LayerArg("output_size", ArgValue.Of(size.H, size.W)));
    }
}

/// <summary>
/// GanGen's <c>GlobalSumPool</c>: [C,H,W] to [C], each channel summed over H×W, as the SNGAN and BigGAN
/// discriminators end (<c>torch.sum(h, [2, 3])</c>). A sum, not a mean: the head's scale grows with the map.
/// </summary>
internal sealed class GlobalSumPoolLayer : LayerDefinition
{
    public GlobalSumPoolLayer()
        : base(LayerNames.GlobalSumPool, "globalSumPool", LayerRecipe.GanGen("GlobalSumPool"))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        context.Produce(Shape.Of(context.Input[0]), 0);
    }
}
