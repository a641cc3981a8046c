using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GanGen.Runtime.Specs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GanGen.Generator.Tests;

/// <summary>
/// The fuzzer's oracle. For each spec: the generator driver must not throw; every diagnostic is a GAN
/// error (never GAN0999, the engine catching its own bug) whose span and line/column both lie inside
/// the YAML and agree with each other; the run-time loader reports the same IDs at the same places, or
/// accepts the same models; and whatever the generator emits compiles without errors or warnings.
/// Compiling is the expensive part, so emitted code is compiled in batches, each spec in its own
/// namespace, and output already compiled for an earlier spec is not compiled again.
/// </summary>
internal sealed class FuzzChecker
{
    private const string SpecPath = "/repo/src/Models.yaml";
    private const int MaxReportedFailures = 20;
    private const int TreesPerCompilation = 1500;

    private static readonly Regex NamespaceLine = new(@"^namespace Fuzz\.C\d+;$", RegexOptions.Multiline);
    private static readonly Regex YamlLine = new(@"YAML line \d+");
    private static readonly Regex ModelNames = new(@"Create(?:Generator|Discriminator)\(\) => new (\w+)\(\);");

    private readonly List<(FuzzCase Case, SyntaxTree[] Trees)> pending = new();
    private readonly HashSet<string> compiledOutputs = new(StringComparer.Ordinal);
    private readonly List<string> failures = new();
    private readonly SortedDictionary<string, int> diagnosticIds = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> kinds = new(StringComparer.Ordinal);

    public int Cases { get; private set; }

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public int CompiledSpecs { get; private set; }

    public int CompiledTrees { get; private set; }

    public int FailureCount { get; private set; }

    /// <summary>Time spent compiling generated code, the dominant cost of a run.</summary>
    public TimeSpan CompileTime { get; private set; }

    public IReadOnlyList<string> Failures => failures;

    /// <summary>Checks one case; its generated code is compiled with the next batch.</summary>
    public void Check(FuzzCase fuzzCase)
    {
        Cases++;
        kinds[fuzzCase.Kind] = kinds.GetValueOrDefault(fuzzCase.Kind) + 1;
        var yaml = fuzzCase.Yaml;
        var ns = $"Fuzz.C{Cases}";
        var result = GeneratorHarness.Driver(new[] { (SpecPath, yaml) }, ns).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results[0];
        if (result.Exception is not null)
        {
            Fail(fuzzCase, $"the generator threw {result.Exception}");
            return;
        }

        var text = SourceText.From(yaml);
        var problems = new List<string>();
        foreach (var diagnostic in result.Diagnostics)
        {
            diagnosticIds[diagnostic.Id] = diagnosticIds.GetValueOrDefault(diagnostic.Id) + 1;
            if (LocationProblem(diagnostic, text) is { } problem)
            {
                problems.Add($"{problem}: {diagnostic}");
            }
        }

        if (result.Diagnostics.Length == 0)
        {
            Accepted++;
        }
        else
        {
            Rejected++;
        }

        if (RunTimeProblem(yaml, result) is { } runTime)
        {
            problems.Add(runTime);
        }

        if (problems.Count > 0)
        {
            Fail(fuzzCase, string.Join("\n", problems));
        }

        var trees = NotYetCompiled(result.GeneratedSources);
        if (trees.Length > 0)
        {
            pending.Add((fuzzCase, trees));
            if (pending.Sum(p => p.Trees.Length) >= TreesPerCompilation)
            {
                Compile();
            }
        }
    }

    /// <summary>Compiles what is still pending; call once after the last case.</summary>
    public void Finish() => Compile();

    public string Summary() =>
        string.Create(CultureInfo.InvariantCulture, $"{Cases} cases ({string.Join(", ", kinds.Select(k => $"{k.Value} {k.Key}"))}): ")
        + $"{Accepted} accepted, {Rejected} rejected, {FailureCount} failed; "
        + $"generated code compiled: {CompiledTrees} distinct files of {CompiledSpecs} specs; "
        + $"diagnostics: {string.Join(", ", diagnosticIds.Select(d => $"{d.Key} x{d.Value}"))}";

    /// <summary>Why a diagnostic is not a located GAN error in the YAML, or null.</summary>
    private static string? LocationProblem(Diagnostic diagnostic, SourceText text)
    {
        if (!diagnostic.Id.StartsWith("GAN", StringComparison.Ordinal) || diagnostic.Id == "GAN0999")
        {
            return "not a GAN diagnostic, or an internal error";
        }

        if (diagnostic.Severity != DiagnosticSeverity.Error)
        {
            return "not an error";
        }

        var span = diagnostic.Location.GetLineSpan();
        if (span.Path != SpecPath)
        {
            return $"located in '{span.Path}', not in the spec";
        }

        var source = diagnostic.Location.SourceSpan;
        if (source.Start < 0 || source.End > text.Length)
        {
            return $"span {source} lies outside the {text.Length} characters of the spec";
        }

        // What an IDE shows (line and column) must be where the span starts, as Roslyn counts lines.
        var expected = text.Lines.GetLinePositionSpan(source);
        return expected == span.Span ? null : $"line/column {span.Span} disagree with span {source}, which is at {expected}";
    }

