using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using GanGen.Generator;
using GanGen.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GanGen.Benchmarks;

/// <summary>
/// What a 200-model spec (a third of it graphs over blocks) costs the build: the spec engine alone, a cold generator run (a fresh
/// driver: what <c>dotnet build</c> does), and a warm re-run after a C# edit elsewhere (what the IDE
/// does on every keystroke, with GanGen's pipeline fully cached).
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private const string SpecPath = "/bench/Models.yaml";

    private static readonly string[] PipelineSteps =
    {
        TrackingNames.Analysis, TrackingNames.Merged, TrackingNames.Models, TrackingNames.Gans, TrackingNames.Blocks, TrackingNames.Diagnostics, TrackingNames.Namespace,
    };

    private readonly string spec = SpecCorpus.TwoHundredModels();
    private ImmutableArray<AdditionalText> additionalTexts;
    private CSharpCompilation compilation = null!;
    private CSharpCompilation edited = null!;
    private GeneratorDriver warm = null!;
    private int expectedFiles;
    private bool flip;

    [GlobalSetup]
    public void Setup()
    {
        // The spec must be clean: a spec with errors emits nothing and would make (b) and (c) meaningless.
        var analysis = SpecEngine.Analyze(SpecPath, spec);
        if (analysis.Diagnostics.Count > 0)
        {
            throw new InvalidOperationException(
                $"The benchmark spec has {analysis.Diagnostics.Count} diagnostic(s): " + string.Join("; ", analysis.Diagnostics.Take(5)));
        }

        if (analysis.Models.Count != 200 || analysis.Gans.Count != 100)
        {
            throw new InvalidOperationException($"The benchmark spec has {analysis.Models.Count} models and {analysis.Gans.Count} GANs, not 200 and 100");
        }

        // One file per model, GAN and block class; a spec whose graph pairs lost their blocks would measure the wrong thing.
        if (analysis.Blocks.Count == 0)
        {
            throw new InvalidOperationException("The benchmark spec resolves no block classes");
        }

        expectedFiles = analysis.Models.Count + analysis.Gans.Count + analysis.Blocks.Count;

        additionalTexts = ImmutableArray.Create<AdditionalText>(new InMemoryText(SpecPath, spec));

        // A small project: the generator reads no C#, so two files are enough; Unrelated.cs is the one edited.
        var program = CSharpSyntaxTree.ParseText("namespace Demo; public static class Program { public static void Main() { } }", path: "Program.cs");
        var unrelated = CSharpSyntaxTree.ParseText("namespace Demo; public sealed class Unrelated { }", path: "Unrelated.cs");
        compilation = CSharpCompilation.Create("Demo", new[] { program, unrelated });
        edited = compilation.ReplaceSyntaxTree(unrelated, CSharpSyntaxTree.ParseText("namespace Demo; public sealed class Unrelated { private int edits; }", path: "Unrelated.cs"));

        var cold = NewDriver().RunGenerators(compilation).GetRunResult();
        if (cold.Diagnostics.Length > 0 || cold.GeneratedTrees.Length != expectedFiles)
        {
            throw new InvalidOperationException(
                $"A generator run gave {cold.GeneratedTrees.Length} files (expected {expectedFiles}) and {cold.Diagnostics.Length} diagnostic(s): " + string.Join("; ", cold.Diagnostics.Take(5)));
        }

        CheckEditIsCached();
        warm = NewDriver().RunGenerators(compilation);
        flip = false;
    }

    /// <summary>(a) Parse, check and resolve the 200-model spec.</summary>
    [Benchmark]
    public int SpecEngineAnalyze() => SpecEngine.Analyze(SpecPath, spec).Models.Count;

    /// <summary>(b) A first build: a fresh driver, the spec analysed and every model, GAN and block class file emitted and parsed.</summary>
    [Benchmark]
    public int ColdGeneratorRun() => NewDriver().RunGenerators(compilation).GetRunResult().GeneratedTrees.Length;

    /// <summary>(c) A later build after editing Unrelated.cs: every GanGen step is reused from the cache.</summary>
    [Benchmark]
    public int WarmRunAfterUnrelatedEdit()
    {
        flip = !flip;
        warm = warm.RunGenerators(flip ? edited : compilation);
        return warm.GetRunResult().GeneratedTrees.Length;
    }

    private GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new GanGenGenerator()).AddAdditionalTexts(additionalTexts);

    /// <summary>Fails the setup if (c) would not measure a cached run: every step and output must be Cached or Unchanged.</summary>
    private void CheckEditIsCached()
    {
        var tracked = CSharpGeneratorDriver.Create(
                new[] { new GanGenGenerator().AsSourceGenerator() },
                additionalTexts,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGenerators(compilation);
        var result = tracked.RunGenerators(edited).GetRunResult().Results.Single();
        var reasons = PipelineSteps
            .SelectMany(step => result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(r => r.Outputs) : Enumerable.Empty<(object Value, IncrementalStepRunReason Reason)>())
            .Concat(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(r => r.Outputs))
            .Select(o => o.Reason)
            .Where(r => r is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
            .ToArray();
        if (reasons.Length > 0)
        {
            throw new InvalidOperationException($"Editing Unrelated.cs re-ran {reasons.Length} GanGen step output(s): {string.Join(", ", reasons.Distinct())}");
        }
    }

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        private readonly SourceText source = SourceText.From(text);

        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => source;
    }
}
