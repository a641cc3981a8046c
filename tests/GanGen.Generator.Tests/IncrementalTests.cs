using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using GanGen.Spec.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>
/// The pipeline's models are equatable, so work is reused (NetEscapades.EnumGenerators' tests, with
/// the expected run reason after each kind of edit declared, as Mapperly's do): editing C# code re-runs
/// nothing of GanGen's, and editing the YAML re-emits only what changed.
/// </summary>
public sealed class IncrementalTests
{
    private const string SpecPath = "/repo/src/Models.yaml";

    // A second spec with an error, so that the Diagnostics step has items to track.
    private const string BrokenPath = "/repo/src/Broken.yaml";
    private const string BrokenYaml = "models:\n  Broken:\n    input: [4]\n    layers: [Relu]\n";

    private static readonly string[] Steps =
    {
        TrackingNames.Analysis, TrackingNames.Merged, TrackingNames.Models, TrackingNames.Gans, TrackingNames.Diagnostics, TrackingNames.Namespace,
    };

    [Fact]
    public void EditingOrAddingUnrelatedCSharpReusesEveryStep()
    {
        var compilation = GeneratorHarness.Compilation(CSharpSyntaxTree.ParseText("class A { }", GeneratorHarness.ParseOptions, "A.cs"));
        var driver = GeneratorHarness.Driver(new[] { (SpecPath, GeneratorHarness.ModelsYaml), (BrokenPath, BrokenYaml) }, trackSteps: true)
            .RunGenerators(compilation);
        var first = driver.GetRunResult().Results[0];
        Assert.All(Steps, step => Assert.NotEmpty(Outputs(first, step)));
        Assert.Equal("GAN0003", Assert.Single(driver.GetRunResult().Diagnostics).Id);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText("class A { int b; }", GeneratorHarness.ParseOptions, "A.cs"));
        driver = driver.RunGenerators(edited);
        AssertEverythingReused(driver.GetRunResult().Results[0]);

