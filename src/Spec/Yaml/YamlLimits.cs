namespace GanGen.Spec.Yaml;

/// <summary>
/// Bounds on what the YAML reader accepts. A spec is a few hundred lines; these limits are far above
/// that and far below what would make a build hang or run out of memory on hostile input.
/// </summary>
public sealed record YamlLimits
{
    /// <summary>Largest accepted document, in characters.</summary>
    public int MaxCharacters { get; init; } = 4 * 1024 * 1024;

    /// <summary>Deepest accepted nesting of lists and mappings.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Most nodes, counting each alias use as the size of what it points to.</summary>
    public int MaxNodes { get; init; } = 1_000_000;

    /// <summary>The limits used by the generator and the run-time loader.</summary>
    public static YamlLimits Default { get; } = new();
}
