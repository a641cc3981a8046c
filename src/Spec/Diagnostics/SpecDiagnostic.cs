namespace GanGen.Spec.Diagnostics;

/// <summary>
/// One problem found in a spec: a catalog ID, a finished message and where it is.
/// Kept as a plain equatable record (not a Roslyn <c>Diagnostic</c>) so incremental caching works
/// and the run-time loader reports exactly what the build reports.
/// </summary>
/// <param name="Id">The stable ID from <see cref="DiagnosticCatalog"/>, e.g. <c>GAN0009</c>.</param>
/// <param name="Message">The message, with the shapes and values involved.</param>
/// <param name="Location">Where in the YAML the problem is.</param>
public sealed record SpecDiagnostic(string Id, string Message, SpecLocation Location)
{
    /// <summary>The diagnostic as MSBuild prints it: <c>path(line,col): error GANxxxx: message</c>.</summary>
    public override string ToString() => $"{Location}: error {Id}: {Message}";
}
