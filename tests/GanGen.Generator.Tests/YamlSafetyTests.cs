using System.Linq;
using GanGen.Spec;
using GanGen.Spec.Yaml;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>
/// What hostile YAML cannot do: make the reader create objects through tags, expand aliases without
/// bound, nest without bound, or be arbitrarily large. Each limit is exact and reported on the YAML.
/// (The default limits themselves are in <see cref="DiagnosticTests"/>: the billion-laughs bomb, 100
/// levels of nesting, a 4 MiB file.)
/// </summary>
public sealed class YamlSafetyTests
{
    public static TheoryData<string, int, int, string> Tags => new()
    {
        { "models:\n  G:\n    input: !!python/object/apply:os.system [\"echo pwned\"]\n    layers: [ReLU]\n", 3, 12, "!!python/object/apply:os.system" },
        { "models:\n  G:\n    input: [4]\n    layers: [!System.Diagnostics.Process ReLU]\n", 4, 14, "!System.Diagnostics.Process" },
        { "models:\n  G:\n    input: [!!str 4]\n    layers: [ReLU]\n", 3, 13, "!!str" },
        { "models: !<tag:clr:System.Object> {}\n", 1, 9, "tag:clr:System.Object" },
    };

    [Theory]
    [MemberData(nameof(Tags))]
    public void TagsAreRefusedWhereTheyAreWritten(string yaml, int line, int column, string tag)
    {
        // Ignoring a tag would be wrong too: '!!str 4' is a string in YAML, not the size 4.
        BothPaths.ReportOneError(yaml, "GAN0002", line, column, $"YAML tags are not part of the spec language; remove the tag '{tag}'");
    }

    [Fact]
    public void AliasesCountAsWhatTheyExpandTo()
    {
        // Root mapping 1 + 'a' 1 + its list 4 + 'b' 1 + its list 1 + three aliases of 4 each = 20 nodes.
        const string Yaml = "a: &a [x, x, x]\nb: [*a, *a, *a]\n";

        Assert.DoesNotContain(SpecEngine.Analyze("spec.yaml", Yaml, new YamlLimits { MaxNodes = 20 }).Diagnostics, d => d.Id == "GAN0019");
        var refused = Assert.Single(SpecEngine.Analyze("spec.yaml", Yaml, new YamlLimits { MaxNodes = 19 }).Diagnostics);
        Assert.Equal("spec.yaml(2,13): error GAN0019: The spec expands to more than 19 nodes (check its aliases)", refused.ToString());
    }

    [Fact]
    public void NestingIsBoundedExactly()
    {
        const string Yaml = "models: [[[]]]\n";

        Assert.DoesNotContain(SpecEngine.Analyze("spec.yaml", Yaml, new YamlLimits { MaxDepth = 3 }).Diagnostics, d => d.Id == "GAN0019");
        var refused = Assert.Single(SpecEngine.Analyze("spec.yaml", Yaml, new YamlLimits { MaxDepth = 2 }).Diagnostics);
        Assert.Equal("spec.yaml(1,11): error GAN0019: The spec nests deeper than 2 levels", refused.ToString());
    }

    [Fact]
    public void DocumentSizeIsBoundedExactly()
    {
        var yaml = GeneratorHarness.ModelsYaml;

        Assert.Empty(SpecEngine.Analyze("spec.yaml", yaml, new YamlLimits { MaxCharacters = yaml.Length }).Diagnostics);
        var refused = Assert.Single(SpecEngine.Analyze("spec.yaml", yaml, new YamlLimits { MaxCharacters = yaml.Length - 1 }).Diagnostics);
        Assert.Equal($"spec.yaml(1,1): error GAN0019: The spec has {yaml.Length} characters; the limit is {yaml.Length - 1}", refused.ToString());
    }

    [Theory]
    [InlineData("a: &a [*a]\n", 1, 8, "*a")]
    [InlineData("models: *nope\n", 1, 9, "*nope")]
    public void AnAliasMustFollowACompleteAnchor(string yaml, int line, int column, string alias)
    {
        // A node cannot contain itself: the only way to build a cycle is refused before any expansion.
        BothPaths.ReportOneError(yaml, "GAN0001", line, column, $"Alias '{alias}' refers to no anchor before it");
    }

    [Fact]
    public void AnAliasIsReadAsItsAnchor()
    {
        var spec = SpecEngine.Analyze("spec.yaml", "models:\n  A: &model { input: [4], layers: [ReLU] }\n  B: *model\n");

        Assert.Empty(spec.Diagnostics);
        Assert.Equal(new[] { "A", "B" }, spec.Models.Select(m => m.Name));
        Assert.Equal(spec.Models[0].Layers.Single().Output, spec.Models[1].Layers.Single().Output);
    }
}
