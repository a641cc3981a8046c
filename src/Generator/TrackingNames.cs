namespace GanGen.Generator;

/// <summary>Names of the pipeline steps, so tests can check which ones ran and which were cached.</summary>
public static class TrackingNames
{
    /// <summary>Reading and analysing each YAML additional file.</summary>
    public const string Analysis = nameof(Analysis);

    /// <summary>Combining all files' analyses (cross-file duplicate names).</summary>
    public const string Merged = nameof(Merged);

    /// <summary>The models to emit, one item each.</summary>
    public const string Models = nameof(Models);

    /// <summary>The GANs to emit, one item each.</summary>
    public const string Gans = nameof(Gans);

    /// <summary>The block classes to emit, one item each.</summary>
    public const string Blocks = nameof(Blocks);

    /// <summary>The diagnostics to report, one item each.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The namespace of the generated code.</summary>
    public const string Namespace = nameof(Namespace);
}
