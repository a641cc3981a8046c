using System.Linq;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// <c>nn.InstanceNorm2d</c>: each channel of each sample normalized over H×W. <c>num_features</c> is the
/// input's channels; as in PyTorch, <c>affine</c> and <c>track_running_stats</c> default to false.
/// </summary>
internal sealed class InstanceNorm2dLayer : LayerDefinition
{
    public InstanceNorm2dLayer()
        : base(LayerNames.InstanceNorm2d, "instanceNorm2d", LayerRecipe.TorchSharp("InstanceNorm2d", LayerPrecision.Float32),
            new ArgSpec("eps", ArgType.Float, 1e-5, ArgSpec.StrictlyPositive),
            new ArgSpec("momentum", ArgType.Float, 0.1, ArgSpec.UnitInterval),
            new ArgSpec("affine", ArgType.Bool, false),
            new ArgSpec("track_running_stats", ArgType.Bool, false))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[C,H,W]", 3))
        {
            return;
        }

        var input = context.Input;
        if (input[1] == 1 && input[2] == 1)
        {
            // A 1×1 map normalizes to 0 whatever the input; PyTorch refuses it in training ("Expected more than 1 spatial element").
            context.Error(DiagnosticCatalog.OutOfRange, $"InstanceNorm2d needs more than one spatial element per channel, but gets {input}");
            return;
        }

        checked
        {
            var affine = context.Bool("affine");
            context.Produce(
                input,
                affine ? 2 * input[0] : 0,
                new LayerArg("num_features", ArgValue.Of(input[0])),
                new LayerArg("eps", ArgValue.Of(context.Float("eps"))),
                new LayerArg("momentum", ArgValue.Of(context.Float("momentum"))),
                new LayerArg("affine", ArgValue.Of(affine)),
                new LayerArg("track_running_stats", ArgValue.Of(context.Bool("track_running_stats"))));
        }
    }
}

/// <summary>
/// <c>nn.GroupNorm</c>: each sample's channels split into <c>num_groups</c> groups, each normalized over
/// its channels and positions. <c>num_channels</c> is the input's first dimension, which the groups must
/// divide. Built by GanGen's own module, which initializes its affine parameters as PyTorch does
/// (TorchSharp 0.107's leaves them uninitialized).
/// </summary>
internal sealed class GroupNormLayer : LayerDefinition
{
    public GroupNormLayer()
        : base(LayerNames.GroupNorm, "groupNorm", LayerRecipe.GanGen("GroupNorm", precision: LayerPrecision.Float32),
            new ArgSpec("num_groups", ArgType.Int, null, ArgSpec.Positive),
            new ArgSpec("eps", ArgType.Float, 1e-5, ArgSpec.StrictlyPositive),
            new ArgSpec("affine", ArgType.Bool, true))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed)
        {
            return;
        }

        var channels = context.Input[0];
        var groups = context.Int("num_groups");
        if (channels % groups != 0)
        {
            context.Error(DiagnosticCatalog.OutOfRange, $"GroupNorm num_groups {groups} must divide the channels, but input {context.Input} has {channels}", "num_groups");
            return;
        }

        checked
        {
            var affine = context.Bool("affine");
            context.Produce(
                context.Input,
                affine ? 2 * channels : 0,
                new LayerArg("num_groups", ArgValue.Of(groups)),
                new LayerArg("num_channels", ArgValue.Of(channels)),
                new LayerArg("eps", ArgValue.Of(context.Float("eps"))),
                new LayerArg("affine", ArgValue.Of(affine)));
        }
    }
}

/// <summary>
/// <c>nn.LayerNorm</c> over the whole per-sample shape: <c>normalized_shape</c> is the input's shape, so
/// each sample is normalized over all its elements (with one scale and shift per element when affine).
/// </summary>
internal sealed class LayerNormLayer : LayerDefinition
{
    public LayerNormLayer()
        : base(LayerNames.LayerNorm, "layerNorm", LayerRecipe.TorchSharp("LayerNorm", LayerPrecision.Float32),
            new ArgSpec("eps", ArgType.Float, 1e-5, ArgSpec.StrictlyPositive),
            new ArgSpec("elementwise_affine", ArgType.Bool, true),
            new ArgSpec("bias", ArgType.Bool, true))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed)
        {
            return;
        }

        checked
        {
            var input = context.Input;
            var elements = input.Dims.Aggregate(1L, (product, dim) => checked(product * dim));
            var affine = context.Bool("elementwise_affine");
            var bias = context.Bool("bias");
            context.Produce(
                input,
                affine ? elements * (bias ? 2 : 1) : 0,
                new LayerArg("normalized_shape", ArgValue.List(input.Dims.ToArray())),
                new LayerArg("eps", ArgValue.Of(context.Float("eps"))),
                new LayerArg("elementwise_affine", ArgValue.Of(affine)),
                new LayerArg("bias", ArgValue.Of(bias)));
        }
    }
}
