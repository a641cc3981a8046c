using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// Layers that keep their input's shape and have no parameters: activations and dropout. Each
/// argument (a number, or a word that stands for a TorchSharp enum member) is passed on to TorchSharp
/// under PyTorch's name.
/// </summary>
internal sealed class ElementwiseLayer : LayerDefinition
{
    private ElementwiseLayer(string name, string fieldPrefix, params ArgSpec[] arguments)
        : this(name, fieldPrefix, LayerRecipe.TorchSharp(name), arguments)
    {
    }

    private ElementwiseLayer(string name, string fieldPrefix, LayerRecipe recipe, params ArgSpec[] arguments)
        : base(name, fieldPrefix, recipe, arguments)
    {
    }

    public static ElementwiseLayer ReLU { get; } = new(LayerNames.ReLU, "relu");

    public static ElementwiseLayer LeakyReLU { get; } = new(LayerNames.LeakyReLU, "leakyRelu", new ArgSpec("negative_slope", ArgType.Float, 0.01));

    public static ElementwiseLayer Tanh { get; } = new(LayerNames.Tanh, "tanh");

    public static ElementwiseLayer Sigmoid { get; } = new(LayerNames.Sigmoid, "sigmoid");

    public static ElementwiseLayer Softplus { get; } = new(LayerNames.Softplus, "softplus",
        new ArgSpec("beta", ArgType.Float, 1.0, ArgSpec.StrictlyPositive),
        new ArgSpec("threshold", ArgType.Float, 20.0, ArgSpec.StrictlyPositive));

    /// <summary>Dropout, GanGen's own: the same layer as <c>nn.Dropout</c>, with a mask drawn in one vectorised call (see the runtime's class).</summary>
    public static ElementwiseLayer Dropout { get; } = new(LayerNames.Dropout, "dropout", LayerRecipe.GanGen(LayerNames.Dropout), new ArgSpec("p", ArgType.Float, 0.5, ArgSpec.Probability));

    /// <summary><c>nn.Identity</c>: passes its input on; a placeholder where a layer is optional (a block's shortcut).</summary>
    public static ElementwiseLayer Identity { get; } = new(LayerNames.Identity, "identity");

    /// <summary><c>nn.GELU</c>, exact (<c>approximate: none</c>) or with PyTorch's tanh approximation.</summary>
    public static ElementwiseLayer GELU { get; } = new(LayerNames.GELU, "gelu",
        ArgSpec.Word("approximate", "none", "TorchSharp.Modules.GELU.Approximate", new WordChoice("none", "none"), new WordChoice("tanh", "tanh")));

    /// <summary><c>nn.SiLU</c> (swish): x·sigmoid(x).</summary>
    public static ElementwiseLayer SiLU { get; } = new(LayerNames.SiLU, "silu");

    /// <summary><c>nn.ELU</c>: x for x &gt; 0, alpha·(exp(x) - 1) otherwise.</summary>
    public static ElementwiseLayer ELU { get; } = new(LayerNames.ELU, "elu", new ArgSpec("alpha", ArgType.Float, 1.0));

    public override void Infer(LayerContext context)
    {
        if (context.Failed)
        {
            return;
        }

        var args = new LayerArg[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            var name = Arguments[i].Name;
            args[i] = new LayerArg(name, Arguments[i].Type == ArgType.Word ? context.Enum(name) : ArgValue.Of(context.Float(name)));
        }

        context.Produce(context.Input, 0, args);
    }
}

/// <summary>
/// <c>Softmax</c> and <c>LogSoftmax</c> over one dimension (<c>dim</c>, counted on the batched tensor
/// as in PyTorch). Shape-preserving; the loss checks use them to catch a softmax before a cross-entropy.
/// </summary>
internal sealed class SoftmaxLayer : LayerDefinition
{
    private SoftmaxLayer(string name, string fieldPrefix)
        : base(name, fieldPrefix, LayerRecipe.TorchSharp(name, LayerPrecision.Float32), new ArgSpec("dim", ArgType.Int, null))
    {
    }

    public static SoftmaxLayer Softmax { get; } = new(LayerNames.Softmax, "softmax");

    public static SoftmaxLayer LogSoftmax { get; } = new(LayerNames.LogSoftmax, "logSoftmax");

    public override void Infer(LayerContext context)
    {
        if (context.Failed)
        {
            return;
        }

        var dim = context.Int("dim");
        var rank = context.Input.Rank + 1;
        if (dim < -rank || dim >= rank)
        {
            context.Error(DiagnosticCatalog.OutOfRange, $"{Name} dim {dim} is outside the batched input's {rank} dimensions (input {context.Input} plus the batch)", "dim");
            return;
        }

        context.Produce(context.Input, 0, new LayerArg("dim", ArgValue.Of(dim)));
    }
}
