using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;

namespace GanGen.Spec.Parsing;

/// <summary>
/// The generated classes of a spec's blocks: one per distinct instantiation (arguments and input shape),
/// named after the block, then <c>_2</c>, <c>_3</c>, ... in order of first use. Uses that resolve to the
/// same body share one class.
/// </summary>
internal sealed class BlockClasses
{
    private readonly Dictionary<string, List<ResolvedBlock>> byBlock = new(System.StringComparer.Ordinal);
    private readonly List<ResolvedBlock> all = new();

    /// <summary>Every class, in order of first use.</summary>
    public IReadOnlyList<ResolvedBlock> All => all;

    /// <summary>The class for this instantiation of <paramref name="block"/>, shared with an equal earlier one.</summary>
    public ResolvedBlock Intern(BlockTemplate block, Shape input, ResolvedGraph body, bool takesLabels, long parameters, SpecLocation location)
    {
        if (!byBlock.TryGetValue(block.Name, out var instances))
        {
            byBlock[block.Name] = instances = new List<ResolvedBlock>();
        }

        if (instances.FirstOrDefault(b => b.Input == input && b.Body == body) is { } existing)
        {
            return existing;
        }

        var name = instances.Count == 0 ? block.Name : $"{block.Name}_{instances.Count + 1}";
        var resolved = new ResolvedBlock(name, block.Name, input, body, takesLabels, parameters, location);
        instances.Add(resolved);
        all.Add(resolved);
        return resolved;
    }
}
