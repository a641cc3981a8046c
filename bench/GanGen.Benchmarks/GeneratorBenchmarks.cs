using System;
using System.Linq;
using System.Threading;
using BenchmarkDotNet.Attributes;
using GanGen.Generator;
using GanGen.Spec;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace GanGen.Benchmarks;

/// <summary>How long the build spends on a 200-model spec: spec engine alone, a cold generator run, and a warm re-run.</summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private readonly string spec = SpecCorpus.TwoHundredModels();
    private CSharpCompilation compilation = null!;
    private CSharpCompilation edited = null!;
    private GeneratorDriver warm = null!;
    private bool flip;

    [GlobalSetup]
    public void Setup()
    {
        var analysis = SpecEngine.Analyze("Models.yaml", spec);
        if (analysis.Diagnostics.Count > 0 || analysis.Models.Count != 200)
        {
            throw new InvalidOperationException($"The benchmark spec must be clean: {string.Join("; ", analysis.Diagnostics)}");
        }

        compilation = CSharpCompilation.Create("Bench", new[] { CSharpSyntaxTree.ParseText("class A { }") });
        edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText("class A { int b; }"));
        warm = NewDriver().RunGenerators(compilation);
    }

    /// <summary>Parse, check and resolve the spec.</summary>
    [Benchmark]
    public int SpecEngineAnalyze() => SpecEngine.Analyze("Models.yaml", spec).Models.Count;

    /// <summary>A first build: fresh driver, everything parsed and emitted.</summary>
    [Benchmark]
    public int ColdGeneratorRun() => NewDriver().RunGenerators(compilation).GetRunResult().GeneratedTrees.Length;

    /// <summary>A later build after a C# edit: the pipeline's cached outputs are reused.</summary>
    [Benchmark]
    public int WarmRunAfterUnrelatedEdit()
    {
        flip = !flip;
        warm = warm.RunGenerators(flip ? edited : compilation);
        return warm.GetRunResult().GeneratedTrees.Length;
    }

    private GeneratorDriver NewDriver() =>
        CSharpGeneratorDriver.Create(new[] { new GanGenGenerator().AsSourceGenerator() }, new[] { (AdditionalText)new Text(spec) });

    private sealed class Text(string text) : AdditionalText
    {
        public override string Path => "/bench/Models.yaml";

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }
}
