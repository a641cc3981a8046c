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
    public void DamagedCheckpointsNameTheFile()
    {
        var path = Path.Combine(folder, "run.ckpt");
        var (trainer, _, _) = NewTrainer(initSeed: 1);
        trainer.Step();
        Checkpoint.Save(trainer, path);
        var bytes = File.ReadAllBytes(path);

        var truncated = Path.Combine(folder, "truncated.ckpt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(NewTrainer(initSeed: 1).Trainer, truncated));
        Assert.StartsWith($"{truncated}: damaged or incomplete checkpoint", error.Message, StringComparison.Ordinal);

        var foreign = Path.Combine(folder, "foreign.ckpt");
        File.WriteAllText(foreign, "not a checkpoint at all");
        Assert.StartsWith($"{foreign}: ", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(NewTrainer(initSeed: 1).Trainer, foreign)).Message, StringComparison.Ordinal);
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
