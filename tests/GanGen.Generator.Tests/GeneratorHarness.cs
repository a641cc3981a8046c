using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using GanGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace GanGen.Generator.Tests;

/// <summary>Runs <see cref="GanGenGenerator"/> in-process over YAML texts, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    /// <summary>Where src/Models.yaml is copied next to the test assembly.</summary>
    public static string ModelsYaml => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models.yaml"));

    /// <summary>Every assembly a generated model needs: the framework, TorchSharp and GanGen.Runtime.</summary>
    public static IReadOnlyList<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(TorchSharp.torch).Assembly.Location)
            .Append(typeof(GanGen.Runtime.Layers.Reshape).Assembly.Location)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();

    /// <summary>
    /// The strictest settings a user project could have: nullable on, every warning wave, and XML
    /// documentation checked (as with GenerateDocumentationFile), so generated code is held to all of them.
    /// </summary>
    public static CSharpParseOptions ParseOptions { get; } = CSharpParseOptions.Default.WithDocumentationMode(DocumentationMode.Diagnose);

    public static CSharpCompilation Compilation(params SyntaxTree[] trees) =>
        CSharpCompilation.Create("Demo", trees, References, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    public static GeneratorDriver Driver(IEnumerable<(string Path, string Text)> specs, string? ns = null, bool trackSteps = false) =>
        Driver(specs.Select(s => Text(s.Path, s.Text)), ns, trackSteps);

    public static GeneratorDriver Driver(IEnumerable<AdditionalText> specs, string? ns = null, bool trackSteps = false) =>
        CSharpGeneratorDriver.Create(
            new[] { new GanGenGenerator().AsSourceGenerator() },
            specs,
            parseOptions: ParseOptions,
            optionsProvider: new Options(ns),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));

    /// <summary>Runs the generator on one spec and returns its result, the updated compilation and all diagnostics.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(string yaml, string path = "/repo/src/Models.yaml", string? ns = null) =>
        Run(new[] { (path, yaml) }, ns);

    public static (GeneratorDriverRunResult Result, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(IEnumerable<(string Path, string Text)> specs, string? ns = null)
    {
        var driver = Driver(specs, ns).RunGeneratorsAndUpdateCompilation(Compilation(), out var output, out var diagnostics);
        return (driver.GetRunResult(), output, diagnostics);
    }

    /// <summary>An additional file held in memory.</summary>
    public static AdditionalText Text(string path, string text) => new InMemoryText(path, text);

    private sealed class InMemoryText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>Supplies <c>build_property.GanGenNamespace</c> as MSBuild would through CompilerVisibleProperty.</summary>
    private sealed class Options(string? ns) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(ns);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(null);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(null);

        private sealed class Values(string? ns) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = ns ?? string.Empty;
                return ns is not null && key == "build_property.GanGenNamespace";
            }
        }
    }
}
