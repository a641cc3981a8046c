using System.Collections;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>
/// The pipeline's models are equatable, so work is reused: editing C# code re-runs nothing of
/// GanGen's, and editing the YAML re-emits only what changed.
/// </summary>
public sealed class IncrementalTests
{
    private static readonly string[] Steps =
    {
        TrackingNames.Analysis, TrackingNames.Merged, TrackingNames.Models, TrackingNames.Gans, TrackingNames.Diagnostics,
    };

    [Fact]
    public void EditingUnrelatedCSharpReusesEveryStep()
    {
        var compilation = GeneratorHarness.Compilation(CSharpSyntaxTree.ParseText("class A { }"));
        var driver = GeneratorHarness.Driver(new[] { ("/repo/src/Models.yaml", GeneratorHarness.ModelsYaml) }, trackSteps: true)
            .RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText("class A { int b; }"));
        var second = driver.RunGenerators(edited).GetRunResult().Results[0];

        foreach (var step in Steps)
        {
            // A step with no items (no diagnostics in a clean spec) is not recorded at all.
            var runs = second.TrackedSteps.TryGetValue(step, out var recorded) ? recorded : default;
            Assert.All(runs.IsDefault ? Enumerable.Empty<(object Value, IncrementalStepRunReason Reason)>() : runs.SelectMany(r => r.Outputs), output =>
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void EditingOneModelRegeneratesOnlyThatModel()
    {
        var original = GeneratorHarness.Text("/repo/src/Models.yaml", GeneratorHarness.ModelsYaml);
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(new[] { original }, trackSteps: true).RunGenerators(compilation);

        // Same length, so no later line moves: locations (and the YAML line numbers in generated docs) stay put.
        var edited = GeneratorHarness.ModelsYaml.Replace("- Dropout: { p: 0.3 }", "- Dropout: { p: 0.4 }", System.StringComparison.Ordinal);
        driver = driver.ReplaceAdditionalText(original, GeneratorHarness.Text("/repo/src/Models.yaml", edited));
        var models = driver.RunGenerators(compilation).GetRunResult().Results[0].TrackedSteps[TrackingNames.Models]
            .SelectMany(r => r.Outputs).ToArray();

        // Both Dropout lines are in KerasDcganDiscriminator (DcganDiscriminator's use p: 0.3 too).
        var modified = models.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((GanGen.Spec.Model.ResolvedModel)o.Value).Name).Order().ToArray();
        Assert.Equal(new[] { "DcganDiscriminator", "KerasDcganDiscriminator" }, modified);
        Assert.Equal(9, models.Count(o => o.Reason == IncrementalStepRunReason.Unchanged));
    }

    [Fact]
    public void NoStepHoldsCompilerObjects()
    {
        var driver = GeneratorHarness.Driver(new[] { ("/repo/src/Models.yaml", GeneratorHarness.ModelsYaml) }, trackSteps: true)
            .RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult().Results[0];

        foreach (var step in Steps)
        {
            foreach (var output in result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs) : Enumerable.Empty<(object Value, IncrementalStepRunReason Reason)>())
            {
                AssertNoCompilerObjects(output.Value, step);
            }
        }
    }

    private static void AssertNoCompilerObjects(object? value, string step)
    {
        Assert.False(value is Compilation or ISymbol or SyntaxNode, $"{step} holds a {value?.GetType().Name}");
        if (value is IEnumerable items and not string)
        {
            foreach (var item in items)
            {
                AssertNoCompilerObjects(item, step);
            }
        }
    }
}
