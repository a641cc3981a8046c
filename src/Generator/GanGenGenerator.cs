using System;
using System.IO;
using System.Linq;
using GanGen.Generator.Emit;
using GanGen.Spec;
using GanGen.Spec.Collections;
using GanGen.Spec.Model;
using Microsoft.CodeAnalysis;

namespace GanGen.Generator;

/// <summary>
/// Turns every <c>.yaml</c>/<c>.yml</c> additional file into typed TorchSharp modules, and every
/// problem in it into a GAN error on its YAML line. This class only wires the pipeline: the spec
/// engine parses and checks, the emitters write code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GanGenGenerator : IIncrementalGenerator
{
    /// <summary>Namespace of generated code when the project does not set <c>GanGenNamespace</c>.</summary>
    public const string DefaultNamespace = "GanGen.Models";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var analyses = context.AdditionalTextsProvider
            .Where(static file => IsSpec(file.Path))
            .Select(static (file, ct) => SpecEngine.Analyze(file.Path, file.GetText(ct)?.ToString() ?? string.Empty))
            .WithTrackingName(TrackingNames.Analysis);

        var merged = analyses.Collect()
            .Select(static (all, _) => SpecEngine.Merge(all).ToEquatableArray())
            .WithTrackingName(TrackingNames.Merged);

        var ns = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => options.GlobalOptions.TryGetValue("build_property.GanGenNamespace", out var value) ? value.Trim() : string.Empty)
            .WithTrackingName(TrackingNames.Namespace);

        var models = merged.SelectMany(static (all, _) => all.SelectMany(a => a.Models)).WithTrackingName(TrackingNames.Models);
        var gans = merged.SelectMany(static (all, _) => all.SelectMany(a => a.Gans)).WithTrackingName(TrackingNames.Gans);
        var blocks = merged.SelectMany(static (all, _) => all.SelectMany(a => a.Blocks)).WithTrackingName(TrackingNames.Blocks);
        var diagnostics = merged.SelectMany(static (all, _) => all.SelectMany(a => a.Diagnostics)).WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(models.Combine(ns), static (spc, pair) =>
            spc.AddSource($"{pair.Left.Name}.g.cs", ModelEmitter.Emit(pair.Left, ResolveNamespace(pair.Right))));
        context.RegisterSourceOutput(gans.Combine(ns), static (spc, pair) =>
            spc.AddSource($"{pair.Left.Name}.g.cs", GanEmitter.Emit(pair.Left, ResolveNamespace(pair.Right))));
        context.RegisterSourceOutput(blocks.Combine(ns), static (spc, pair) =>
            spc.AddSource($"{pair.Left.ClassName}.g.cs", BlockEmitter.Emit(pair.Left, ResolveNamespace(pair.Right))));
        context.RegisterSourceOutput(diagnostics, static (spc, diagnostic) => spc.ReportDiagnostic(DiagnosticDescriptors.ToDiagnostic(diagnostic)));
        context.RegisterSourceOutput(ns, static (spc, value) =>
        {
            if (value.Length > 0 && !IsNamespace(value))
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidNamespace, Location.None,
                    $"GanGenNamespace '{value}' is not a C# namespace; the models are generated in {DefaultNamespace}"));
            }
        });
    }

    private static bool IsSpec(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase);
    }

    private static string ResolveNamespace(string value) => value.Length > 0 && IsNamespace(value) ? value : DefaultNamespace;

    private static bool IsNamespace(string value) =>
        value.Split('.').All(part => Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(part)
            && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(part) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None);
}
