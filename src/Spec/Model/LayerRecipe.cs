namespace GanGen.Spec.Model;

/// <summary>Which library implements a layer's module.</summary>
public enum LayerLibrary
{
    /// <summary>TorchSharp: built by the factory <c>torch.nn.&lt;Class&gt;(...)</c>, typed <c>TorchSharp.Modules.&lt;Class&gt;</c>.</summary>
    TorchSharp,

    /// <summary>GanGen's runtime (layers TorchSharp lacks): built by <c>new GanGen.Runtime.Layers.&lt;Class&gt;(...)</c>.</summary>
    GanGen,

    /// <summary>A block's class, written by the generator beside the models that use it: <c>new &lt;Class&gt;()</c>.</summary>
    Block,
}

/// <summary>
/// What a layer computes in under <c>precision: bf16-mixed</c>; in float32 training every layer computes in float32.
/// </summary>
public enum LayerPrecision
{
    /// <summary>Computes in the dtype it receives: shape changes, activations, dropout, pooling, blocks.</summary>
    Follows,

    /// <summary>A matrix product or convolution: computes in bfloat16 from float32 master weights.</summary>
    Lowered,

    /// <summary>Normalizations, softmaxes and GanGen's small statistics layers: computes in float32.</summary>
    Float32,
}

/// <summary>
/// How a layer is built: the class that implements it and whether its forward takes the labels. With the
/// resolved arguments (named as the factory or constructor names its parameters) this is the whole
/// construction: the generator writes it as C#, the run-time loader invokes it, so both build one module.
/// </summary>
/// <param name="Library">Where the class lives.</param>
/// <param name="ClassName">The module class (and TorchSharp factory) name.</param>
/// <param name="TakesLabels">Whether the module is a <c>Module&lt;Tensor, Tensor, Tensor&gt;</c> called with the class labels.</param>
/// <param name="Precision">What the layer computes in under mixed precision.</param>
public sealed record LayerRecipe(LayerLibrary Library, string ClassName, bool TakesLabels, LayerPrecision Precision = LayerPrecision.Follows)
{
    /// <summary>The namespace of GanGen's own layers.</summary>
    public const string GanGenLayersNamespace = "GanGen.Runtime.Layers";

    /// <summary>The namespace of TorchSharp's module classes.</summary>
    public const string TorchSharpModulesNamespace = "TorchSharp.Modules";

    /// <summary>The full name of the module's type (without <c>global::</c>); a block's class is in the models' namespace.</summary>
    public string ModuleType => Library switch
    {
        LayerLibrary.TorchSharp => TorchSharpModulesNamespace + "." + ClassName,
        LayerLibrary.GanGen => GanGenLayersNamespace + "." + ClassName,
        _ => ClassName,
    };

    /// <summary>A layer TorchSharp builds with <c>torch.nn.&lt;className&gt;(...)</c>.</summary>
    public static LayerRecipe TorchSharp(string className, LayerPrecision precision = LayerPrecision.Follows) =>
        new(LayerLibrary.TorchSharp, className, TakesLabels: false, precision);

    /// <summary>A block's generated class.</summary>
    public static LayerRecipe ForBlock(string className, bool takesLabels) => new(LayerLibrary.Block, className, takesLabels);

    /// <summary>A layer of GanGen's runtime, built with its public constructor.</summary>
    public static LayerRecipe GanGen(string className, bool takesLabels = false, LayerPrecision precision = LayerPrecision.Follows) =>
        new(LayerLibrary.GanGen, className, takesLabels, precision);
}
