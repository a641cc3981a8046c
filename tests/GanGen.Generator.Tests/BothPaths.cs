using GanGen.Runtime.Specs;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>Checks that the build (the generator driver) and the run-time loader report a spec's error identically.</summary>
internal static class BothPaths
{
    public const string SpecPath = "/repo/src/Models.yaml";

    /// <summary>Both report exactly one error: this ID, at this 1-based line and column, with this message.</summary>
    public static void ReportOneError(string yaml, string id, int line, int column, string message)
    {
        var built = Assert.Single(GeneratorHarness.Run(yaml, SpecPath).Diagnostics);
        var position = built.Location.GetLineSpan().StartLinePosition;
        Assert.Equal((id, DiagnosticSeverity.Error, line, column, message), (built.Id, built.Severity, position.Line + 1, position.Character + 1, built.GetMessage()));

        var loaded = Assert.Single(Assert.Throws<SpecException>(() => LoadedSpec.Parse(yaml, SpecPath)).Diagnostics);
        Assert.Equal((id, line, column, message, built.Location.SourceSpan.Start), (loaded.Id, loaded.Location.Line + 1, loaded.Location.Column + 1, loaded.Message, loaded.Location.Start));
    }
}
