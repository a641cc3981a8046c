using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// SAGAN self-attention (Zhang et al. 2019) as BigGAN-PyTorch's <c>layers.Attention</c>: bias-free 1x1
/// convolutions θ, φ (C → C/8), g (C → C/2) and o (C/2 → C), φ and g max-pooled 2x2, output x + γ·o with
/// γ starting at 0. Shape-preserving; 1.25·C² + 1 parameters. With <c>spectral_norm</c> (written, or the
/// model's) the four convolutions are spectrally normalized.
/// </summary>
internal sealed class SelfAttentionLayer : LayerDefinition
{
    public SelfAttentionLayer()
        : base(LayerNames.SelfAttention, "selfAttention", LayerRecipe.GanGen("SelfAttention", precision: LayerPrecision.Lowered),
            SpectralNormArgument.Spec)
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        var input = context.Input;
        if (input[0] % 8 != 0)
        {
            context.Error(DiagnosticCatalog.WrongInputRank,
                $"SelfAttention needs a channel count divisible by 8 (its query and key have C/8 channels), but gets {input}");
            return;
        }

        if (input[1] % 2 != 0 || input[2] % 2 != 0)
        {
            context.Error(DiagnosticCatalog.WrongInputRank,
                $"SelfAttention needs an even height and width (it max-pools its key and value 2x2), but gets {input}");
            return;
        }

        checked
        {
            var channels = input[0];
            var keys = channels / 8;
            var values = channels / 2;
            context.Produce(
                input,
                (2 * keys * channels) + (2 * values * channels) + 1,
                SpectralNormArgument.Args(context, new LayerArg("channels", ArgValue.Of(channels))));
        }
    }
}
