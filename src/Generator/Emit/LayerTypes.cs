using GanGen.Spec.Layers;

namespace GanGen.Generator.Emit;

/// <summary>Which .NET type implements each layer, and how to construct it.</summary>
internal static class LayerTypes
{
    private const string TorchModules = "global::TorchSharp.Modules.";
    private const string TorchFactory = "global::TorchSharp.torch.nn.";
    private const string GanGenLayers = "global::GanGen.Runtime.Layers.";

    /// <summary>The field type of a layer.</summary>
    public static string FieldType(string kind) => IsGanGenLayer(kind) ? GanGenLayers + kind : TorchModules + kind;

    /// <summary>The start of the construction expression, up to the argument list.</summary>
    public static string Constructor(string kind) => IsGanGenLayer(kind) ? "new " + GanGenLayers + kind : TorchFactory + kind;

    /// <summary>Layers TorchSharp lacks, implemented in GanGen.Runtime.</summary>
    private static bool IsGanGenLayer(string kind) =>
        kind is LayerNames.Reshape or LayerNames.ConcatLabels or LayerNames.MinibatchDiscrimination;
}
