using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using System.Threading;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Training;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;

namespace GanGen.Cli.Tests;

/// <summary>
/// Training faults with real processes: <c>gangen train</c> as a child process interrupted with SIGINT,
/// killed with SIGKILL at random moments and in the middle of a checkpoint write, resumed from damaged
/// checkpoints, on a disk that fills up and on one that turns read-only, and diverging to NaN. Whatever
/// happens, no file is left half-written, the last complete checkpoint loads, and <c>gangen resume</c>
/// ends with exactly the weights of the uninterrupted run (generator.pt compared byte for byte).
/// </summary>
public sealed class ProcessFaultTests(UninterruptedRun reference, ITestOutputHelper output) : IClassFixture<UninterruptedRun>
{
    private const string Damaged = "damaged checkpoint: its contents do not match the checksum saved with them (changed or cut short after it was written)";

    [Fact]
    public void CtrlCSavesACheckpointAndExitsZero()
    {
        var folder = Folder("interrupted");
        using (var gangen = GanGenProcess.Start(reference.Train(folder)))
        {
            Assert.NotNull(gangen.WaitForLine(line => line.StartsWith("step 100/1000 ", StringComparison.Ordinal)));
            gangen.Signal(GanGenProcess.SigInt);

            Assert.Equal(0, gangen.WaitForExit());
            var stopped = Regex.Match(gangen.Output, $@"Interrupted at step (\d+) of 1000; checkpoint saved in {Regex.Escape(LastCheckpoint(folder))}; continue with resume$");
            Assert.True(stopped.Success, gangen.Output);
            Assert.InRange(long.Parse(stopped.Groups[1].Value), 100, 999);
            Assert.Equal(long.Parse(stopped.Groups[1].Value), Checkpoint.Verify(LastCheckpoint(folder)));
        }

        AssertNothingHalfWritten(folder);
        Assert.Empty(Leftovers(folder));
        FinishAndCompare(folder);
    }

    [Fact]
    public void KilledAtRandomMomentsItLosesNothing()
    {
        // Six kills at random moments of a run's stages in turn: starting up; just after run.json, in the
        // first steps; three times shortly after a checkpoint (often inside the next plot or save); finishing
        // (the animation, generator.pt). Each time the next process resumes what the last one left.
        var folder = Folder("killed");
        var manifest = Path.Combine(folder, "run.json");
        var random = new Random(6);
        var kills = new List<string>();
        foreach (var stage in new[] { "start", "run.json", "checkpoint", "checkpoint", "checkpoint", "end" })
        {
            using var gangen = GanGenProcess.Start(File.Exists(manifest) ? UninterruptedRun.Resume(folder) : reference.Train(folder));
            var done = File.Exists(LastCheckpoint(folder)) ? Checkpoint.Verify(LastCheckpoint(folder)) : 0;
            var target = Math.Min(UninterruptedRun.Steps, done + (100 * (1 + random.Next(3))));
            var (reached, window) = stage switch
            {
                "start" => (true, 1.0),
                "run.json" => (gangen.WaitUntil(() => File.Exists(manifest)), 0.1),
                "checkpoint" => (gangen.WaitForLine(line => line.StartsWith("step ", StringComparison.Ordinal) && Step(line) >= target) is not null, 0.2),
                _ => (gangen.WaitForLine(line => line.StartsWith($"step {UninterruptedRun.Steps}/", StringComparison.Ordinal)) is not null, 0.6),
            };
            var delay = TimeSpan.FromSeconds(random.NextDouble() * window);
            if (!reached || gangen.Exited(delay))
            {
                // The run reached its end first.
                Assert.Equal(0, gangen.WaitForExit());
                break;
            }

            gangen.Signal(GanGenProcess.SigKill);
            Assert.Equal(128 + GanGenProcess.SigKill, gangen.WaitForExit());
            kills.Add($"{stage}{(stage == "checkpoint" ? $" {target}" : string.Empty)} + {delay.TotalMilliseconds:F0} ms: {Stage(folder)}");
            AssertNothingHalfWritten(folder);
        }

        output.WriteLine($"SIGKILL landed: {string.Join("; ", kills)}");
        Assert.NotEmpty(kills);
        if (File.Exists(Path.Combine(folder, "generator.pt")))
        {
            Assert.Equal(reference.Generator, File.ReadAllBytes(Path.Combine(folder, "generator.pt")));
        }
        else
        {
            FinishAndCompare(folder);
        }
    }

