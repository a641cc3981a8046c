using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// The projection discriminator's head (Miyato and Koyama 2018): on features h <c>[C]</c> and label y it
/// outputs Linear(C → 1)(h) + ⟨Embedding(K, C)(y), h⟩, shape <c>[1]</c>. C + 1 + K·C parameters;
/// conditional models only. With <c>spectral_norm</c> (written, or the model's) the linear is spectrally normalized.
/// </summary>
internal sealed class ProjectionLayer : LayerDefinition
{
    public ProjectionLayer()
        : base(LayerNames.Projection, "projection", LayerRecipe.GanGen("Projection", takesLabels: true, LayerPrecision.Float32),
            SpectralNormArgument.Spec)
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireCondition() || !context.RequireRank("[features]", 1))
        {
            return;
        }

        checked
        {
            var features = context.Input[0];
            context.Produce(
                Shape.Of(1),
                features + 1 + (context.Classes * features),
                SpectralNormArgument.Args(
                    context,
                    new LayerArg("in_features", ArgValue.Of(features)),
                    new LayerArg("num_classes", ArgValue.Of((long)context.Classes))));
        }
    }
}
