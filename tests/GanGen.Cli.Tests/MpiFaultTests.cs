using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using GanGen.Runtime.Training;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>
/// A rank of a two-rank run killed mid-run: the job stops at once, and <c>gangen resume</c> under mpirun
/// continues it exactly. A rank sent SIGTERM: every rank stops after the same step, with a checkpoint.
/// </summary>
public sealed class MpiFaultTests(MpiRuns runs) : IClassFixture<MpiRuns>
{
    [MpiFact]
    public void AKilledRankStopsTheJobAndResumeContinuesItExactly()
    {
        var folder = Path.Combine(runs.Root, "killed");
        var checkpoint = Path.Combine(folder, "last.ckpt");
        using (var mpirun = GanGenProcess.Launch(OpenMpiLauncher.Local(2), runs.Train(folder)))
        {
            Assert.NotNull(mpirun.WaitForLine(line => line.StartsWith("step 100/", StringComparison.Ordinal)));
            var ranks = OpenMpiLauncher.Ranks(mpirun.Id);
            Assert.Equal([0, 1], ranks.Keys.Order());
            Assert.Equal(0, Kill(ranks[1], GanGenProcess.SigKill));

            // Rank 0 waits for rank 1 in every step's all-reduce; Open MPI must end the job instead.
            Assert.True(mpirun.Exited(TimeSpan.FromSeconds(60)), $"the job went on after rank 1 was killed: {mpirun.Output}");
            Assert.NotEqual(0, mpirun.WaitForExit());
        }

        Assert.InRange(Checkpoint.Verify(checkpoint), 100, MpiRuns.Steps - 1);
        Assert.False(File.Exists(Path.Combine(folder, "generator.pt")));

        var output = MpiRuns.Succeed(OpenMpiLauncher.Local(2), MpiRuns.Resume(folder));
        Assert.Contains($"Trained Mlp for {MpiRuns.Steps} steps", output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(Path.Combine(runs.TwoRanks, "generator.pt")), File.ReadAllBytes(Path.Combine(folder, "generator.pt")));
    }

    [MpiFact]
    public void SigtermToOneRankStopsEveryRankAfterTheSameStepWithACheckpoint()
    {
        var folder = Path.Combine(runs.Root, "terminated");
        using var mpirun = GanGenProcess.Launch(OpenMpiLauncher.Local(2), runs.Train(folder, steps: 100_000));
        Assert.NotNull(mpirun.WaitForLine(line => line.StartsWith("step 50/", StringComparison.Ordinal)));
        Assert.Equal(0, Kill(OpenMpiLauncher.Ranks(mpirun.Id)[1], GanGenProcess.SigTerm));

        // Rank 1 asks to stop in its next all-reduce; both ranks finish that step and rank 0 saves it.
        Assert.Equal(0, mpirun.WaitForExit());
        // Open MPI hands the ranks a pseudo-terminal for their output, so gangen colours it: read it without the escapes.
        var output = Regex.Replace(Regex.Replace(mpirun.Output, @"\x1b(\[[0-9;?]*[A-Za-z]|[=>])", string.Empty), @"\s+", " ");
        var stopped = Regex.Match(output, $@"Interrupted at step (\d+) of 100000; checkpoint saved in {Regex.Escape(Path.Combine(folder, "last.ckpt"))}; continue with resume");
        Assert.True(stopped.Success, output);
        Assert.Equal(long.Parse(stopped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Checkpoint.Verify(Path.Combine(folder, "last.ckpt")));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
