using System.Linq;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// The <c>spectral_norm</c> argument of Linear, Conv2d and ConvTranspose2d. With <c>true</c> the layer is
/// built by GanGen's spectrally normalized class, which takes the same constructor arguments as
/// TorchSharp's factory and normalizes the weight as PyTorch's <c>torch.nn.utils.spectral_norm</c> does;
/// TorchSharp has no spectral normalization of its own.
/// </summary>
internal static class SpectralNormArgument
{
    /// <summary>The argument, <c>false</c> by default.</summary>
    public static ArgSpec Spec { get; } = new("spectral_norm", ArgType.Bool, false);

    /// <summary>The recipe an entry asks for: its definition's own, or GanGen's <paramref name="spectralNormClass"/>.</summary>
    public static LayerRecipe Recipe(LayerContext context, string spectralNormClass) =>
        IsOn(context) ? LayerRecipe.GanGen(spectralNormClass, precision: LayerPrecision.Lowered) : context.Definition.Recipe;

    /// <summary>
    /// The constructor arguments of a GanGen layer that normalizes its inner convolutions or linear itself
    /// (SelfAttention, Projection): <paramref name="args"/>, and <c>spectral_norm: true</c> when on. Left out
    /// when off, the constructor's default, so code for layers without it reads as before.
    /// </summary>
    public static LayerArg[] Args(LayerContext context, params LayerArg[] args) =>
        IsOn(context) ? args.Concat(new[] { new LayerArg(Spec.Name, ArgValue.Of(true)) }).ToArray() : args;

    /// <summary>
    /// Whether the entry is spectrally normalized: as written on it, else as its model says. A written
    /// <c>false</c> wins over the model's <c>true</c>, so one layer can opt out.
    /// </summary>
    public static bool IsOn(LayerContext context) =>
        context.Has(Spec.Name) ? context.Bool(Spec.Name) : context.SpectralNormByDefault;
}
