using System.Linq;
using GanGen.Runtime.Specs;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>
/// Sizes and parameter counts that do not fit in 64 bits are GAN0018 errors on the layer (or model)
/// that overflows, never sizes that wrapped around; the largest values that do fit are accepted and compile.
/// </summary>
public sealed class OverflowTests
{
    public static TheoryData<string, string, int, int, string> Cases => new()
    {
        { "Linear's weight count", Model("[4294967296]", "Linear: { out_features: 4294967296 }"), 5, 9, "Linear on input [4294967296] overflows 64-bit arithmetic" },
        { "Conv2d's weight count", Model("[4, 1, 1]", "Conv2d: { out_channels: 4611686018427387904, kernel_size: 1 }"), 5, 9, "Conv2d on input [4,1,1] overflows 64-bit arithmetic" },
        { "Conv2d's padded size", Model("[1, 1, 1]", "Conv2d: { out_channels: 1, kernel_size: 1, padding: 4611686018427387904 }"), 5, 9, "Conv2d on input [1,1,1] overflows 64-bit arithmetic" },
        { "ConvTranspose2d's output size", Model("[1, 3, 3]", "ConvTranspose2d: { out_channels: 1, kernel_size: 1, stride: 4611686018427387904 }"), 5, 9, "ConvTranspose2d on input [1,3,3] overflows 64-bit arithmetic" },
        { "MaxPool2d's dilated kernel", Model("[1, 3, 3]", "MaxPool2d: { kernel_size: 3, dilation: 4611686018427387904 }"), 5, 9, "MaxPool2d on input [1,3,3] overflows 64-bit arithmetic" },
        { "ZeroPad2d's padded size", Model("[1, 1, 1]", "ZeroPad2d: { padding: 9223372036854775807 }"), 5, 9, "ZeroPad2d on input [1,1,1] overflows 64-bit arithmetic" },
        { "MinibatchDiscrimination's projection", Model("[1]", "MinibatchDiscrimination: { num_kernels: 4294967296, kernel_dim: 4294967296 }"), 5, 9, "MinibatchDiscrimination on input [1] overflows 64-bit arithmetic" },
        { "ConcatLabels' feature count", "models:\n  G:\n    input: [9223372036854775807]\n    condition: { classes: 1 }\n    layers: [ConcatLabels]\n", 5, 14, "ConcatLabels on input [9223372036854775807] overflows 64-bit arithmetic" },
        { "Reshape's element count", Model("[4]", "Reshape: [4294967296, 4294967296, -1]"), 5, 9, "Reshape sizes overflow 64 bits" },
        { "an input's element count", Model("[4294967296, 4294967296]", "Flatten"), 3, 12, "The input of model 'G' [4294967296,4294967296] has more elements than fit in 64 bits" },
        { "a model's parameter total", Model("[1]", "Linear: { out_features: 4611686018427387903 }\n      - Linear: { out_features: 1 }"), 2, 3, "Model 'G' has more parameters than fit in 64 bits" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OverflowIsAnErrorWhereItHappens(string scenario, string yaml, int line, int column, string message)
    {
        Assert.False(string.IsNullOrEmpty(scenario));
        BothPaths.ReportOneError(yaml, "GAN0018", line, column, message);
    }

    [Fact]
    public void TheLargestCountsThatFitAreAcceptedAndCompile()
    {
        // 2^62 - 1 outputs with bias: 2^63 - 2 parameters, one short of long.MaxValue.
        var yaml = Model("[1]", "Linear: { out_features: 4611686018427387903 }");
        var (result, output, diagnostics) = GeneratorHarness.Run(yaml, BothPaths.SpecPath);

        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Contains("public const long ParameterCount = 9223372036854775806;", Assert.Single(result.Results[0].GeneratedSources).SourceText.ToString());
        Assert.Equal(9223372036854775806, Assert.Single(LoadedSpec.Parse(yaml).Models).ParameterCount);
    }

    [Fact]
    public void TheFakeClassOfTheMostClassesAllowedDoesNotWrapAround()
    {
        // K + 1 was computed in 32 bits: with K = int.MaxValue the message asked for [-2147483648] outputs.
        const string Yaml = "models:\n  G:\n    input: [4]\n    condition: { classes: 2147483647 }\n    layers: [{ Linear: { out_features: 1 } }]\n"
            + "  D:\n    input: [1]\n    condition: { classes: 2147483647 }\n    layers: [{ Linear: { out_features: 5 } }]\n"
            + "gans:\n  P:\n    generator: G\n    discriminator: D\n    training: { data: mnist, loss: k-plus-one, steps: 1 }\n";

        var loss = Assert.Single(GeneratorHarness.Run(Yaml, BothPaths.SpecPath).Diagnostics, d => d.Id == "GAN0020");

        Assert.Equal("GAN 'P': the (K+1)-class loss needs discriminator 'D' to output [2147483648] (2147483647 classes plus the fake class), but it outputs [5]", loss.GetMessage());
    }

    private static string Model(string input, string layers) => $"models:\n  G:\n    input: {input}\n    layers:\n      - {layers}\n";
}
