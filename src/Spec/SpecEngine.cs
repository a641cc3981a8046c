using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Collections;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Layers;
using GanGen.Spec.Parsing;
using GanGen.Spec.Model;
using GanGen.Spec.Yaml;

namespace GanGen.Spec;

/// <summary>
/// The one entry point of the spec engine: YAML text in, resolved models and diagnostics out.
/// The source generator and the run-time loader both call it, so both see the same shapes and the
/// same errors.
/// </summary>
public static class SpecEngine
{
    /// <summary>The name of every layer the YAML language knows, sorted.</summary>
    public static IReadOnlyList<string> Layers { get; } = LayerCatalog.Names.ToArray();

    /// <summary>Parses, checks and resolves one spec file. Never throws.</summary>
    /// <param name="path">The file's path, used in diagnostics.</param>
    /// <param name="text">The YAML text.</param>
    /// <param name="limits">Safety limits; <see cref="YamlLimits.Default"/> when omitted.</param>
    public static SpecAnalysis Analyze(string path, string text, YamlLimits? limits = null)
    {
        var diagnostics = new SpecDiagnosticBag(path, text);
        try
        {
            var root = YamlTreeReader.Read(text, limits ?? YamlLimits.Default, diagnostics);
            if (diagnostics.HasErrors)
            {
                return Failed(path, diagnostics);
            }

            var parser = new SpecParser(diagnostics);
            parser.Parse(root);
            return new SpecAnalysis(path, parser.Models.ToEquatableArray(), parser.Gans.ToEquatableArray(), parser.Blocks.ToEquatableArray(), diagnostics.ToEquatableArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The last line of defence: a generator that throws drops all output with CS8785. A bug
            // here must become a located diagnostic instead.
            diagnostics.Add(DiagnosticCatalog.InternalError, YamlDotNet.Core.Mark.Empty, YamlDotNet.Core.Mark.Empty,
                $"GanGen failed on this spec ({e.GetType().Name}: {e.Message}); please report it with the spec");
            return Failed(path, diagnostics);
        }
    }

    private static SpecAnalysis Failed(string path, SpecDiagnosticBag diagnostics) =>
        new(path, EquatableArray<ResolvedModel>.Empty, EquatableArray<ResolvedGan>.Empty, EquatableArray<ResolvedBlock>.Empty, diagnostics.ToEquatableArray());

    /// <summary>
    /// Combines several analysed files into one set of names: a model or GAN defined in an earlier
    /// file (by ordinal path order) wins, and each later definition of the same name gets GAN0015.
    /// </summary>
    public static IReadOnlyList<SpecAnalysis> Merge(IEnumerable<SpecAnalysis> analyses)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var merged = new List<SpecAnalysis>();
        foreach (var analysis in analyses.OrderBy(a => a.Path, StringComparer.Ordinal))
        {
            var extra = new List<SpecDiagnostic>();
            bool Claim(string name, SpecLocation location)
            {
                if (owners.TryGetValue(name, out var owner))
                {
                    extra.Add(new SpecDiagnostic(DiagnosticCatalog.DuplicateName.Id, $"The name '{name}' is already defined in {owner}", location));
                    return false;
                }

                owners[name] = analysis.Path;
                return true;
            }

            var models = analysis.Models.Where(m => Claim(m.Name, m.Location)).ToEquatableArray();
            var gans = analysis.Gans.Where(g => Claim(g.Name, g.Location)).ToEquatableArray();
            var blocks = analysis.Blocks.Where(b => Claim(b.ClassName, b.Location)).ToEquatableArray();
            merged.Add(extra.Count == 0
                ? analysis
                : analysis with { Models = models, Gans = gans, Blocks = blocks, Diagnostics = analysis.Diagnostics.Concat(extra).OrderBy(d => d.Location.Start).ToEquatableArray() });
        }

        return merged;
    }
}
