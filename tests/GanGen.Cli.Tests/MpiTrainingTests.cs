using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using GanGen.Runtime.Specs;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>
/// <c>mpirun -np 2 gangen train</c> on this machine: two ranks with the same global batch train as one process
/// does (same losses, same weights up to float rounding), rank 0 alone writes the run folder, batch norm keeps
/// per-rank statistics, and a run may change its number of ranks when resumed.
/// </summary>
public sealed class MpiTrainingTests(MpiRuns runs) : IClassFixture<MpiRuns>
{
    /// <summary>A G whose only state besides one weight is a batch norm that remembers its last batch (momentum 1).</summary>
    private const string BatchNormSpec = """
        models:
          G:
            input: [1]
            layers:
              - Linear: { out_features: 1, bias: false }
              - BatchNorm1d: { momentum: 1.0, affine: false }
          D:
            input: [1]
            layers:
              - Linear: { out_features: 8 }
              - Tanh
              - Linear: { out_features: 1 }
        gans:
          Bn:
            generator: G
            discriminator: D
            training:
              data: { normal: { mean: 4, std: 0.5 } }
              noise: { stratified: { range: 1 } }
              loss: { non-saturating: { logits: true } }
              optimizer: { SGD: { lr: 0.01 } }
              batch_size: 64
              steps: 1
              sample_every: 1
              seed: 2
        """;

    [MpiFact]
    public void TwoRanksTrainAsOneProcessDoesWithTheSameGlobalBatch()
    {
        var one = MpiRuns.Metrics(runs.OneProcess);
        var two = MpiRuns.Metrics(runs.TwoRanks);
        Assert.Equal(MpiRuns.Steps, two.Length);

        // D and G losses, D(x) and D(G(z)) of every step: the ranks' averages are the one-process batch means.
        foreach (var (expected, actual) in one.Zip(two))
        {
            Assert.Equal(expected[0], actual[0]);
            for (var column = 1; column <= 4; column++)
            {
                Assert.True(Math.Abs(expected[column] - actual[column]) <= 1e-4 * Math.Max(1, Math.Abs(expected[column])), $"step {expected[0]}, column {column}: {expected[column]} alone, {actual[column]} on two ranks");
            }
        }

        MpiRuns.AssertClose(MpiRuns.Generator(runs.OneProcess), MpiRuns.Generator(runs.TwoRanks), 1e-4);
    }

