using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests.Snapshots;

/// <summary>
/// The generated code for every model and GAN of src/Models.yaml, reviewed and pinned as
/// <c>SnapshotTests.&lt;File&gt;.verified.cs</c> beside this file; and the properties every generated
/// set must have: it compiles cleanly against the real assemblies and depends only on the spec's text.
/// </summary>
public sealed class SnapshotTests
{
    // One generator run serves every snapshot case; the run is deterministic (checked below).
    private static readonly Lazy<GeneratorDriverRunResult> Seeds = new(() => GeneratorHarness.Run(GeneratorHarness.ModelsYaml).Result);

    public static TheoryData<string> GeneratedFiles => new(Seeds.Value.Results[0].GeneratedSources.Select(s => s.HintName));

    [Theory]
    [MemberData(nameof(GeneratedFiles))]
    public void GeneratedFileMatchesSnapshot(string hintName)
    {
        var source = Seeds.Value.Results[0].GeneratedSources.Single(s => s.HintName == hintName);
        Snapshot.Verify(hintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal), source.SourceText.ToString());
    }

    [Fact]
    public void EverySeedModelAndGanIsGenerated()
    {
        var names = Seeds.Value.Results[0].GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal).ToArray();

        // 20 models, 13 GANs, and 5 block classes: one per distinct construction (uses at other resolutions share it;
        // the 6-class conditional up-block is a class of its own).
        Assert.Equal(
            new[]
            {
                "ColourConditionalSngan.g.cs", "ColourDcgan.g.cs", "ColourDcganDiscriminator.g.cs", "ColourDcganGenerator.g.cs", "ColourSngan.g.cs",
                "ConditionalDcgan.g.cs", "ConditionalDcganDiscriminator.g.cs", "ConditionalDcganGenerator.g.cs",
                "ConditionalResidualUp.g.cs", "ConditionalResidualUp_2.g.cs",
                "ConditionalSngan.g.cs", "ConditionalSnganDiscriminator.g.cs", "ConditionalSnganGenerator.g.cs", "Dcgan.g.cs",
                "DcganDiscriminator.g.cs", "DcganGenerator.g.cs", "FirstResidualDown.g.cs", "FirstResidualDown_2.g.cs",
                "IconConditionalSnganDiscriminator.g.cs", "IconConditionalSnganGenerator.g.cs",
                "IconSnganDiscriminator.g.cs", "IconSnganGenerator.g.cs", "KerasDcgan.g.cs",
                "KerasDcganDiscriminator.g.cs", "KerasDcganGenerator.g.cs", "KerasDcganQuick.g.cs", "OneD.g.cs", "OneDCritic.g.cs",
                "OneDDiscriminator.g.cs", "OneDGenerator.g.cs", "OneDLeastSquares.g.cs", "OneDMinibatch.g.cs",
                "OneDMinibatchDiscriminator.g.cs", "OneDNormalInit.g.cs", "ResidualDown.g.cs", "ResidualDown_2.g.cs",
                "ResidualUp.g.cs", "ResidualUp_2.g.cs", "Sngan.g.cs", "SnganDiscriminator.g.cs",
                "SnganGenerator.g.cs", "Vanilla.g.cs", "VanillaDiscriminator.g.cs", "VanillaGenerator.g.cs",
            },
            names);
    }

    [Fact]
    public void EveryVerifiedFileBelongsToAGeneratedFile()
    {
        // A model renamed or removed from the YAML must not leave its old snapshot behind unnoticed.
        var expected = Seeds.Value.Results[0].GeneratedSources.Select(s => $"{nameof(SnapshotTests)}.{s.HintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal)}.verified.cs");
        var onDisk = Directory.GetFiles(SourceDirectory(), $"{nameof(SnapshotTests)}.*.verified.cs").Select(Path.GetFileName);
        Assert.Equal(expected.Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GeneratedCodeCompilesWithoutErrorsOrWarnings()
    {
        // Against the real TorchSharp and GanGen.Runtime assemblies and the framework (see GeneratorHarness),
        // with a user file that uses the generated API the way the samples do.
        const string User = """
            using GanGen.Models;
            using TorchSharp;

            /// <summary>Uses every kind of generated member.</summary>
            public static class Use
            {
                /// <summary>Runs a few models.</summary>
                /// <returns>A number made of their metadata.</returns>
                public static long Run()
                {
                    using var g = Vanilla.CreateGenerator();
                    torch.nn.Module<torch.Tensor, torch.Tensor> d = new VanillaDiscriminator();
                    using var c = new ConditionalDcganGenerator();
                    var logits = d.forward(g.forward(torch.randn(2, VanillaGenerator.InputShape[0])));
                    var images = c.forward(torch.randn(2, 100), torch.zeros(2, dtype: torch.int64));
                    return VanillaGenerator.ParameterCount + ConditionalDcganGenerator.Classes + logits.shape[1] + images.shape[1]
                        + KerasDcganGenerator.OutputShape.Count + OneDMinibatchDiscriminator.Summary.Length + Dcgan.Name.Length;
                }
            }
            """;
        var compilation = GeneratorHarness.Compilation(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(User, GeneratorHarness.ParseOptions, "Use.cs"));
        var driver = GeneratorHarness.Driver(new[] { ("/repo/src/Models.yaml", GeneratorHarness.ModelsYaml) })
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);

        Assert.Empty(diagnostics);
        Assert.Null(driver.GetRunResult().Results[0].Exception);
        Assert.Equal(1 + 44, output.SyntaxTrees.Count());
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        using var assembly = new MemoryStream();
        var emitted = output.Emit(assembly);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }

    [Fact]
    public void OutputIsDeterministicAndIndependentOfTheSpecsLocation()
    {
        static string[] Generate(string path) =>
            GeneratorHarness.Run(GeneratorHarness.ModelsYaml, path).Result.Results[0].GeneratedSources
                .Select(s => s.HintName + "\n" + s.SourceText).ToArray();

        var first = Generate("/home/alice/repo/src/Models.yaml");
        Assert.Equal(first, Generate("/home/alice/repo/src/Models.yaml"));
        Assert.Equal(first, Generate("/srv/ci/build/7/src/Models.yaml"));
        Assert.Equal(first, Generate(@"C:\work\other\Models.yaml"));
        Assert.Equal(first, Generate("Models.yaml"));
    }

    [Fact]
    public void NamespaceComesFromTheProjectProperty()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.ModelsYaml, ns: " My.Nets ");

        Assert.Empty(diagnostics);
        Assert.All(result.Results[0].GeneratedSources, s => Assert.Contains("\nnamespace My.Nets;\n", s.SourceText.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(result.Results[0].GeneratedSources, s => s.SourceText.ToString().Contains("GanGen.Models", StringComparison.Ordinal));
        Assert.NotNull(output.GetTypeByMetadataName("My.Nets.KerasDcganGenerator"));
    }

    [Theory]
    [InlineData("My Nets")]
    [InlineData("My..Nets")]
    [InlineData("My.class")]
    [InlineData("1Nets")]
    public void AnInvalidNamespaceFallsBackWithAnError(string ns)
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(GeneratorHarness.ModelsYaml, ns: ns);

        var error = Assert.Single(diagnostics);
        Assert.Equal("GAN0016", error.Id);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal($"GanGenNamespace '{ns}' is not a C# namespace; the models are generated in GanGen.Models", error.GetMessage());
        Assert.All(result.Results[0].GeneratedSources, s => Assert.Contains("\nnamespace GanGen.Models;\n", s.SourceText.ToString(), StringComparison.Ordinal));
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
