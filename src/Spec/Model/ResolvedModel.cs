using System.Linq;
using GanGen.Spec.Collections;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Training;

namespace GanGen.Spec.Model;

/// <summary>
/// A layer after validation and shape inference: everything needed to construct it, with no YAML left.
/// </summary>
/// <param name="Kind">The layer's class name (<c>Conv2d</c>, <c>ConcatLabels</c>, ...).</param>
/// <param name="FieldName">The field that holds it in the generated module; also its name in the state dict.</param>
/// <param name="Recipe">The module class that implements it.</param>
/// <param name="Args">Constructor arguments, inferred sizes included, named and ordered as the factory or constructor takes them.</param>
/// <param name="Input">Per-sample input shape.</param>
/// <param name="Output">Per-sample output shape.</param>
/// <param name="ParameterCount">Trainable parameters of this layer.</param>
/// <param name="Location">The YAML entry the layer comes from.</param>
/// <param name="Block">For a block use, the instantiated block (its <paramref name="Recipe"/> names its generated class).</param>
public sealed record ResolvedLayer(
    string Kind,
    string FieldName,
    LayerRecipe Recipe,
    EquatableArray<LayerArg> Args,
    Shape Input,
    Shape Output,
    long ParameterCount,
    SpecLocation Location,
    ResolvedBlock? Block = null)
{
    /// <summary>Whether the layer's forward takes the class labels as a second input.</summary>
    public bool TakesLabels => Recipe.TakesLabels;

    /// <summary>Finds an argument by name.</summary>
    public ArgValue? Arg(string name)
    {
        foreach (var arg in Args)
        {
            if (arg.Name == name)
            {
                return arg.Value;
            }
        }

        return null;
    }
}

/// <summary>A model that passed every check, ready to be emitted or built.</summary>
/// <param name="Name">The model's name, a C# identifier.</param>
/// <param name="Input">Per-sample input shape.</param>
/// <param name="Output">Per-sample output shape.</param>
/// <param name="Classes">Number of condition classes, or 0 for an unconditional model.</param>
/// <param name="Body">Its layers or graph.</param>
/// <param name="ParameterCount">Trainable parameters in total.</param>
/// <param name="Location">The model's name in the YAML.</param>
public sealed record ResolvedModel(
    string Name,
    Shape Input,
    Shape Output,
    int Classes,
    ResolvedGraph Body,
    long ParameterCount,
    SpecLocation Location)
{
    /// <summary>Whether the model takes class labels.</summary>
    public bool IsConditional => Classes > 0;

    /// <summary>Every layer and block use of the body, chain by chain, in document order.</summary>
    public EquatableArray<ResolvedLayer> Layers => Body.Nodes.SelectMany(n => n.Steps).ToEquatableArray();
}

/// <summary>A generator/discriminator pair from the <c>gans:</c> section whose models fit together.</summary>
/// <param name="Name">The GAN's name, a C# identifier.</param>
/// <param name="Generator">The generator model's name.</param>
/// <param name="Discriminator">The discriminator model's name.</param>
/// <param name="Training">The <c>training:</c> section, checked against the pair; <c>null</c> when absent.</param>
/// <param name="Location">The GAN's name in the YAML.</param>
public sealed record ResolvedGan(string Name, string Generator, string Discriminator, TrainingSettings? Training, SpecLocation Location);

/// <summary>Everything the spec engine learned from one spec file.</summary>
/// <param name="Path">The spec file's path.</param>
/// <param name="Models">Models with no errors, in document order.</param>
/// <param name="Gans">GANs with no errors, in document order.</param>
/// <param name="Blocks">The classes of the blocks the models use, one per distinct instantiation, in order of first use.</param>
/// <param name="Diagnostics">Every problem found, ordered by position.</param>
public sealed record SpecAnalysis(
    string Path,
    EquatableArray<ResolvedModel> Models,
    EquatableArray<ResolvedGan> Gans,
    EquatableArray<ResolvedBlock> Blocks,
    EquatableArray<SpecDiagnostic> Diagnostics);
