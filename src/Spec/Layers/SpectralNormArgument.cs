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
        context.Bool(Spec.Name) ? LayerRecipe.GanGen(spectralNormClass) : context.Definition.Recipe;
}