    /// <summary>Loads the same text as <c>LoadedSpec</c> does at run time; the answer must be the build's.</summary>
    private static string? RunTimeProblem(string yaml, GeneratorRunResult result)
    {
        var built = result.Diagnostics.Select(d => Located(d.Id, d.Location.SourceSpan.Start, d.Location.SourceSpan.End, d.Location.GetLineSpan().StartLinePosition))
            .Order(StringComparer.Ordinal).ToArray();
        try
        {
            var loaded = LoadedSpec.Parse(yaml, SpecPath);
            if (built.Length > 0)
            {
                return $"the run-time loader accepts what the build rejects with {string.Join(", ", built)}";
            }

            var names = loaded.Models.Select(m => m.Name).Concat(loaded.Gans.Select(g => g.Name)).Concat(loaded.Blocks.Select(b => b.ClassName))
                .Select(n => n + ".g.cs").Order(StringComparer.Ordinal);
            var generated = result.GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal);
            return names.SequenceEqual(generated) ? null : $"the run-time loader has {string.Join(", ", names)}, the build generated {string.Join(", ", generated)}";
        }
        catch (SpecException e)
        {
            var loaded = e.Diagnostics.Select(d => Located(d.Id, d.Location.Start, d.Location.End, new LinePosition(d.Location.Line, d.Location.Column)))
                .Order(StringComparer.Ordinal).ToArray();
            return loaded.SequenceEqual(built)
                ? null
                : $"the run-time loader reports {string.Join(", ", loaded)}, the build {string.Join(", ", built)}";
        }
        catch (Exception e)
        {
            return $"the run-time loader threw {e}";
        }
    }

    private static string Located(string id, int start, int end, LinePosition position) =>
        string.Create(CultureInfo.InvariantCulture, $"{id}@{start}-{end}({position.Line + 1},{position.Character + 1})");

    /// <summary>
    /// The files whose compilation says something new: a model class compiles with the block classes it
    /// builds, so it is new unless the same text was compiled before; a GAN class is new unless it was
    /// compiled before with the same two model classes, which then come along with it. Every chosen file
    /// brings the block classes it builds (<c>new Block()</c>), and theirs.
    /// </summary>
    private SyntaxTree[] NotYetCompiled(IReadOnlyList<GeneratedSourceResult> sources)
    {
        var models = sources.Where(s => !IsGan(s)).ToDictionary(s => s.HintName, s => (s.SyntaxTree, Key: Key(s.SyntaxTree)));
        var chosen = new HashSet<SyntaxTree>(models.Values.Where(m => compiledOutputs.Add(m.Key)).Select(m => m.SyntaxTree));
        foreach (var gan in sources.Where(IsGan))
        {
            var named = ModelNames.Matches(gan.SyntaxTree.ToString()).Select(m => m.Groups[1].Value + ".g.cs").Where(models.ContainsKey).Select(n => models[n]).ToArray();
            if (compiledOutputs.Add(Key(gan.SyntaxTree) + string.Concat(named.Select(m => m.Key))))
            {
                chosen.Add(gan.SyntaxTree);
                chosen.UnionWith(named.Select(m => m.SyntaxTree));
            }
        }

        var blocks = models.Where(m => m.Value.SyntaxTree.ToString().Contains("/// Block <c>", StringComparison.Ordinal))
            .ToDictionary(m => m.Key.Replace(".g.cs", string.Empty, StringComparison.Ordinal), m => m.Value.SyntaxTree);
        var pendingTrees = new Queue<SyntaxTree>(chosen);
        while (pendingTrees.Count > 0)
        {
            var text = pendingTrees.Dequeue().ToString();
            foreach (var block in blocks.Where(b => text.Contains($"new {b.Key}()", StringComparison.Ordinal) && chosen.Add(b.Value)))
            {
                pendingTrees.Enqueue(block.Value);
            }
        }

        return chosen.ToArray();
    }

    private static bool IsGan(GeneratedSourceResult source) => source.SourceText.ToString().Contains("GanGen.Runtime.Runs.GanDefinition", StringComparison.Ordinal);

    /// <summary>What the generated code says, apart from its namespace and the YAML line numbers in its comments.</summary>
    private static string Key(SyntaxTree tree)
    {
        var text = YamlLine.Replace(NamespaceLine.Replace(tree.ToString(), string.Empty), string.Empty);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private void Compile()
    {
        if (pending.Count == 0)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var owners = pending.SelectMany(p => p.Trees.Select(t => (Tree: t, p.Case))).ToDictionary(p => p.Tree, p => p.Case);
        var compilation = GeneratorHarness.Compilation(owners.Keys.ToArray());
        foreach (var group in compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).GroupBy(d => d.Location.SourceTree))
        {
            var owner = group.Key is not null && owners.TryGetValue(group.Key, out var found) ? found : pending[0].Case;
            Fail(owner, "the generated code does not compile cleanly:\n" + string.Join("\n", group.Take(5)));
        }

        CompiledSpecs += pending.Count;
        CompiledTrees += owners.Count;
        CompileTime += clock.Elapsed;
        pending.Clear();
    }

    private void Fail(FuzzCase fuzzCase, string problem)
    {
        FailureCount++;
        if (failures.Count < MaxReportedFailures)
        {
            var yaml = fuzzCase.Yaml.Length > 3000 ? fuzzCase.Yaml.Substring(0, 3000) + "\n[... cut]" : fuzzCase.Yaml;
            failures.Add($"{fuzzCase}: {problem}\n--- spec ---\n{yaml}\n------------");
        }
    }
}
