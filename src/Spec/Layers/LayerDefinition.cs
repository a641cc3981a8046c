using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Model;

namespace GanGen.Spec.Layers;

/// <summary>
/// One layer of the YAML language, defined once: its name, its arguments, its shape rule and how it is
/// built. Subclasses implement PyTorch's documented formulas; they are the only place a layer's rules
/// live, for the generator and the run-time loader alike. Adding a layer means adding a definition to
/// <see cref="LayerCatalog"/> (and, for a layer TorchSharp lacks, its module in GanGen.Runtime.Layers).
/// </summary>
internal abstract class LayerDefinition
{
    protected LayerDefinition(string name, string fieldPrefix, LayerRecipe recipe, params ArgSpec[] arguments)
    {
        Name = name;
        FieldPrefix = fieldPrefix;
        Recipe = recipe;
        Arguments = arguments;
    }

    /// <summary>The name written in YAML, PyTorch's class name.</summary>
    public string Name { get; }

    /// <summary>Start of the generated field's name; the layer's position is appended (<c>conv2d3</c>).</summary>
    public string FieldPrefix { get; }

    /// <summary>
    /// The module class that implements the layer; <see cref="Infer"/> supplies its arguments, and may
    /// choose another class for an entry whose arguments ask for one (<c>spectral_norm: true</c>).
    /// </summary>
    public LayerRecipe Recipe { get; }

    /// <summary>The arguments the layer takes, in PyTorch's order.</summary>
    public IReadOnlyList<ArgSpec> Arguments { get; }

    /// <summary>Whether the layer is written with a list value (<c>- Reshape: [256, 7, 7]</c>).</summary>
    public virtual bool TakesList => false;

    public object? DefaultOf(string name) => Arguments.First(a => a.Name == name).Default;

    /// <summary>Checks the input shape and arguments, then produces the resolved layer(s) or reports why not.</summary>
    public abstract void Infer(LayerContext context);
}
