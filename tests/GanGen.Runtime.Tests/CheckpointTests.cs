using System;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>A checkpoint restores a run exactly; a damaged one fails with the file's name.</summary>
[Collection(SeededTraining.Name)]
public sealed class CheckpointTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gangen-ckpt-").FullName;

    [Fact]
    public void ResumedRunEndsWithTheUninterruptedRunsWeights()
    {
        var path = Path.Combine(folder, "run.ckpt");

        var (straight, g1, d1) = NewTrainer(initSeed: 5);
        for (var i = 0; i < 40; i++)
        {
            straight.Step();
            if (i == 19)
            {
                Checkpoint.Save(straight, path);
            }
        }

        // A new process would build fresh modules with other weights; the checkpoint brings back the rest.
        var (resumed, g2, d2) = NewTrainer(initSeed: 99);
        Checkpoint.Load(resumed, path);
        Assert.Equal(20, resumed.StepsDone);
        while (resumed.StepsDone < 40)
        {
            resumed.Step();
        }

        foreach (var (a, b) in g1.parameters().Concat(d1.parameters()).Zip(g2.parameters().Concat(d2.parameters())))
        {
            Assert.True(a.eq(b).all().item<bool>(), "parameters differ after resume");
        }

        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void DamagedCheckpointsNameTheFileAndSayWhatIsWrong()
    {
        var path = Path.Combine(folder, "run.ckpt");
        var (trainer, _, _) = NewTrainer(initSeed: 1);
        trainer.Step();
        Checkpoint.Save(trainer, path);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(1, Checkpoint.Verify(path));

        var truncated = Write("truncated.ckpt", bytes[..(bytes.Length / 2)]);
        var flipped = Write("flipped.ckpt", bytes.Select((b, i) => i == bytes.Length - 100 ? (byte)(b ^ 0x10) : b).ToArray());
        var empty = Write("empty.ckpt", []);
        var foreign = Write("foreign.ckpt", System.Text.Encoding.UTF8.GetBytes("not a checkpoint at all"));
        const string Mismatch = ": damaged checkpoint: its contents do not match the checksum saved with them (changed or cut short after it was written)";

        // A flipped bit in a weight used to load silently and resume from wrong weights.
        Assert.Equal(truncated + Mismatch, Assert.Throws<InvalidDataException>(() => Checkpoint.Load(NewTrainer(initSeed: 1).Trainer, truncated)).Message);
        Assert.Equal(flipped + Mismatch, Assert.Throws<InvalidDataException>(() => Checkpoint.Load(NewTrainer(initSeed: 1).Trainer, flipped)).Message);
        Assert.Equal(flipped + Mismatch, Assert.Throws<InvalidDataException>(() => Checkpoint.Verify(flipped)).Message);
        Assert.Equal($"{empty}: damaged checkpoint: cut short after 0 bytes", Assert.Throws<InvalidDataException>(() => Checkpoint.Verify(empty)).Message);
        Assert.Equal($"{foreign}: not a GanGen checkpoint (it does not start with GANGEN-CHECKPOINT-4)", Assert.Throws<InvalidDataException>(() => Checkpoint.Verify(foreign)).Message);
    }

    [Fact]
    public void ACheckpointOfOtherModelsSaysSo()
    {
        var path = Path.Combine(folder, "run.ckpt");
        var (trainer, _, _) = NewTrainer(initSeed: 1);
        Checkpoint.Save(trainer, path);

        torch.manual_seed(1);
        var g = new OneDGenerator();
        var d = new OneDDiscriminator();
        var other = new GanTrainer(g, d, new NonSaturatingLoss(fromLogits: false), optim.Adam(g.parameters(), 1e-3), optim.Adam(d.parameters(), 1e-3),
            Samplers.Stratified(8), Samplers.Gaussian(4, 0.5), batchSize: 12, seed: 7);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(other, path));
        Assert.StartsWith($"{path}: does not fit this run's models and optimizers (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); was the spec changed after the run started?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckpointsThatNamedWeightsByFieldAreRefusedWithTheReason()
    {
        var path = Path.Combine(folder, "run.ckpt");
        var (trainer, _, _) = NewTrainer(initSeed: 5);
        for (var i = 0; i < 3; i++)
        {
            trainer.Step();
        }

        Checkpoint.Save(trainer, path);

        // Formats 3 and 2 (3 without the checksum) named weights by C# field; their magic differs in its last character.
        var bytes = File.ReadAllBytes(path);
        foreach (var format in new[] { '3', '2' })
        {
            bytes[19] = (byte)format;
            var old = Write($"format{format}.ckpt", bytes);
            var (resumed, _, _) = NewTrainer(initSeed: 99);
            var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(resumed, old));
            Assert.Equal(
                $"{old}: written by an earlier GanGen, which named weights by C# field (conv2d3.weight) where GanGen now uses PyTorch's module names (3.weight); it cannot be resumed: train the run again (a finished run's generator.pt still works with gangen sample, eval and export)",
                error.Message);
            Assert.Equal(0, resumed.StepsDone);
        }
    }

    [Fact]
    public void ASaveThatFailsLeavesTheCheckpointsAsTheyWere()
    {
        var path = Path.Combine(folder, "run.ckpt");
        var (trainer, _, _) = NewTrainer(initSeed: 1);
        trainer.Step();
        Checkpoint.Save(trainer, path);
        trainer.Step();
        Checkpoint.Save(trainer, path);
        var last = File.ReadAllBytes(path);
        var previous = File.ReadAllBytes(Checkpoint.PreviousPath(path));

        // The checkpoint's temporary file is a link to /dev/full: every write fails with ENOSPC, as on a full disk.
        File.CreateSymbolicLink(path + ".tmp", "/dev/full");
        trainer.Step();
        var error = Assert.Throws<IOException>(() => Checkpoint.Save(trainer, path));

        Assert.Equal($"{path}: checkpoint not saved (No space left on device); the checkpoint saved before it is unchanged", error.Message);
        Assert.Equal(["run.ckpt", "run.previous.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName).Order());
        Assert.Equal(last, File.ReadAllBytes(path));
        Assert.Equal(previous, File.ReadAllBytes(Checkpoint.PreviousPath(path)));
    }

    [Fact]
    public void StaircaseDecayMatchesTensorFlowsExponentialDecay()
    {
        var schedule = new LearningRateSchedule(0.005, Decay: 0.95, DecaySteps: 150);
        Assert.Equal(0.005, schedule.At(149), 12);
        Assert.Equal(0.005 * 0.95, schedule.At(150), 12);
        Assert.Equal(0.005 * 0.95 * 0.95, schedule.At(300), 12);
        Assert.Equal(0.005 * Math.Pow(0.95, 0.5), (schedule with { Staircase = false }).At(75), 12);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (GanTrainer Trainer, OneDGenerator G, OneDMinibatchDiscriminator D) NewTrainer(int initSeed)
    {
        torch.manual_seed(initSeed);
        var g = new OneDGenerator();
        var d = new OneDMinibatchDiscriminator();
        var trainer = new GanTrainer(
            g, d, new NonSaturatingLoss(fromLogits: false),
            optim.Adam(g.parameters(), 1e-3), optim.Adam(d.parameters(), 1e-3),
            Samplers.Stratified(8), Samplers.Gaussian(4, 0.5), batchSize: 12, seed: 7)
        {
            GeneratorSchedule = new LearningRateSchedule(1e-3, Decay: 0.5, DecaySteps: 10),
        };
        return (trainer, g, d);
    }
}