        var added = edited.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions, "B.cs"));
        AssertEverythingReused(driver.RunGenerators(added).GetRunResult().Results[0]);
    }

    [Fact]
    public void EditingACommentWithoutMovingLinesReusesEveryModel()
    {
        var original = GeneratorHarness.Text(SpecPath, GeneratorHarness.ModelsYaml);
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { original }, trackSteps: true).RunGenerators(compilation);

        // Same length and same lines: every location stays where it was, so the analysis compares equal.
        var edited = Replace(GeneratorHarness.ModelsYaml, "# GanGen model specs", "# GANGEN MODEL SPECS");
        driver = driver.ReplaceAdditionalText(original, GeneratorHarness.Text(SpecPath, edited));
        var second = driver.RunGenerators(compilation).GetRunResult().Results[0];

        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Outputs(second, TrackingNames.Analysis)).Reason);
        AssertEverythingReused(second);
    }

    [Fact]
    public void EditingOneModelRegeneratesOnlyThatModel()
    {
        var original = GeneratorHarness.Text(SpecPath, GeneratorHarness.ModelsYaml);
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { original }, trackSteps: true).RunGenerators(compilation);
        var before = Sources(driver);

        // OneDGenerator's hidden width 4 -> 5. Same length, so no later location moves.
        var edited = Replace(GeneratorHarness.ModelsYaml, "- Linear: { out_features: 4 }", "- Linear: { out_features: 5 }");
        driver = driver.ReplaceAdditionalText(original, GeneratorHarness.Text(SpecPath, edited)).RunGenerators(compilation);
        var second = driver.GetRunResult().Results[0];

        var models = Outputs(second, TrackingNames.Models);
        Assert.Equal(new[] { "OneDGenerator" }, models.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((ResolvedModel)o.Value).Name));
        Assert.Equal(21, models.Count(o => o.Reason == IncrementalStepRunReason.Unchanged));
        Assert.All(Outputs(second, TrackingNames.Gans), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));

        // One source re-emitted; the rest are reused as they were.
        var emitted = second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs).ToArray();
        Assert.Single(emitted, o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        var after = Sources(driver);
        Assert.Equal(before.Keys, after.Keys);
        Assert.Equal(new[] { "OneDGenerator.g.cs" }, before.Keys.Where(k => before[k] != after[k]));
        Assert.Contains("public const long ParameterCount = 16;", after["OneDGenerator.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void InsertingALineReEmitsTheModelsBelowIt()
    {
        // Declared, not accidental: a resolved model keeps its YAML location (the generated docs cite
        // each layer's line), so the models whose lines move are regenerated; the models above are not.
        var original = GeneratorHarness.Text(SpecPath, GeneratorHarness.ModelsYaml);
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { original }, trackSteps: true).RunGenerators(compilation);

        var edited = Replace(GeneratorHarness.ModelsYaml, "  DcganGenerator:\n", "  # The seed's DCGAN.\n  DcganGenerator:\n");
        driver = driver.ReplaceAdditionalText(original, GeneratorHarness.Text(SpecPath, edited));
        var models = Outputs(driver.RunGenerators(compilation).GetRunResult().Results[0], TrackingNames.Models);

        Assert.Equal(
            new[]
            {
                "ColourDcganDiscriminator", "ColourDcganGenerator", "ConditionalDcganDiscriminator", "ConditionalDcganGenerator",
                "ConditionalSnganDiscriminator", "ConditionalSnganGenerator", "DcganDiscriminator", "DcganGenerator",
                "IconConditionalSnganDiscriminator", "IconConditionalSnganGenerator", "IconSnganDiscriminator", "IconSnganGenerator", "OneDCritic", "SnganDiscriminator", "SnganGenerator",
            },
            models.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((ResolvedModel)o.Value).Name).Order(StringComparer.Ordinal));
        Assert.Equal(7, models.Count(o => o.Reason == IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void NoStepHoldsCompilerObjects()
    {
        var driver = GeneratorHarness.Driver(new[] { (SpecPath, GeneratorHarness.ModelsYaml), (BrokenPath, BrokenYaml) }, trackSteps: true)
            .RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult().Results[0];

        Assert.All(Steps, step => Assert.NotEmpty(Outputs(result, step)));
        // GanGen's own steps; Roslyn's input steps (AdditionalTexts, ...) hold its objects by design.
        foreach (var (name, runs) in result.TrackedSteps.Where(s => Steps.Contains(s.Key)))
        {
            foreach (var output in runs.SelectMany(r => r.Outputs))
            {
                AssertNoCompilerObjects(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }
    }

    private static void AssertEverythingReused(GeneratorRunResult run)
    {
        foreach (var step in Steps)
        {
            Assert.All(Outputs(run, step), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"source output: {output.Reason}"));
    }

    /// <summary>A step's outputs; a step that produced no items at all is not recorded.</summary>
    private static (object Value, IncrementalStepRunReason Reason)[] Outputs(GeneratorRunResult run, string step) =>
        run.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs).ToArray() : Array.Empty<(object, IncrementalStepRunReason)>();

    private static Dictionary<string, string> Sources(GeneratorDriver driver) =>
        driver.GetRunResult().Results[0].GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    private static string Replace(string text, string old, string replacement)
    {
        Assert.Equal(1, CountOf(text, old));
        return text.Replace(old, replacement, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    /// <summary>
    /// Walks an output's whole object graph (fields, including compiler-generated backing fields, and
    /// collection items): Roslyn objects compare by reference and would defeat caching, or keep a
    /// whole compilation alive.
    /// </summary>
    private static void AssertNoCompilerObjects(object? value, string path, HashSet<object> seen)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        Assert.False(
            value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Location or Diagnostic or AdditionalText,
            $"{path} holds a {type.Name}");
        if (type.IsPrimitive || type.IsEnum || value is string or decimal || type.IsPointer)
        {
            return;
        }

        if (!type.IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, $"{path}[{index++}]", seen);
            }
        }

        if (type.IsArray)
        {
            return;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike)
                {
                    AssertNoCompilerObjects(field.GetValue(value), $"{path}.{field.Name}", seen);
                }
            }
        }
    }
}
