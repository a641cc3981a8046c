using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary><c>nn.BatchNorm1d</c> / <c>nn.BatchNorm2d</c>; <c>num_features</c> is the input's first dimension.</summary>
internal sealed class BatchNormLayer : LayerDefinition
{
    private readonly bool spatial;

    private BatchNormLayer(string name, string fieldPrefix, bool spatial)
        : base(name, fieldPrefix, LayerRecipe.TorchSharp(name, LayerPrecision.Float32),
            new ArgSpec("eps", ArgType.Float, 1e-5, ArgSpec.StrictlyPositive),
            new ArgSpec("momentum", ArgType.Float, 0.1, ArgSpec.UnitInterval),
            new ArgSpec("affine", ArgType.Bool, true),
            new ArgSpec("track_running_stats", ArgType.Bool, true)) => this.spatial = spatial;

    public static BatchNormLayer OneD { get; } = new(LayerNames.BatchNorm1d, "batchNorm1d", spatial: false);

    public static BatchNormLayer TwoD { get; } = new(LayerNames.BatchNorm2d, "batchNorm2d", spatial: true);

    public override void Infer(LayerContext context)
    {
        var ok = spatial ? context.RequireRank("[C,H,W]", 3) : context.RequireRank("[features] or [C,L]", 1, 2);
        if (context.Failed || !ok)
        {
            return;
        }

        checked
        {
            var features = context.Input[0];
            var affine = context.Bool("affine");
            context.Produce(
                context.Input,
                affine ? 2 * features : 0,
                new LayerArg("num_features", ArgValue.Of(features)),
                new LayerArg("eps", ArgValue.Of(context.Float("eps"))),
                new LayerArg("momentum", ArgValue.Of(context.Float("momentum"))),
                new LayerArg("affine", ArgValue.Of(affine)),
                new LayerArg("track_running_stats", ArgValue.Of(context.Bool("track_running_stats"))));
        }
    }
}
