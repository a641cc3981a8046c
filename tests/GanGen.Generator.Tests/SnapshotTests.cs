using System.Linq;
using GanGen.Generator.Tests.Snapshots;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>The generated code for every model and GAN of src/Models.yaml, reviewed and pinned.</summary>
public sealed class SnapshotTests
{
    public static TheoryData<string> GeneratedFiles =>
        new(GeneratorHarness.Run(GeneratorHarness.ModelsYaml).Result.Results[0].GeneratedSources.Select(s => s.HintName));

    [Theory]
    [MemberData(nameof(GeneratedFiles))]
    public void GeneratedFileMatchesSnapshot(string hintName)
    {
        var source = GeneratorHarness.Run(GeneratorHarness.ModelsYaml).Result.Results[0].GeneratedSources.Single(s => s.HintName == hintName);
        Snapshot.Verify(hintName.Replace(".g.cs", string.Empty, System.StringComparison.Ordinal), source.SourceText.ToString());
    }

    [Fact]
    public void EverySeedModelAndGanIsGenerated()
    {
        var names = GeneratorHarness.Run(GeneratorHarness.ModelsYaml).Result.Results[0].GeneratedSources.Select(s => s.HintName).Order().ToArray();
        Assert.Equal(
            new[]
            {
                "ConditionalDcgan.g.cs", "ConditionalDcganDiscriminator.g.cs", "ConditionalDcganGenerator.g.cs", "Dcgan.g.cs",
                "DcganDiscriminator.g.cs", "DcganGenerator.g.cs", "KerasDcgan.g.cs", "KerasDcganDiscriminator.g.cs",
                "KerasDcganGenerator.g.cs", "OneD.g.cs", "OneDDiscriminator.g.cs", "OneDGenerator.g.cs", "OneDMinibatch.g.cs",
                "OneDMinibatchDiscriminator.g.cs", "Vanilla.g.cs", "VanillaDiscriminator.g.cs", "VanillaGenerator.g.cs",
            },
            names);
    }

    [Fact]
    public void GeneratedCodeCompilesWithoutErrorsOrWarnings()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.ModelsYaml);

        Assert.Empty(diagnostics);
        Assert.Null(result.Results[0].Exception);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void OutputIsDeterministicAndIndependentOfTheSpecsLocation()
    {
        static string[] Generate(string path) =>
            GeneratorHarness.Run(GeneratorHarness.ModelsYaml, path).Result.Results[0].GeneratedSources.Select(s => s.SourceText.ToString()).ToArray();

        var first = Generate("/home/alice/repo/src/Models.yaml");
        Assert.Equal(first, Generate("/home/alice/repo/src/Models.yaml"));
        Assert.Equal(first, Generate("C:/work/other/Models.yaml"));
    }

    [Fact]
    public void NamespaceComesFromTheProjectProperty()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.ModelsYaml, ns: "My.Nets");
        Assert.Empty(diagnostics);
        Assert.All(result.Results[0].GeneratedSources, s => Assert.Contains("namespace My.Nets;", s.SourceText.ToString(), System.StringComparison.Ordinal));
    }

    [Fact]
    public void AnInvalidNamespaceFallsBackWithAnError()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run(GeneratorHarness.ModelsYaml, ns: "My Nets");
        var error = Assert.Single(diagnostics);
        Assert.Equal("GAN0016", error.Id);
        Assert.Equal("GanGenNamespace 'My Nets' is not a C# namespace; the models are generated in GanGen.Models", error.GetMessage());
        Assert.All(result.Results[0].GeneratedSources, s => Assert.Contains("namespace GanGen.Models;", s.SourceText.ToString(), System.StringComparison.Ordinal));
    }
}
