using System;
using System.Globalization;
using System.IO;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Runs;
using Spectre.Console;

namespace GanGen.Cli;

/// <summary><c>gangen eval</c>: quality metrics of a run's generator, or of images another program made.</summary>
internal static class EvalCommand
{
    /// <summary>Measures the run's final generator (or its best one).</summary>
    public static int Run((GanDefinition Definition, RunFolder Folder) run, bool best, int samples, string? output)
    {
        var (definition, folder) = run;
        using var generator = GanGenCommand.LoadGenerator(definition, folder, best);
        using var evaluator = Open(definition, samples);
        var step = best ? QualityReport.FromJson(File.ReadAllText(folder.BestReport)).Step : folder.ReadManifest().TotalSteps;
        Report($"{definition.Name}, {(best ? "best" : "final")} generator (step {step})", evaluator, evaluator.Measure(generator, step), output);
        return 0;
    }

    /// <summary>Measures images made elsewhere (e.g. the PyTorch peer's samples), PNG/JPEG or IDX, against <paramref name="definition"/>'s data.</summary>
    public static int Images(DirectoryInfo folder, GanDefinition definition, int samples, string? output)
    {
        // Read first: a folder that does not fit is one error line before any classifier is trained.
        using var images = ImagesToScore.Read(folder.FullName, definition);
        using var evaluator = Open(definition, samples);
        var report = evaluator.MeasureImages(images);
        Report($"{report.Samples} of {images.Count} images from {folder.FullName}, against {definition.Name}'s data", evaluator, report, output);
        return 0;
    }

    private static RunEvaluator Open(GanDefinition definition, int samples) =>
        new(definition, definition.RequireTraining(), EvaluationOptions.Default with { Samples = samples }, DataSources.DefaultCache, Console.WriteLine);

    private static void Report(string title, RunEvaluator evaluator, QualityReport report, string? output)
    {
        if (output is not null)
        {
            File.WriteAllText(output, report.ToJson());
        }

        var table = new Table().Title(Markup.Escape(title)).AddColumns("metric", "value", "better");
        foreach (var (name, value) in report.Values)
        {
            table.AddRow(name, value.ToString(name == QualityMetric.ClassesHit ? "F0" : "G5", CultureInfo.InvariantCulture), QualityMetric.LowerIsBetter(name) ? "lower" : "higher");
        }

        AnsiConsole.Write(table);
        if (evaluator.ClassifierAccuracy is { } accuracy)
        {
            AnsiConsole.MarkupLineInterpolated($"{report.Samples} samples per side; domain classifier test accuracy {accuracy.ToString("P2", CultureInfo.InvariantCulture)}");
        }
    }
}
