using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Runtime.Runs;
using GanGen.Spec;
using GanGen.Spec.Model;

namespace GanGen.Runtime.Specs;

/// <summary>
/// Loads a YAML spec at run time, with no code generation (F#, scripts, the CLI). It runs the same
/// spec engine as the generator, so a spec that builds loads, and one that does not fails with the
/// same diagnostics.
/// </summary>
public sealed class LoadedSpec
{
    private readonly Dictionary<string, ResolvedModel> models;

    private LoadedSpec(SpecAnalysis analysis)
    {
        Path = analysis.Path;
        models = analysis.Models.ToDictionary(m => m.Name, StringComparer.Ordinal);
        Models = analysis.Models.ToArray();
        Gans = analysis.Gans.ToArray();
        Blocks = analysis.Blocks.ToArray();
    }

    /// <summary>The spec file's path (or the name given to <see cref="Parse"/>).</summary>
    public string Path { get; }

    /// <summary>The models, in document order.</summary>
    public IReadOnlyList<ResolvedModel> Models { get; }

    /// <summary>The GANs, in document order.</summary>
    public IReadOnlyList<ResolvedGan> Gans { get; }

    /// <summary>The block instantiations the models use (one generated class each), in order of first use.</summary>
    public IReadOnlyList<ResolvedBlock> Blocks { get; }

    /// <summary>Reads and checks a spec file.</summary>
    /// <exception cref="SpecException">The spec has errors; all of them are listed.</exception>
    public static LoadedSpec Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Checks spec text; <paramref name="path"/> names it in diagnostics.</summary>
    /// <exception cref="SpecException">The spec has errors; all of them are listed.</exception>
    public static LoadedSpec Parse(string yaml, string path = "spec.yaml")
    {
        var analysis = SpecEngine.Analyze(path, yaml);
        return analysis.Diagnostics.Count > 0 ? throw new SpecException(analysis.Diagnostics.ToArray()) : new LoadedSpec(analysis);
    }

    /// <summary>The named GAN, ready for <see cref="Runs.TrainingRun"/>: its models are built from this spec when the run asks.</summary>
    /// <exception cref="ArgumentException">The spec has no such GAN.</exception>
    public GanDefinition Gan(string name)
    {
        var gan = Gans.FirstOrDefault(g => g.Name == name)
            ?? throw new ArgumentException($"The spec {Path} has no GAN '{name}'; it has: {string.Join(", ", Gans.Select(g => g.Name))}", nameof(name));
        var generator = models[gan.Generator];
        return new GanDefinition(gan.Name, generator.Input.Dims, generator.Output.Dims, generator.Classes, gan.Training,
            () => CreateModel(gan.Generator), () => CreateModel(gan.Discriminator));
    }

    /// <summary>Builds a freshly initialised module for the named model.</summary>
    /// <exception cref="ArgumentException">The spec has no such model.</exception>
    public SpecModel CreateModel(string name) =>
        models.TryGetValue(name, out var model)
            ? new SpecModel(model)
            : throw new ArgumentException($"The spec {Path} has no model '{name}'; it has: {string.Join(", ", models.Keys)}", nameof(name));
}