    [Fact]
    public void KilledWhileWritingACheckpointItResumesFromTheOneBefore()
    {
        var folder = Directory.CreateDirectory(Folder("torn")).FullName;
        var temporary = LastCheckpoint(folder) + ".tmp";
        using var caught = new ManualResetEventSlim();
        using var gangen = GanGenProcess.Start(reference.Train(folder));
        using var watcher = new FileSystemWatcher(folder, Path.GetFileName(temporary));
        var created = 0;
        watcher.Created += (_, _) =>
        {
            // From the third save on, so that complete checkpoints exist. The process is frozen first: if the
            // temporary file is still there, the save is under way and SIGKILL lands inside it.
            if (Interlocked.Increment(ref created) < 3 || caught.IsSet)
            {
                return;
            }

            gangen.Signal(GanGenProcess.SigStop);
            if (File.Exists(temporary))
            {
                gangen.Signal(GanGenProcess.SigKill);
                caught.Set();
            }
            else
            {
                gangen.Signal(GanGenProcess.SigCont);
            }
        };
        watcher.EnableRaisingEvents = true;

        var code = gangen.WaitForExit();
        output.WriteLine($"checkpoint saves seen: {created}, killed during one: {caught.IsSet}");
        Assert.True(caught.IsSet, $"no save was caught under way in {created} saves; exit code {code}");
        Assert.Equal(128 + GanGenProcess.SigKill, code);
        Assert.True(File.Exists(temporary));
        Assert.InRange(Checkpoint.Verify(LastCheckpoint(folder)), 200, 900);
        AssertNothingHalfWritten(folder);
        FinishAndCompare(folder);
        Assert.False(File.Exists(temporary));
    }

    [Theory]
    [InlineData("flipped bit")]
    [InlineData("cut")]
    public void ADamagedCheckpointIsNamedAndThePreviousOneIsUsed(string damage)
    {
        var folder = Folder(damage.Replace(' ', '-'));
        Assert.Equal(0, GanGenProcess.Run(reference.Train(folder, steps: 500)).Code);
        Damage(LastCheckpoint(folder), damage);

        var (code, text) = GanGenProcess.Run(UninterruptedRun.Resume(folder, steps: UninterruptedRun.Steps));

        Assert.True(code == 0, text);
        Assert.Contains($"warning: {LastCheckpoint(folder)}: {Damaged}; resuming from the previous checkpoint {Previous(folder)}", text);
        Assert.Equal(reference.Generator, File.ReadAllBytes(Path.Combine(folder, "generator.pt")));
    }

    [Fact]
    public void WithBothCheckpointsDamagedResumeStopsAndNamesThem()
    {
        var folder = Folder("both-damaged");
        Assert.Equal(0, GanGenProcess.Run(reference.Train(folder, steps: 300)).Code);
        Damage(LastCheckpoint(folder), "cut");
        Damage(Previous(folder), "flipped bit");

        var (code, text) = GanGenProcess.Run(UninterruptedRun.Resume(folder, steps: UninterruptedRun.Steps));

        Assert.Equal(1, code);
        Assert.Equal($"warning: {LastCheckpoint(folder)}: {Damaged}; resuming from the previous checkpoint {Previous(folder)} error: {Previous(folder)}: {Damaged}", text);
    }

    [Fact]
    public void AFullDiskStopsTheRunWithAClearErrorAndNothingHalfWritten()
    {
        // 200 KiB: the run fills it with its plots a few checkpoints in.
        using var disk = new Tmpfs(Path.Combine(reference.Root, "full"), "200k");
        var folder = Path.Combine(disk.Path, "run");

        var (code, text) = GanGenProcess.Run(reference.Train(folder));

        Assert.True(code == 1, text);
        var file = $"{Regex.Escape(folder)}/[\\w./-]+";
        Assert.Matches($@"error: ({file}: (not written|checkpoint not saved) \(No space left on device\)|No space left on device : '{file}')$", text);
        AssertNothingHalfWritten(folder);
        Assert.Empty(Leftovers(folder));
        output.WriteLine($"disk full: {text.Split("error: ")[^1]}; last complete checkpoint: step {Checkpoint.Verify(LastCheckpoint(folder))}");

        disk.Remount("size=16m");
        FinishAndCompare(folder);
    }

    [Fact]
    public void AReadOnlyFolderIsAClearErrorAndChangesNothing()
    {
        using var disk = new Tmpfs(Path.Combine(reference.Root, "readonly"), "16m");
        var folder = Path.Combine(disk.Path, "run");
        Assert.Equal(0, GanGenProcess.Run(reference.Train(folder, steps: 300)).Code);
        disk.Remount("ro");
        var before = Snapshot(disk.Path);

        var (resumeCode, resumeText) = GanGenProcess.Run(UninterruptedRun.Resume(folder, steps: UninterruptedRun.Steps));
        var (trainCode, trainText) = GanGenProcess.Run(reference.Train(Path.Combine(disk.Path, "new")));

        Assert.Equal((1, $"error: {folder}/metrics.csv: not written (Read-only file system)"), (resumeCode, resumeText));
        Assert.Equal((1, $"error: Read-only file system : '{disk.Path}/new'"), (trainCode, trainText));
        Assert.Equal(before, Snapshot(disk.Path));

        disk.Remount("rw");
        FinishAndCompare(folder);
    }

