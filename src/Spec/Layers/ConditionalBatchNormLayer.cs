using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// Conditional batch normalization (de Vries et al. 2017, as in SNGAN and BigGAN generators): batch
/// normalization without affine parameters, then a scale and shift per class, read from an
/// Embedding(K, 2C) whose scales start at 1 and shifts at 0. 2·K·C parameters; conditional models only.
/// </summary>
internal sealed class ConditionalBatchNormLayer : LayerDefinition
{
    private readonly bool spatial;

    private ConditionalBatchNormLayer(string name, string fieldPrefix, bool spatial)
        : base(name, fieldPrefix, LayerRecipe.GanGen(name, takesLabels: true, LayerPrecision.Float32),
            new ArgSpec("eps", ArgType.Float, 1e-5, ArgSpec.StrictlyPositive),
            new ArgSpec("momentum", ArgType.Float, 0.1, ArgSpec.UnitInterval)) => this.spatial = spatial;

    /// <summary>On features <c>[C]</c>.</summary>
    public static ConditionalBatchNormLayer OneD { get; } = new(LayerNames.ConditionalBatchNorm1d, "conditionalBatchNorm1d", spatial: false);

    /// <summary>On feature maps <c>[C,H,W]</c>.</summary>
    public static ConditionalBatchNormLayer TwoD { get; } = new(LayerNames.ConditionalBatchNorm2d, "conditionalBatchNorm2d", spatial: true);

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireCondition())
        {
            return;
        }

        var ok = spatial ? context.RequireRank("[C,H,W]", 3) : context.RequireRank("[features]", 1);
        if (!ok)
        {
            return;
        }

        checked
        {
            var features = context.Input[0];
            context.Produce(
                context.Input,
                2 * context.Classes * features,
                new LayerArg("num_features", ArgValue.Of(features)),
                new LayerArg("num_classes", ArgValue.Of((long)context.Classes)),
                new LayerArg("eps", ArgValue.Of(context.Float("eps"))),
                new LayerArg("momentum", ArgValue.Of(context.Float("momentum"))));
        }
    }
}
