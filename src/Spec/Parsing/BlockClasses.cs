using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Parsing;

/// <summary>
/// The generated classes of a spec's blocks: one per distinct construction (the modules its arguments and
/// input channels build), named after the block, then <c>_2</c>, <c>_3</c>, ... in order of first use.
/// Uses that build the same modules share one class, so a residual block used at 8×8 and at 16×16 (whose
/// layers do not depend on height and width) is one class.
/// </summary>
internal sealed class BlockClasses
{
    private readonly Dictionary<string, List<(string Construction, ResolvedBlock Block)>> byBlock = new(System.StringComparer.Ordinal);
    private readonly List<ResolvedBlock> all = new();

    /// <summary>Every class, in order of first use.</summary>
    public IReadOnlyList<ResolvedBlock> All => all;

    /// <summary>The class for this instantiation of <paramref name="block"/>, shared with an equal earlier one.</summary>
    public ResolvedBlock Intern(BlockTemplate block, Shape input, ResolvedGraph body, bool takesLabels, long parameters, SpecLocation location)
    {
        if (!byBlock.TryGetValue(block.Name, out var instances))
        {
            byBlock[block.Name] = instances = new List<(string, ResolvedBlock)>();
        }

        var construction = Construction(body);
        if (instances.FirstOrDefault(b => b.Construction == construction).Block is { } existing)
        {
            return existing;
        }

        var name = instances.Count == 0 ? block.Name : $"{block.Name}_{instances.Count + 1}";
        var resolved = new ResolvedBlock(name, block.Name, input, body, takesLabels, parameters, location);
        instances.Add((construction, resolved));
        all.Add(resolved);
        return resolved;
    }

    /// <summary>What a body builds and how its forward runs, without the shapes its layers see.</summary>
    private static string Construction(ResolvedGraph body) =>
        string.Join("\n", body.Nodes.Select(node =>
            $"{node.Name} from {node.From} {node.Merge} [{string.Join(",", node.Inputs)}]: "
            + string.Join("; ", node.Steps.Select(step => $"{step.FieldName} = {step.Recipe}({string.Join(", ", step.Args.Select(a => $"{a.Name}: {a.Value}"))})"))));
}
