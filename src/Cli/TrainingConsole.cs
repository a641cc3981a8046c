using System;
using System.Runtime.InteropServices;
using System.Threading;
using GanGen.Runtime.Runs;
using Spectre.Console;

namespace GanGen.Cli;

/// <summary>
/// Runs a <see cref="TrainingRun"/> in the console: a live progress bar with losses, D(x), D(G(z)) and
/// step rate on a terminal, a plain line per checkpoint otherwise (logs, CI), and Ctrl-C or SIGTERM
/// turned into a clean stop that saves a checkpoint. Under <c>mpirun</c> only rank 0 prints.
/// </summary>
public static class TrainingConsole
{
    /// <summary>Trains to the end, until interrupted, or until <paramref name="budget"/> is spent; returns the process exit code (0 unless the run diverged).</summary>
    public static int Run(TrainingRun run, TimeSpan? budget = null)
    {
        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // Keep the process alive: the run stops after the current step and saves a checkpoint.
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            if (!run.IsRoot)
            {
                // Rank 0 reports for all ranks of a data-parallel run.
                return run.Run(cancellation: stop.Token, budget: budget).Outcome == RunOutcome.Diverged ? 1 : 0;
            }

            if (run.DataDescription.Length > 0)
            {
                Console.WriteLine(run.DataDescription);
            }

            if (run.PretrainLoss is { } pretrain)
            {
                AnsiConsole.MarkupLineInterpolated($"D pretrained on the true density: MSE [bold]{pretrain:F4}[/]");
            }

            var result = AnsiConsole.Profile.Capabilities.Interactive ? WithProgressBar(run, stop.Token, budget) : WithLines(run, stop.Token, budget);
            var colour = result.Outcome switch
            {
                RunOutcome.Completed => "green",
                RunOutcome.Interrupted => "yellow",
                _ => "red",
            };
            AnsiConsole.MarkupLineInterpolated($"[{colour}]{result.Message}[/]");
            if (run.Ranks > 1)
            {
                Console.WriteLine(FormattableString.Invariant($"{run.Ranks} MPI ranks; rank 0 spent {run.AllreduceTime.TotalSeconds:F2} s in MPI_Allreduce"));
            }

            if (result.QualitySummary.Length > 0)
            {
                Console.WriteLine(result.QualitySummary);
            }

            return result.Outcome == RunOutcome.Diverged ? 1 : 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static RunResult WithProgressBar(TrainingRun run, CancellationToken stop, TimeSpan? budget) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(run.Folder.Directory, maxValue: run.TotalSteps);
                task.Value = run.StepsDone;
                return run.Run(
                    p =>
                    {
                        task.Value = p.Measured.Step;
                        task.Description = Describe(p);
                    },
                    stop,
                    budget);
            });

    private static RunResult WithLines(TrainingRun run, CancellationToken stop, TimeSpan? budget) =>
        run.Run(
            p =>
            {
                if (p.Measured.Step % run.SampleEvery == 0 || p.Measured.Step == p.TotalSteps)
                {
                    Console.WriteLine(Describe(p));
                }

                if (p.Quality is { } quality && quality.Step == p.Measured.Step)
                {
                    Console.WriteLine($"  quality at step {quality.Step}: {quality}");
                }
            },
            stop,
            budget);

    private static string Describe(RunProgress p) =>
        FormattableString.Invariant(
            $"step {p.Measured.Step}/{p.TotalSteps}  D {p.Measured.DiscriminatorLoss:F3}  G {p.Measured.GeneratorLoss:F3}  D(x) {p.Measured.RealScore:F2}  D(G(z)) {p.Measured.FakeScore:F2}  {p.StepsPerSecond:F1} steps/s")
        + (p.Quality is { } quality ? $"  {quality.Values[0].Key} {quality.Values[0].Value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}" : string.Empty);
}
