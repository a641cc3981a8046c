using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary><c>nn.Linear</c>: acts on the last dimension, like PyTorch; optionally spectrally normalized.</summary>
internal sealed class LinearLayer : LayerDefinition
{
    public LinearLayer()
        : base(LayerNames.Linear, "linear", LayerRecipe.TorchSharp("Linear", LayerPrecision.Lowered),
            new ArgSpec("out_features", ArgType.Int, null, ArgSpec.Positive),
            new ArgSpec("bias", ArgType.Bool, true),
            SpectralNormArgument.Spec)
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
            var inFeatures = context.Input[context.Input.Rank - 1];
            var outFeatures = context.Int("out_features");
            var bias = context.Bool("bias");
            context.Produce(
                SpectralNormArgument.Recipe(context, "SpectralNormLinear"),
                context.Input.WithLast(outFeatures),
                (inFeatures * outFeatures) + (bias ? outFeatures : 0),
                new LayerArg("inputSize", ArgValue.Of(inFeatures)),
                new LayerArg("outputSize", ArgValue.Of(outFeatures)),
                new LayerArg("hasBias", ArgValue.Of(bias)));
        }
    }
}

/// <summary>
/// Minibatch discrimination (Salimans et al. 2016, "Improved Techniques for Training GANs"): appends,
/// per sample, <c>num_kernels</c> features measuring how close it is to the rest of the batch, so the
/// discriminator can see a collapsed generator. <c>bias</c> adds the bias the 1-D seed's linear map has.
/// </summary>
internal sealed class MinibatchDiscriminationLayer : LayerDefinition
{
    public MinibatchDiscriminationLayer()
        : base(LayerNames.MinibatchDiscrimination, "minibatchDiscrimination", LayerRecipe.GanGen("MinibatchDiscrimination", precision: LayerPrecision.Float32),
            new ArgSpec("num_kernels", ArgType.Int, null, ArgSpec.Positive),
            new ArgSpec("kernel_dim", ArgType.Int, null, ArgSpec.Positive),
            new ArgSpec("bias", ArgType.Bool, false))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed || !context.RequireRank("[features]", 1))
        {
            return;
        }

        checked
        {
            var inFeatures = context.Input[0];
            var kernels = context.Int("num_kernels");
            var kernelDim = context.Int("kernel_dim");
            var bias = context.Bool("bias");
            var projection = kernels * kernelDim;
            context.Produce(
                Shape.Of(inFeatures + kernels),
                (inFeatures * projection) + (bias ? projection : 0),
                new LayerArg("in_features", ArgValue.Of(inFeatures)),
                new LayerArg("num_kernels", ArgValue.Of(kernels)),
                new LayerArg("kernel_dim", ArgValue.Of(kernelDim)),
                new LayerArg("bias", ArgValue.Of(bias)));
        }
    }
}

/// <summary>
/// Concatenates the one-hot class label to the features: to a vector <c>[F]</c> it appends K values;
/// to feature maps <c>[C,H,W]</c> it appends K constant maps, as the seeds' <c>conv_cond_concat</c> does.
/// </summary>
internal sealed class ConcatLabelsLayer : LayerDefinition
{
    public ConcatLabelsLayer()
        : base(LayerNames.ConcatLabels, "concatLabels", LayerRecipe.GanGen("ConcatLabels", takesLabels: true))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed)
        {
            return;
        }

        if (!context.RequireCondition() || !context.RequireRank("[features] or [C,H,W]", 1, 3))
        {
            return;
        }

        checked
        {
            var input = context.Input;
            var output = input.Rank == 1 ? Shape.Of(input[0] + context.Classes) : Shape.Of(input[0] + context.Classes, input[1], input[2]);
            context.Produce(output, 0, new LayerArg("classes", ArgValue.Of((long)context.Classes)));
        }
    }
}
