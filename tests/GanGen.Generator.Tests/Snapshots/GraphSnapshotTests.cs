using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests.Snapshots;

/// <summary>
/// The generated code of a graph model and its block classes, pinned as
/// <c>GraphSnapshotTests.&lt;File&gt;.verified.cs</c>: a block with arguments used with two argument sets
/// (two classes), a block taking labels, every merge, a chain from an earlier node, and a node named by a
/// C# keyword.
/// </summary>
public sealed class GraphSnapshotTests
{
    public const string Yaml = """
        blocks:
          Residual:
            args: { channels: ~, slope: 0.2 }
            graph:
              main:
                - Conv2d: { out_channels: $channels, kernel_size: 3, padding: 1 }
                - LeakyReLU: { negative_slope: $slope }
                - Conv2d: { out_channels: $channels, kernel_size: 3, padding: 1 }
              shortcut:
                from: input
                layers:
                  - Conv2d: { out_channels: $channels, kernel_size: 1 }
              sum: { Add: [main, shortcut] }
          Labelled:
            layers:
              - ConcatLabels
              - Conv2d: { out_channels: 8, kernel_size: 1 }
        models:
          UNetLike:
            input: [3, 16, 16]
            condition: { classes: 4 }
            graph:
              down:
                - Residual: { channels: 8 }
                - MaxPool2d: { kernel_size: 2 }
              deeper:
                - Residual: { channels: 8, slope: 0.1 }
              gate:
                from: deeper
                layers: [Sigmoid]
              gated: { Multiply: [deeper, gate] }
              up:
                - ConvTranspose2d: { out_channels: 8, kernel_size: 2, stride: 2 }
              skip: { Concat: [up, input] }
              out:
                - Labelled
                - Tanh
            output: [8, 16, 16]
        """;

    private static readonly Lazy<(GeneratorDriverRunResult Result, Compilation Output)> Run = new(() =>
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(Yaml);
        Assert.Empty(diagnostics);
        return (result, output);
    });

    public static TheoryData<string> GeneratedFiles => new(Run.Value.Result.Results[0].GeneratedSources.Select(s => s.HintName));

    [Theory]
    [MemberData(nameof(GeneratedFiles))]
    public void GeneratedFileMatchesSnapshot(string hintName)
    {
        var source = Run.Value.Result.Results[0].GeneratedSources.Single(s => s.HintName == hintName);
        Snapshot.Verify(hintName.Replace(".g.cs", string.Empty, StringComparison.Ordinal), source.SourceText.ToString());
    }

    [Fact]
    public void OneClassPerDistinctBlockInstantiation()
    {
        var names = Run.Value.Result.Results[0].GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { "Labelled.g.cs", "Residual.g.cs", "Residual_2.g.cs", "UNetLike.g.cs" }, names);
    }

    [Fact]
    public void GeneratedCodeCompilesWithoutErrorsOrWarnings() =>
        Assert.Empty(Run.Value.Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
}
