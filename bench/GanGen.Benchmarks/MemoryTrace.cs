using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using TorchSharp;

namespace GanGen.Benchmarks;

/// <summary>
/// Resident memory of a whole training run (the loop with every output of the run folder), sampled
/// every few hundred steps: flat after the first samples means the loop's dispose scopes hold.
/// Not BenchmarkDotNet: one long run, read as a series.
/// </summary>
public static class MemoryTrace
{
    /// <summary>Trains <paramref name="ganName"/> of src/Models.yaml for <paramref name="steps"/> steps and prints resident memory.</summary>
    public static void Run(string ganName, long steps, TextWriter output)
    {
        torch.set_num_threads(2);
        var gan = LoadedSpec.Load(Path.Combine("src", "Models.yaml")).Gan(ganName);
        var folder = Directory.CreateTempSubdirectory("gangen-memory-").FullName;
        try
        {
            var settings = gan.RequireTraining().WithSteps(steps);
            using var run = TrainingRun.Start(gan, folder, settings);
            var every = Math.Max(1, steps / 20);
            var process = Process.GetCurrentProcess();
            double? first = null;
            var latest = 0.0;
            var peak = 0.0;
            output.WriteLine($"{gan.Name}: {steps} steps, batch {settings.BatchSize}, resident memory every {every} steps");
            output.WriteLine("   step   RSS (MB)");
            var result = run.Run(progress =>
            {
                if (progress.Measured.Step % every != 0)
                {
                    return;
                }

                process.Refresh();
                var megabytes = process.WorkingSet64 / 1048576.0;
                first ??= megabytes;
                latest = megabytes;
                peak = Math.Max(peak, megabytes);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{progress.Measured.Step,7} {megabytes,10:F0}"));
            });
            process.Refresh();
            output.WriteLine(result.Message);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"in the loop: first sample {first:F0} MB, last {latest:F0} MB ({latest - first:+0;-0} MB over {steps - every} steps), peak {peak:F0} MB"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"after the final outputs (generator, plots, GIF): {process.WorkingSet64 / 1048576.0:F0} MB"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
