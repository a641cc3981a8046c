using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Runs;
using GanGen.Spec.Training;
using Spectre.Console;
using TorchSharp;

namespace GanGen.Cli;

/// <summary>
/// The whole of a sample program: train a compiled GAN into <c>runs/&lt;name&gt;</c> under the repository
/// root, or continue the run that is already there, with the console display of <c>gangen</c>.
/// </summary>
public static class SampleRunner
{
    /// <summary>
    /// Trains <paramref name="gan"/>; <c>--steps N</c> in <paramref name="args"/> sets a shorter total for a new run,
    /// <c>--minutes M</c> a wall-clock budget for this session (see <see cref="TrainingRun.Run"/>).
    /// </summary>
    /// <param name="gan">The GAN.</param>
    /// <param name="args">The sample's command line.</param>
    /// <param name="settings">Settings to train with instead of the spec's (a sample that prepares its data folder points them at it).</param>
    /// <returns>The process exit code.</returns>
    public static int Run(GanDefinition gan, string[] args, TrainingSettings? settings = null)
    {
        torch.set_num_threads(Math.Min(Environment.ProcessorCount, 2));
        var steps = Value(args, "--steps", long.Parse);
        var minutes = Value(args, "--minutes", double.Parse);
        var root = RepositoryRoot();
        var folder = Path.Combine(root, "runs", gan.Name);
        settings ??= gan.RequireTraining();
        if (steps is { } total)
        {
            settings = settings.WithSteps(total);
        }

        try
        {
            var existing = File.Exists(new RunFolder(folder).Manifest);
            using var run = existing ? TrainingRun.Resume(gan, folder, settings: settings) : TrainingRun.Start(gan, folder, settings);
            // With the spec beside it, gangen resume and gangen sample work on the run too.
            var spec = Path.Combine(root, "src", "Models.yaml");
            if (File.Exists(spec))
            {
                File.Copy(spec, run.Folder.Spec, overwrite: true);
            }

            if (run.StepsDone >= run.TotalSteps)
            {
                AnsiConsole.MarkupLineInterpolated($"[yellow]{folder} already holds a finished run of {run.TotalSteps} steps; delete it to train again, or extend it with: gangen resume {folder} --steps N[/]");
                return 0;
            }

            AnsiConsole.MarkupLineInterpolated($"{(existing ? "Resuming" : "Training")} {gan.Name}: {run.TotalSteps} steps, pictures and checkpoints every {run.SampleEvery}, into {folder}");
            return TrainingConsole.Run(run, minutes is { } m ? TimeSpan.FromMinutes(m) : null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static T? Value<T>(string[] args, string name, Func<string, IFormatProvider, T> parse)
        where T : struct =>
        args.SkipWhile(a => a != name).Skip(1).Select(a => (T?)parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();

    /// <summary>The folder holding GanGen.sln above the program, else the current folder: where samples keep <c>runs/</c>.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GanGen.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