    [Fact]
    public void ADivergingRunStopsWithTheStepAndKeepsTheLastGoodCheckpoint()
    {
        // A linear D under least squares at learning rate 10: the losses overflow to infinity within a few steps.
        var spec = Path.Combine(reference.Root, "diverging.yaml");
        File.WriteAllText(spec, UninterruptedRun.Spec
            .Replace("      - Sigmoid\n", string.Empty, StringComparison.Ordinal)
            .Replace("{ non-saturating: { logits: false } }", "least-squares", StringComparison.Ordinal)
            .Replace("lr: 0.005", "lr: 10", StringComparison.Ordinal)
            .Replace("sample_every: 100", "sample_every: 5", StringComparison.Ordinal));
        var folder = Folder("diverging");

        var (code, text) = GanGenProcess.Run("train", "--spec", spec, "--gan", "OneD", "--run", folder, "--threads", "1");

        Assert.Equal(1, code);
        var stopped = Regex.Match(text, $@"Step (\d+): loss is not finite \(D \S+, G \S+\); stopped\. The last good checkpoint \(step (\d+)\) is kept in {Regex.Escape(LastCheckpoint(folder))}$");
        Assert.True(stopped.Success, text);
        var (failed, kept) = (long.Parse(stopped.Groups[1].Value), long.Parse(stopped.Groups[2].Value));
        Assert.InRange(failed, 6, 1000);
        Assert.Equal((failed - 1) / 5 * 5, kept);
        Assert.Equal(kept, Checkpoint.Verify(LastCheckpoint(folder)));
        Assert.False(File.Exists(Path.Combine(folder, "generator.pt")));
        output.WriteLine($"diverged at step {failed}, kept step {kept}");
    }

    /// <summary>The step of a progress line, <c>step 300/1000  D ...</c>.</summary>
    private static long Step(string line) => long.Parse(line.AsSpan(5, line.IndexOf('/', StringComparison.Ordinal) - 5), System.Globalization.CultureInfo.InvariantCulture);

    private static string LastCheckpoint(string folder) => Path.Combine(folder, "last.ckpt");

    private static string Previous(string folder) => Path.Combine(folder, "last.previous.ckpt");

    private static IEnumerable<string> Leftovers(string folder) => Directory.EnumerateFiles(folder, "*.tmp", SearchOption.AllDirectories);

    private string Folder(string name) => Path.Combine(reference.Root, name);

    /// <summary>Brings the run to its end the way a user would (resume, or train again if it never got going) and compares it.</summary>
    private void FinishAndCompare(string folder)
    {
        var manifest = File.Exists(Path.Combine(folder, "run.json"));
        var (code, text) = GanGenProcess.Run(manifest ? UninterruptedRun.Resume(folder, steps: UninterruptedRun.Steps) : reference.Train(folder));

        Assert.True(code == 0, text);
        Assert.Contains($"Trained OneD for 1000 steps; outputs in {folder}", text, StringComparison.Ordinal);
        Assert.Equal(reference.Generator, File.ReadAllBytes(Path.Combine(folder, "generator.pt")));
        AssertNothingHalfWritten(folder);
    }

    /// <summary>Every file a run leaves reads back whole; temporary files are the only ones allowed to be partial.</summary>
    private static void AssertNothingHalfWritten(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        if (File.Exists(Path.Combine(folder, "run.json")))
        {
            Assert.Equal("OneD", new RunFolder(folder).ReadManifest().Gan);
        }

        if (File.Exists(LastCheckpoint(folder)))
        {
            var last = Checkpoint.Verify(LastCheckpoint(folder));
            if (File.Exists(Previous(folder)))
            {
                Assert.True(Checkpoint.Verify(Previous(folder)) < last, "the previous checkpoint is older");
            }
        }

        foreach (var png in Directory.EnumerateFiles(folder, "*.png", SearchOption.AllDirectories))
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.True(bitmap is not null, $"{png} does not decode");
        }

        if (File.Exists(Path.Combine(folder, "generator.pt")))
        {
            using var generator = LoadedSpec.Parse(UninterruptedRun.Spec).CreateModel("G");
            generator.load(Path.Combine(folder, "generator.pt"));
        }
    }

    /// <summary>How far a killed run had come.</summary>
    private static string Stage(string folder) =>
        !File.Exists(Path.Combine(folder, "run.json")) ? "before run.json"
        : !File.Exists(LastCheckpoint(folder)) ? "before the first checkpoint"
        : File.Exists(Path.Combine(folder, "generator.pt")) ? "after the end"
        : $"after the checkpoint of step {Checkpoint.Verify(LastCheckpoint(folder))}" + (Leftovers(folder).Any() ? $" ({Leftovers(folder).Count()} temporary file(s) left)" : string.Empty);

    private static void Damage(string path, string how)
    {
        var bytes = File.ReadAllBytes(path);
        if (how == "cut")
        {
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0x04;
            File.WriteAllBytes(path, bytes);
        }
    }

    /// <summary>Every file under <paramref name="folder"/> with a hash of its bytes.</summary>
    private static string[] Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}").ToArray();
}