    [MpiFact]
    public void RankZeroAloneWritesTheRunFolderAndRecordsTheRanks()
    {
        Assert.Equal(2, Manifest(runs.TwoRanks).GetProperty("Ranks").GetInt32());
        Assert.Equal(1, Manifest(runs.OneProcess).GetProperty("Ranks").GetInt32());

        // Each writer of TensorBoard events opens a file of its own (named by host and process): one file, one writer.
        Assert.Single(Directory.GetFiles(Path.Combine(runs.TwoRanks, "tensorboard")));
        Assert.Equal(
            Directory.GetFiles(runs.OneProcess, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(runs.OneProcess, f)).Where(f => !f.StartsWith("tensorboard", StringComparison.Ordinal)).Order(StringComparer.Ordinal),
            Directory.GetFiles(runs.TwoRanks, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(runs.TwoRanks, f)).Where(f => !f.StartsWith("tensorboard", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [MpiFact]
    public void BatchNormNormalisesEachRankBySliceOwnStatistics()
    {
        // G's noise is linspace(-1, 1, 64) plus jitter in [0, 0.01); its batch norm, with momentum 1, keeps the
        // mean m and unbiased variance v of w·z over the last batch it saw (G's own step), so m²/v does not depend
        // on G's weight w. Over the whole batch m ≈ 0. Rank 0 of 2 sees only the first 32 values, -1 to -0.016:
        // mean -0.5079 (+ jitter up to 0.01), variance (2/63)²·(32·33/12) = 0.0887, so m²/v lies in [2.79, 2.92].
        var spec = Path.Combine(runs.Root, "bn.yaml");
        File.WriteAllText(spec, BatchNormSpec);
        var alone = Path.Combine(runs.Root, "bn-one");
        var ranked = Path.Combine(runs.Root, "bn-two");
        string[] Train(string folder) => ["train", "--spec", spec, "--gan", "Bn", "--run", folder, "--threads", "1", "--no-eval"];
        MpiRuns.Succeed([], Train(alone));
        MpiRuns.Succeed(OpenMpiLauncher.Local(2), Train(ranked));

        Assert.InRange(MeanSquaredOverVariance(alone), 0, 1e-3);
        Assert.InRange(MeanSquaredOverVariance(ranked), 2.79, 2.92);

        double MeanSquaredOverVariance(string folder)
        {
            using var generator = LoadedSpec.Parse(BatchNormSpec).Gan("Bn").CreateGenerator();
            generator.load(Path.Combine(folder, "generator.pt"));
            var state = generator.state_dict();
            var mean = state["1.running_mean"].item<float>();
            return mean * mean / state["1.running_var"].item<float>();
        }
    }

    [MpiFact]
    public void ARunStartedOnTwoRanksResumesAsOneProcessAndBack()
    {
        var twoThenOne = Path.Combine(runs.Root, "two-then-one");
        MpiRuns.Succeed(OpenMpiLauncher.Local(2), runs.Train(twoThenOne, steps: MpiRuns.Steps / 2));
        MpiRuns.Succeed([], MpiRuns.Resume(twoThenOne, steps: MpiRuns.Steps));
        Assert.Equal(1, Manifest(twoThenOne).GetProperty("Ranks").GetInt32());
        MpiRuns.AssertClose(MpiRuns.Generator(runs.TwoRanks), MpiRuns.Generator(twoThenOne), 1e-4);

        var oneThenTwo = Path.Combine(runs.Root, "one-then-two");
        MpiRuns.Succeed([], runs.Train(oneThenTwo, steps: MpiRuns.Steps / 2));
        MpiRuns.Succeed(OpenMpiLauncher.Local(2), MpiRuns.Resume(oneThenTwo, steps: MpiRuns.Steps));
        Assert.Equal(2, Manifest(oneThenTwo).GetProperty("Ranks").GetInt32());
        MpiRuns.AssertClose(MpiRuns.Generator(runs.OneProcess), MpiRuns.Generator(oneThenTwo), 1e-4);
    }

    [MpiFact]
    public void AWallClockBudgetStopsEveryRankAfterTheSameStepAndResumeContinues()
    {
        // Each rank's clock runs out at a slightly different step; the ranks agree on one through the all-reduce's
        // stop flag, so neither is left waiting in an all-reduce the other never joins.
        var folder = Path.Combine(runs.Root, "budget");
        MpiRuns.Succeed(OpenMpiLauncher.Local(2), [.. runs.Train(folder, steps: 1_000_000), "--minutes", "0.05"]);
        var stopped = MpiRuns.Metrics(folder);
        Assert.InRange(stopped.Length, 1, 999_999);
        Assert.Equal(stopped.Length, (int)stopped[^1][0]);

        MpiRuns.Succeed(OpenMpiLauncher.Local(2), [.. MpiRuns.Resume(folder), "--minutes", "0.05"]);
        var resumed = MpiRuns.Metrics(folder);
        Assert.True(resumed.Length > stopped.Length, $"resume stopped at step {resumed.Length}, where the first session had");
        Assert.Equal(Enumerable.Range(1, resumed.Length), resumed.Select(row => (int)row[0]));
    }

    [MpiFact]
    public void AGlobalBatchThatDoesNotSplitEvenlyIsRefused()
    {
        using var gangen = GanGenProcess.Launch(OpenMpiLauncher.Local(3), runs.Train(Path.Combine(runs.Root, "uneven")));
        Assert.NotEqual(0, gangen.WaitForExit());
        Assert.Contains("error: batch_size 64 does not split evenly across 3 MPI ranks: make batch_size a multiple of 3, or run mpirun -np with a divisor of 64", gangen.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(runs.Root, "uneven", "run.json")));
    }

    private static JsonElement Manifest(string folder) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "run.json"))).RootElement;
}
