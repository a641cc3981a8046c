using System.Collections.Generic;
using System.Linq;
using GanGen.Spec;
using GanGen.Spec.Model;
using Xunit;

namespace GanGen.Spec.Tests;

/// <summary>A model's <c>spectral_norm: true</c>: every layer that takes the argument gets it, blocks included, unless it writes <c>false</c>.</summary>
public sealed class ModelSpectralNormTests
{
    // Blocks within blocks, a block argument, and the two GAN layers with inner convolutions or a linear.
    private const string Blocks = """
        blocks:
          Inner:
            args: { normalized: true }
            graph:
              main:
                - Conv2d: { out_channels: 8, kernel_size: 3, padding: 1 }
                - SelfAttention
              plain:
                from: input
                layers:
                  - Conv2d: { out_channels: 8, kernel_size: 1, spectral_norm: $normalized }
              sum: { Add: [main, plain] }
          Outer:
            layers:
              - Inner
              - ConvTranspose2d: { out_channels: 8, kernel_size: 2, stride: 2 }
        """;

    private static readonly string[] Normalizable = { "Linear", "Conv2d", "ConvTranspose2d" };

    [Fact]
    public void EveryLinearAndConvolutionInsideTheModelAndItsBlocksIsSpectrallyNormalized()
    {
        var model = Analyze(Model("D", spectralNorm: true)).Models.Single();
        var layers = Flatten(model.Layers).ToList();

        Assert.Equal(6, layers.Count(l => Normalizable.Contains(l.Kind)));
        Assert.All(layers.Where(l => Normalizable.Contains(l.Kind)), l => Assert.Equal($"GanGen.Runtime.Layers.SpectralNorm{l.Kind}", l.Recipe.ModuleType));
        Assert.All(layers.Where(l => l.Kind is "SelfAttention" or "Projection"), l => Assert.Contains(l.Args, a => a.Name == "spectral_norm" && a.Value.Bool));
    }

    [Fact]
    public void WithoutTheModelKeyNothingIsNormalizedButWhatAsksForIt()
    {
        var layers = Flatten(Analyze(Model("D", spectralNorm: false)).Models.Single().Layers).ToList();

        // Inner's 1x1 shortcut writes spectral_norm: $normalized, true by default; Inner is used twice.
        Assert.Equal(new[] { "GanGen.Runtime.Layers.SpectralNormConv2d", "GanGen.Runtime.Layers.SpectralNormConv2d" }, layers.Select(l => l.Recipe.ModuleType).Where(t => t.Contains("SpectralNorm")));
        Assert.All(layers.Where(l => l.Kind is "SelfAttention" or "Projection"), l => Assert.DoesNotContain(l.Args, a => a.Name == "spectral_norm"));
    }

    [Fact]
    public void AnExplicitFalseWinsOverTheModels()
    {
        var spec = Blocks + "\n" + Model("D", spectralNorm: true).Replace("- Inner", "- Inner: { normalized: false }")
            .Replace("- Linear: { out_features: 16 }", "- Linear: { out_features: 16, spectral_norm: false }");
        var layers = Flatten(Analyze(spec, withBlocks: false).Models.Single().Layers).ToList();

        Assert.Equal("TorchSharp.Modules.Linear", layers.Single(l => l.Kind == "Linear").Recipe.ModuleType);
        // Outer's Inner keeps its normalized shortcut; the model's own Inner opts its shortcut out.
        const string Normalized = "GanGen.Runtime.Layers.SpectralNormConv2d";
        Assert.Equal(new[] { Normalized, Normalized, Normalized, "TorchSharp.Modules.Conv2d" }, layers.Where(l => l.Kind == "Conv2d").Select(l => l.Recipe.ModuleType).ToArray());
    }

    [Fact]
    public void ABlockWithAndWithoutSpectralNormIsTwoClasses()
    {
        var alone = Analyze(Model("D", spectralNorm: true)).Blocks.Count;
        var analysis = Analyze(Model("D", spectralNorm: true) + Model("E", spectralNorm: false).Replace("models:\n", string.Empty));

        // Same arguments and shapes, but different layers inside: E shares none of D's classes.
        Assert.Equal(2 * alone, analysis.Blocks.Count);
        Assert.Equal(analysis.Models[0].ParameterCount, analysis.Models[1].ParameterCount);
    }

    private static SpecAnalysis Analyze(string models, bool withBlocks = true)
    {
        var analysis = SpecEngine.Analyze("spec.yaml", withBlocks ? Blocks + "\n" + models : models);
        Assert.Empty(analysis.Diagnostics);
        return analysis;
    }

    private static string Model(string name, bool spectralNorm) => $$"""
        models:
          {{name}}:
            input: [3, 8, 8]
            condition: { classes: 4 }
            spectral_norm: {{(spectralNorm ? "true" : "false")}}
            layers:
              - Outer
              - Inner
              - GlobalSumPool
              - Linear: { out_features: 16 }
              - Projection

        """;

    /// <summary>The layers of a body, each block use replaced by the layers of its class, recursively.</summary>
    private static IEnumerable<ResolvedLayer> Flatten(IEnumerable<ResolvedLayer> layers) =>
        layers.SelectMany(l => l.Block is { } block ? Flatten(block.Body.Nodes.SelectMany(n => n.Steps)) : new[] { l });
}
