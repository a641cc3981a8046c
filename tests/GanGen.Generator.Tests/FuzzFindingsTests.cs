using System;
using System.IO;
using System.Linq;
using System.Reflection;
using GanGen.Spec.Training;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>Regression tests for the bugs <see cref="FuzzTests"/> found, each as the smallest spec that showed it.</summary>
public sealed class FuzzFindingsTests
{
    [Fact]
    public void AnErrorAtTheEndOfAFileIsOnItsLastLine()
    {
        // YamlDotNet put it on a line past the end (3,1) of a file without a final line break.
        BothPaths.ReportOneError("models:\n  G: { input: [4], layers: [ReLU", "GAN0001", 2, 33, "While parsing a flow sequence, did not find expected ',' or ']'.");
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    [InlineData("\u0085")]
    [InlineData("\u2028")]
    public void LinesAreCountedAsTheCompilerCountsThem(string lineBreak)
    {
        var yaml = "models:\n  G:\n    input: [4]\n    layers: [Relu]\n".Replace("\n", lineBreak);
        BothPaths.ReportOneError(yaml, "GAN0003", 4, 14, "Unknown layer 'Relu' in model 'G'; did you mean 'ReLU'?");
    }

    [Theory]
    [InlineData("gans:\n  Vanilla:\n    : VanillaGenerator\n    discriminator: D\n", 3, 6)]
    [InlineData("models:\n  - : x\n", 2, 6)]
    public void AnEntryWithoutAKeyIsASyntaxErrorWhereItIs(string yaml, int line, int column)
    {
        // YamlDotNet drops the value after an empty block key, and the reader then failed with GAN0999.
        BothPaths.ReportOneError(yaml, "GAN0001", line, column, "This entry has no key before its ':'; write 'name: value'");
    }

    [Fact]
    public void NamesOfLowerCaseLettersOnlyAreRefused()
    {
        // Such a class compiles with warning CS8981, which fails builds that treat warnings as errors.
        BothPaths.ReportOneError("models:\n  gen:\n    input: [4]\n    layers: [ReLU]\n", "GAN0016", 2, 3,
            "'gen' cannot be a model name: a name of lower-case letters only may become a C# keyword; start it with a capital letter");

        var (_, output, diagnostics) = GeneratorHarness.Run("models:\n  gen2:\n    input: [4]\n    layers: [ReLU]\n");
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Fact]
    public void AnyCharacterOfADataPathSurvivesIntoTheCompiledSettings()
    {
        // A line separator (YAML's \L) in the path ended the generated string literal: CS1010, no build.
        const string Escaped = "a\\Lb\\Nc\\0d\\te\\\"f\\\\g\\U0001F4A5h\\x7Fi\\ej\\Pk";
        const string Expected = "a\u2028b\u0085c\0d\te\"f\\g\U0001F4A5h\u007Fi\u001Bj\u2029k";
        var yaml = "models:\n  G:\n    input: [4]\n    layers: [{ Linear: { out_features: 784 } }, Tanh]\n  D:\n    input: [784]\n    layers: [{ Linear: { out_features: 1 } }]\n"
            + $"gans:\n  Pair:\n    generator: G\n    discriminator: D\n    training: {{ data: {{ idx: {{ path: \"{Escaped}\" }} }}, steps: 1 }}\n";

        var (_, output, diagnostics) = GeneratorHarness.Run(yaml);
        Assert.Empty(diagnostics);
        using var image = new MemoryStream();
        var emitted = output.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        var pair = Assembly.Load(image.ToArray()).GetType("GanGen.Models.Pair", throwOnError: true)!;
        var training = (TrainingSettings)pair.GetProperty("Training")!.GetValue(null)!;
        Assert.Equal(Expected, training.Data.Path);
    }
}
