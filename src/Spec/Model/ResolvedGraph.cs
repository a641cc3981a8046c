using System.Linq;
using GanGen.Spec.Collections;
using GanGen.Spec.Diagnostics;

namespace GanGen.Spec.Model;

/// <summary>How a merge node combines the nodes it names.</summary>
public enum MergeKind
{
    /// <summary>Not a merge: the node is a chain of layers.</summary>
    None,

    /// <summary>Elementwise sum of equal shapes.</summary>
    Add,

    /// <summary>Elementwise product of equal shapes.</summary>
    Multiply,

    /// <summary>Concatenation on the first per-sample dimension (channels or features); the others equal.</summary>
    Concat,
}

/// <summary>
/// One node of a graph after shape inference: a chain of layers starting from another node, or a merge
/// of earlier nodes.
/// </summary>
/// <param name="Name">The node's name, unique in its graph; also the name of its chain's child module.</param>
/// <param name="From">A chain's start: <c>input</c> or an earlier node.</param>
/// <param name="Steps">A chain's layers and block uses, in order; empty for a merge.</param>
/// <param name="Merge">How a merge combines <paramref name="Inputs"/>; <see cref="MergeKind.None"/> for a chain.</param>
/// <param name="Inputs">The nodes a merge combines (<c>input</c> included), in order; empty for a chain.</param>
/// <param name="Output">The node's per-sample output shape.</param>
/// <param name="Location">The node's name in the YAML.</param>
public sealed record ResolvedNode(
    string Name,
    string From,
    EquatableArray<ResolvedLayer> Steps,
    MergeKind Merge,
    EquatableArray<string> Inputs,
    Shape Output,
    SpecLocation Location)
{
    /// <summary>The name that stands for a model's or block's input in <c>from:</c> and merges.</summary>
    public const string InputName = "input";

    /// <summary>Whether the node merges other nodes rather than running layers.</summary>
    public bool IsMerge => Merge != MergeKind.None;
}

/// <summary>
/// The body of a model or block: a <c>layers:</c> list (one chain from the input, whose modules are the
/// children <c>0</c>, <c>1</c>, ... as in an <c>nn.Sequential</c>) or a <c>graph:</c> (chains are children
/// named by their node). The last node is the output.
/// </summary>
/// <param name="Nodes">The nodes in order; a list is a single chain named <see cref="ListNodeName"/>.</param>
/// <param name="IsList">Whether the body was written as <c>layers:</c>.</param>
public sealed record ResolvedGraph(EquatableArray<ResolvedNode> Nodes, bool IsList)
{
    /// <summary>The name of a <c>layers:</c> body's one chain (it has no child module of its own).</summary>
    public const string ListNodeName = "";

    /// <summary>The output node.</summary>
    public ResolvedNode Output => Nodes[Nodes.Count - 1];

    /// <summary>
    /// The layer that decides the output's range: the last layer of the output chain that is not one of
    /// <paramref name="passThrough"/> (looking into a block that ends the chain); <c>null</c> when the
    /// output is a merge or no such layer ends the chain.
    /// </summary>
    public ResolvedLayer? FinalLayer(System.Func<ResolvedLayer, bool> passThrough)
    {
        for (var i = Output.Steps.Count - 1; i >= 0; i--)
        {
            var step = Output.Steps[i];
            if (step.Block is { } block)
            {
                return block.Body.FinalLayer(passThrough);
            }

            if (!passThrough(step))
            {
                return step;
            }
        }

        return null;
    }
}

/// <summary>
/// A block as its uses build it: the generator writes one module class per distinct construction, named
/// after the block (<c>GBlock</c>, then <c>GBlock_2</c>, ... for further distinct ones). Uses whose inputs
/// differ only where no layer's construction depends on it (height and width) share the class; its
/// shapes are those of the first use.
/// </summary>
/// <param name="ClassName">The generated class.</param>
/// <param name="BlockName">The block's name in <c>blocks:</c>.</param>
/// <param name="Input">Per-sample input shape of the first use.</param>
/// <param name="Body">Its layers or graph, with the first use's shapes.</param>
/// <param name="TakesLabels">Whether a layer inside takes the class labels, and so the block's forward.</param>
/// <param name="ParameterCount">Trainable parameters.</param>
/// <param name="Location">The block's name in <c>blocks:</c>.</param>
public sealed record ResolvedBlock(string ClassName, string BlockName, Shape Input, ResolvedGraph Body, bool TakesLabels, long ParameterCount, SpecLocation Location)
{
    /// <summary>Per-sample output shape.</summary>
    public Shape Output => Body.Output.Output;

    /// <summary>Every layer and block use of the body, chain by chain, in document order.</summary>
    public EquatableArray<ResolvedLayer> Layers => Body.Nodes.SelectMany(n => n.Steps).ToEquatableArray();
}
