using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanGen.Benchmarks;

/// <summary>
/// One training step of the Keras-tutorial DCGAN (<c>KerasDcgan</c> in src/Models.yaml) at batch 128:
/// through GanGen's <see cref="GanTrainer.Step"/>, and the same step written by hand in plain TorchSharp
/// (the baseline). Both use the generated modules, Adam(1e-4), the non-saturating loss on logits, a
/// batch drawn from the same tensor of "real" images, a dispose scope per step and the same four
/// scalars read back, so the ratio is the runtime's overhead (target: under 5%).
/// </summary>
[Config(typeof(TrainingStepConfig))]
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    private const long BatchSize = 128;
    private const long LatentSize = 100;
    private const long ImageCount = 1024;
    private const long ModelSeed = 7;
    private const long DrawSeed = 11;
    private const long DropoutSeed = 13;
    private const double LearningRate = 1e-4;

    private Tensor images = null!;
    private RuntimePath runtime = null!;
    private HandWrittenPath handWritten = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(2);

        // 1,024 random "real" images in [-1, 1], the range the generator's Tanh produces.
        using (var imageDraws = new torch.Generator(3))
        {
            images = (torch.rand(new[] { ImageCount, 1L, 28L, 28L }, generator: imageDraws) * 2) - 1;
        }

        // Same initial weights, same draws: the two paths must compute the same step.
        runtime = new RuntimePath(images);
        handWritten = new HandWrittenPath(images);

        torch.manual_seed(DropoutSeed);
        var fromRuntime = runtime.Step();
        torch.manual_seed(DropoutSeed);
        var byHand = handWritten.Step();
        CheckClose("D loss", fromRuntime.DiscriminatorLoss, byHand.DiscriminatorLoss);
        CheckClose("G loss", fromRuntime.GeneratorLoss, byHand.GeneratorLoss);
        CheckClose("mean D(real)", fromRuntime.RealScore, byHand.RealScore);
        CheckClose("mean D(fake)", fromRuntime.FakeScore, byHand.FakeScore);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        runtime.Dispose();
        handWritten.Dispose();
        images.Dispose();
    }

    /// <summary>The step written by hand in plain TorchSharp.</summary>
    [Benchmark(Baseline = true)]
    public Scalars HandWritten() => handWritten.Step();

    /// <summary>The same step through <see cref="GanTrainer.Step"/>.</summary>
    [Benchmark]
    public TrainingStep Runtime() => runtime.Trainer.Step();

    private static void CheckClose(string what, double runtimeValue, double handValue)
    {
        if (!(Math.Abs(runtimeValue - handValue) <= 1e-4 * Math.Max(1, Math.Abs(handValue))))
        {
            throw new InvalidOperationException(
                $"The runtime and the hand-written step disagree on {what}: {runtimeValue} vs {handValue}; the baseline no longer does the same math");
        }
    }

    private static (KerasDcganGenerator, KerasDcganDiscriminator) NewModels()
    {
        torch.manual_seed(ModelSeed);
        return (KerasDcgan.CreateGenerator(), KerasDcgan.CreateDiscriminator());
    }

    /// <summary>The four batch means a step reads back (the scores as probabilities, like <see cref="TrainingStep"/>).</summary>
    public readonly record struct Scalars(double DiscriminatorLoss, double GeneratorLoss, double RealScore, double FakeScore);

    /// <summary>GanGen's runtime: a <see cref="GanTrainer"/> over the generated modules.</summary>
    private sealed class RuntimePath : IDisposable
    {
        private readonly KerasDcganGenerator generator;
        private readonly KerasDcganDiscriminator discriminator;
        private readonly Adam generatorOptimizer;
        private readonly Adam discriminatorOptimizer;

        public RuntimePath(Tensor images)
        {
            (generator, discriminator) = NewModels();
            generatorOptimizer = torch.optim.Adam(generator.parameters(), LearningRate);
            discriminatorOptimizer = torch.optim.Adam(discriminator.parameters(), LearningRate);
            Trainer = new GanTrainer(
                generator,
                discriminator,
                new NonSaturatingLoss(),
                generatorOptimizer,
                discriminatorOptimizer,
                Samplers.Normal(LatentSize),
                Samplers.FromTensor(images, 1, 28, 28),
                BatchSize,
                DrawSeed);
        }

        public GanTrainer Trainer { get; }

        public Scalars Step()
        {
            var step = Trainer.Step();
            return new Scalars(step.DiscriminatorLoss, step.GeneratorLoss, step.RealScore, step.FakeScore);
        }

        public void Dispose()
        {
            generatorOptimizer.Dispose();
            discriminatorOptimizer.Dispose();
            generator.Dispose();
            discriminator.Dispose();
        }
    }

    /// <summary>The same step as a TorchSharp user would write it without GanGen's runtime.</summary>
    private sealed class HandWrittenPath : IDisposable
    {
        private readonly Tensor images;
        private readonly KerasDcganGenerator generator;
        private readonly KerasDcganDiscriminator discriminator;
        private readonly Adam generatorOptimizer;
        private readonly Adam discriminatorOptimizer;
        private readonly torch.Generator random = new((ulong)DrawSeed);

        public HandWrittenPath(Tensor images)
        {
            this.images = images;
            (generator, discriminator) = NewModels();
            generatorOptimizer = torch.optim.Adam(generator.parameters(), LearningRate);
            discriminatorOptimizer = torch.optim.Adam(discriminator.parameters(), LearningRate);
            generator.train();
            discriminator.train();
        }

        public Scalars Step()
        {
            using var scope = torch.NewDisposeScope();

            // D: real images labelled 1, generated ones (G under no_grad) labelled 0.
            discriminatorOptimizer.zero_grad();
            var real = images.index(torch.randint(0, images.shape[0], new[] { BatchSize }, generator: random));
            Tensor fake;
            using (torch.no_grad())
            {
                fake = generator.call(torch.randn(new[] { BatchSize, LatentSize }, generator: random));
            }

            var realScores = discriminator.call(real);
            var fakeScores = discriminator.call(fake);
            var dLoss = F.binary_cross_entropy_with_logits(realScores, torch.ones_like(realScores))
                + F.binary_cross_entropy_with_logits(fakeScores, torch.zeros_like(fakeScores));
            dLoss.backward();
            discriminatorOptimizer.step();

            // G: wants D to call its samples real.
            generatorOptimizer.zero_grad();
            var scores = discriminator.call(generator.call(torch.randn(new[] { BatchSize, LatentSize }, generator: random)));
            var gLoss = F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores));
            gLoss.backward();
            generatorOptimizer.step();

            // D(x) and D(G(z)) as probabilities: D outputs logits.
            return new Scalars(dLoss.item<float>(), gLoss.item<float>(), realScores.sigmoid().mean().item<float>(), fakeScores.sigmoid().mean().item<float>());
        }

        public void Dispose()
        {
            generatorOptimizer.Dispose();
            discriminatorOptimizer.Dispose();
            generator.Dispose();
            discriminator.Dispose();
            random.Dispose();
        }
    }

    /// <summary>
    /// A step takes about 0.5 s on 2 threads, so: 2 warmup and 10 measured iterations of one call each (no
    /// pilot stage, no unrolling), in 3 processes per benchmark, because on this machine one process's
    /// steps can run 20% faster or slower than the next one's throughout; about 25 s per benchmark.
    /// </summary>
    /// <remarks>
    /// BenchmarkDotNet builds each benchmark into its own generated project, which it writes with
    /// <c>ImportDirectoryBuildTargets=false</c>; without the repository's Directory.Build.targets the
    /// TorchSharp native load fix (build/TorchSharpNativeFix.targets) never runs on that project's output
    /// and libtorch fails to load on Debian 12. A global property outranks the project's own, so this
    /// turns the import back on (it finds /Directory.Build.targets by walking up from bin/).
    /// </remarks>
    private sealed class TrainingStepConfig : ManualConfig
    {
        public TrainingStepConfig()
        {
            AddJob(Job.Default
                .WithLaunchCount(3)
                .WithWarmupCount(2)
                .WithIterationCount(10)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithArguments(new[] { new MsBuildArgument("/p:ImportDirectoryBuildTargets=true") })
                .WithId("TrainingStep"));

            // On a shared 2-core machine a neighbour's build inflates some iterations; the median and the
            // minimum show what the step costs when undisturbed.
            AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        }
    }

    /// <summary>
    /// The same comparison without BenchmarkDotNet, in one process: <paramref name="rounds"/> rounds of one
    /// hand-written and one runtime step, the order swapped every round, so that drift and a neighbour's
    /// load fall on both alike. Run with <c>-- --interleaved [rounds]</c>.
    /// </summary>
    public static void RunInterleaved(int rounds, TextWriter output)
    {
        var benchmarks = new TrainingStepBenchmarks();
        benchmarks.Setup();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                benchmarks.HandWritten();
                benchmarks.Runtime();
            }

            var hand = new double[rounds];
            var runtime = new double[rounds];
            for (var round = 0; round < rounds; round++)
            {
                var handFirst = round % 2 == 0;
                for (var half = 0; half < 2; half++)
                {
                    var start = Stopwatch.GetTimestamp();
                    if ((half == 0) == handFirst)
                    {
                        benchmarks.HandWritten();
                        hand[round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }
                    else
                    {
                        benchmarks.Runtime();
                        runtime[round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                    }
                }
            }

            var ratios = runtime.Zip(hand, (r, h) => r / h).ToArray();
            var (meanRatio, halfWidth) = Statistics.MeanWithInterval(ratios);
            output.WriteLine(FormattableString.Invariant($"{rounds} interleaved rounds, batch {BatchSize}, {torch.get_num_threads()} threads"));
            output.WriteLine(FormattableString.Invariant($"  HandWritten  mean {hand.Average(),7:F1} ms  median {Statistics.Median(hand),7:F1} ms  min {hand.Min(),7:F1} ms"));
            output.WriteLine(FormattableString.Invariant($"  Runtime      mean {runtime.Average(),7:F1} ms  median {Statistics.Median(runtime),7:F1} ms  min {runtime.Min(),7:F1} ms"));
            output.WriteLine(FormattableString.Invariant($"  Runtime / HandWritten, per round: mean {meanRatio:F3} (95% CI {meanRatio - halfWidth:F3} to {meanRatio + halfWidth:F3}), median {Statistics.Median(ratios):F3}"));
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }
}
