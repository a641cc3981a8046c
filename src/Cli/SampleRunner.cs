using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Runs;
using Spectre.Console;
using TorchSharp;

namespace GanGen.Cli;

/// <summary>
/// The whole of a sample program: train a compiled GAN into <c>runs/&lt;name&gt;</c> under the repository
/// root, or continue the run that is already there, with the console display of <c>gangen</c>.
/// </summary>
public static class SampleRunner
{
    /// <summary>Trains <paramref name="gan"/>; <c>--steps N</c> in <paramref name="args"/> sets a shorter total for a new run.</summary>
    /// <returns>The process exit code.</returns>
    public static int Run(GanDefinition gan, string[] args)
    {
        torch.set_num_threads(Math.Min(Environment.ProcessorCount, 2));
        var steps = args.SkipWhile(a => a != "--steps").Skip(1).Select(a => (long?)long.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var root = RepositoryRoot();
        var folder = Path.Combine(root, "runs", gan.Name);
        var settings = gan.RequireTraining();
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
            return TrainingConsole.Run(run);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static string RepositoryRoot()
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
