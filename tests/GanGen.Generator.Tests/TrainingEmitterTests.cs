using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>Training settings beyond the seeds' (image-folder size and channels, DiffAugment, R1) are written into the GAN class and compile.</summary>
public sealed class TrainingEmitterTests
{
    private const string Spec =
        "models:\n  G:\n    input: [8]\n    layers: [{ Linear: { out_features: 48 } }, { Reshape: [3, 4, 4] }, Tanh]\n"
        + "  D:\n    input: [3, 4, 4]\n    layers: [Flatten, { Linear: { out_features: 1 } }]\n"
        + "gans:\n  Pair:\n    generator: G\n    discriminator: D\n    training:\n"
        + "      data: { images: { path: icons, size: 4, channels: 3 } }\n      augment: [translation]\n      r1: { gamma: 10, every: 4 }\n      steps: 5\n";

    [Fact]
    public void ImageFolderAugmentAndR1AreWrittenAsInitializersThatCompile()
    {
        var (result, output, diagnostics) = GeneratorHarness.Run(Spec);

        Assert.Empty(diagnostics);
        var pair = result.Results[0].GeneratedSources.Single(s => s.HintName == "Pair.g.cs").SourceText.ToString();
        Assert.Contains("Path: \"icons\", Means: default, Std: 0.0, Scale: global::GanGen.Spec.Training.PixelScale.MinusOneToOne) { Size = 4, Channels = 3 },", pair, StringComparison.Ordinal);
        Assert.Contains("        Augment = new(Color: false, Translation: true, Cutout: false),\n        R1 = new(Gamma: 10.0, Every: 4),\n    };", pair.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }
}
