using System.Collections.Generic;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Parsing;

/// <summary>
/// What a body is resolved within: the model it belongs to (its classes), and inside a block, the
/// block's argument values and the chain of uses that led there.
/// </summary>
/// <param name="Model">The model being resolved, named in messages.</param>
/// <param name="Classes">The model's condition classes; 0 when unconditional.</param>
/// <param name="Arguments">Inside a block, the value of each argument (<c>$name</c>); <c>null</c> in a model.</param>
/// <param name="Blocks">The blocks being resolved, outermost first, to refuse a block that uses itself.</param>
/// <param name="SpectralNorm">
/// The model's <c>spectral_norm:</c>, the default of every layer inside it that takes the argument, blocks included.
/// </param>
internal sealed record BodyScope(string Model, int Classes, IReadOnlyDictionary<string, YamlNodeBase>? Arguments, IReadOnlyList<string> Blocks, bool SpectralNorm)
{
    /// <summary>The scope of a model's own body.</summary>
    public static BodyScope ForModel(string model, int classes, bool spectralNorm) => new(model, classes, null, new string[0], spectralNorm);

    /// <summary>The block being resolved, or <c>null</c> in a model's own body.</summary>
    public string? Block => Blocks.Count == 0 ? null : Blocks[Blocks.Count - 1];
}
