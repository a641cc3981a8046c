using System;
using System.IO;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Weights;
using Spectre.Console;

namespace GanGen.Cli;

/// <summary>
/// <c>gangen import</c>: a generator's weights into a run folder from a PyTorch <c>state_dict</c> (or an old
/// GanGen file); <see cref="ExportCommand"/> writes them out again.
/// </summary>
internal static class ImportCommand
{
    /// <summary>
    /// Makes <paramref name="runDirectory"/> a run folder whose generator has the weights of <paramref name="weights"/>:
    /// <c>generator.pt</c>, a copy of the spec and a <c>run.json</c> that names the GAN and the file, so
    /// <c>gangen sample</c>, <c>eval</c> and <c>export</c> work on it as on a trained run.
    /// </summary>
    public static int Run(FileInfo weights, string specPath, string gan, string? runDirectory)
    {
        var definition = LoadedSpec.Load(specPath).Gan(gan);
        using var generator = definition.CreateGenerator();
        var format = WeightFile.Load(generator, weights.FullName);
        var folder = new RunFolder(runDirectory ?? Path.Combine("runs", definition.Name));
        if (File.Exists(folder.Manifest))
        {
            throw new IOException($"{folder.Directory} already holds a run; choose another folder with --run");
        }

        WeightFile.Save(generator, folder.Generator);
        File.Copy(specPath, folder.Spec, overwrite: true);
        folder.WriteManifest(new RunManifest(definition.Name, TotalSteps: 0, Seed: 0, ImportedFrom: weights.FullName));
        var kind = format switch
        {
            WeightFormat.PyTorch => "PyTorch state_dict",
            WeightFormat.GanGenFieldNames => "GanGen generator with the old field-name keys",
            _ => "GanGen generator",
        };
        AnsiConsole.MarkupLineInterpolated($"Imported {weights.FullName} ({kind}) as {definition.Name}'s generator into {folder.Generator}; try: gangen sample {folder.Directory}");
        return 0;
    }
}
