using System;
using System.Globalization;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// <c>nn.Upsample</c> by <c>scale_factor</c> (one number or [height, width]), <c>mode</c> nearest or bilinear.
/// The output is floor(size × scale_factor), as libtorch computes it. <c>align_corners</c> is PyTorch's
/// default: false for bilinear, and refused with nearest as PyTorch refuses it.
/// </summary>
internal sealed class UpsampleLayer : LayerDefinition
{
    public UpsampleLayer()
        : base(LayerNames.Upsample, "upsample", LayerRecipe.TorchSharp("Upsample"),
            new ArgSpec("scale_factor", ArgType.FloatPair, null, ArgSpec.StrictlyPositive),
            ArgSpec.Word("mode", "nearest", "TorchSharp.torch.UpsampleMode", new WordChoice("nearest", "Nearest"), new WordChoice("bilinear", "Bilinear")),
            new ArgSpec("align_corners", ArgType.Bool, false))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        var bilinear = context.Word("mode") == "bilinear";
        if (!bilinear && context.Has("align_corners"))
        {
            context.Error(DiagnosticCatalog.OutOfRange, "Upsample align_corners applies only to mode: bilinear; PyTorch refuses it with mode: nearest", "align_corners");
            return;
        }

        checked
        {
            var input = context.Input;
            var (h, w) = context.FloatPair("scale_factor");
            var output = SpatialMath.Chw(input[0], (long)Math.Floor(input[1] * h), (long)Math.Floor(input[2] * w));
            if (output[1] <= 0 || output[2] <= 0)
            {
                var scale = h == w ? Number(h) : $"[{Number(h)},{Number(w)}]";
                context.Error(DiagnosticCatalog.EmptyOutput, $"Upsample would produce an empty output: input {input} with scale_factor {scale} gives {output}");
                return;
            }

            var scaleFactor = new LayerArg("scale_factor", ArgValue.List(new[] { h, w }));
            var mode = new LayerArg("mode", context.Enum("mode"));
            if (bilinear)
            {
                context.Produce(output, 0, scaleFactor, mode, new LayerArg("align_corners", ArgValue.Of(context.Bool("align_corners"))));
            }
            else
            {
                context.Produce(output, 0, scaleFactor, mode);
            }
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>nn.PixelShuffle</c>: [C·r², H, W] to [C, H·r, W·r], each group of r² channels laid out as an r×r block.
/// </summary>
internal sealed class PixelShuffleLayer : LayerDefinition
{
    public PixelShuffleLayer()
        : base(LayerNames.PixelShuffle, "pixelShuffle", LayerRecipe.TorchSharp("PixelShuffle"),
            new ArgSpec("upscale_factor", ArgType.Int, null, ArgSpec.Positive))
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
            var factor = context.Int("upscale_factor");
            var block = factor * factor;
            if (input[0] % block != 0)
            {
                context.Error(DiagnosticCatalog.OutOfRange,
                    $"PixelShuffle upscale_factor {factor} needs channels divisible by its square {block}, but input {input} has {input[0]}", "upscale_factor");
                return;
            }

            context.Produce(SpatialMath.Chw(input[0] / block, input[1] * factor, input[2] * factor), 0, new LayerArg("upscale_factor", ArgValue.Of(factor)));
        }
    }
}
