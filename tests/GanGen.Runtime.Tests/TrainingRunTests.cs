using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Output;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using SkiaSharp;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Whole runs from the spec's training settings: what lands in the run folder, exact resume after an
/// interruption, a diverging run keeping its last good checkpoint, and a conditional run on IDX data.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class TrainingRunTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-run-").FullName;

    [Fact]
    public void BuildTimeAndRunTimeSettingsAreEqual()
    {
        var spec = LoadedSpec.Load("Models.yaml");

        Assert.Equal(OneDMinibatch.Training, spec.Gan("OneDMinibatch").Training);
        Assert.Equal(KerasDcgan.Training, spec.Gan("KerasDcgan").Training);
        Assert.Equal(ConditionalDcgan.Training, spec.Gan("ConditionalDcgan").Training);
        Assert.Equal(new OptimizerSettings(OptimizerKind.Sgd, 0.005, 0.5, 0.999, 0, new DecaySettings(0.95, 150, true)), OneD.Training.GeneratorOptimizer);
        Assert.Equal(new LossSettings(LossKind.KPlusOne, true, 0, 0), ConditionalDcgan.Training.Loss);
        Assert.Equal(PixelScale.MinusOneToOne, KerasDcgan.Training.Data.Scale);
        Assert.Equal(PixelScale.ZeroToOne, Vanilla.Training.Data.Scale);
    }

    [Fact]
    public void OneDRunWritesEveryOutput()
    {
        var folder = Path.Combine(root, "oned");
        using (var run = TrainingRun.Start(OneDMinibatch.Definition, folder, OneDMinibatch.Training with { Steps = 300 }))
        {
            Assert.Equal(300, run.TotalSteps);
            Assert.Equal(100, run.SampleEvery);
            Assert.NotNull(run.PretrainLoss);
            var result = run.Run();
            Assert.Equal(RunOutcome.Completed, result.Outcome);
            Assert.Equal(300, result.StepsDone);
        }

        var rows = MetricsCsv.Read(Path.Combine(folder, "metrics.csv"));
        Assert.Equal(Enumerable.Range(1, 300).Select(i => (long)i), rows.Select(r => r.Training.Step));
        Assert.Equal(0.005 * 0.95, rows[^1].LearningRateG, 12);
        Assert.Equal(new[] { "step-000100.png", "step-000200.png", "step-000300.png" }, Directory.GetFiles(Path.Combine(folder, "frames")).Select(Path.GetFileName).Order());
        foreach (var png in new[] { "loss.png", "density.png" })
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(folder, png));
            Assert.True(bitmap.Width > 500, png);
        }

        using (var codec = SKCodec.Create(Path.Combine(folder, "training.gif")))
        {
            Assert.Equal(3, codec.FrameCount);
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "tensorboard")));
        Assert.True(File.Exists(Path.Combine(folder, "last.ckpt")));
        Assert.Equal(new RunManifest("OneDMinibatch", 300, 2), new RunFolder(folder).ReadManifest());
        using (var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(new RunFolder(folder).Manifest)))
        {
            // The manifest's own fields only: PrecisionKind is derived from Precision.
            Assert.Equal(new[] { "Gan", "TotalSteps", "Seed", "Ranks", "ImportedFrom", "Precision" }, manifest.RootElement.EnumerateObject().Select(p => p.Name));
        }

        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));

        using var g = OneDMinibatch.CreateGenerator();
        g.load(Path.Combine(folder, "generator.pt"));
        Assert.Equal(13, g.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void InterruptedRunResumesToTheSameWeights()
    {
        var settings = OneDMinibatch.Training with { Steps = 240, SampleEvery = 100 };
        var straight = Path.Combine(root, "straight");
        using (var run = TrainingRun.Start(OneDMinibatch.Definition, straight, settings))
        {
            run.Run();
        }

        var stopped = Path.Combine(root, "stopped");
        using (var stop = new CancellationTokenSource())
        using (var run = TrainingRun.Start(OneDMinibatch.Definition, stopped, settings))
        {
            // Stops mid-interval (step 130), so the interruption itself must save the checkpoint.
            var result = run.Run(p => { if (p.Measured.Step == 130) { stop.Cancel(); } }, stop.Token);
            Assert.Equal(RunOutcome.Interrupted, result.Outcome);
            Assert.Equal(130, result.StepsDone);
            Assert.False(File.Exists(Path.Combine(stopped, "generator.pt")));
        }

        using (var run = TrainingRun.Resume(OneDMinibatch.Definition, stopped, settings: settings))
        {
            Assert.Equal(130, run.StepsDone);
            Assert.Equal(RunOutcome.Completed, run.Run().Outcome);
        }

        Assert.Equal(File.ReadAllBytes(Path.Combine(straight, "generator.pt")), File.ReadAllBytes(Path.Combine(stopped, "generator.pt")));
        Assert.Equal(Enumerable.Range(1, 240).Select(i => (long)i), MetricsCsv.Read(Path.Combine(stopped, "metrics.csv")).Select(r => r.Training.Step));

        // A finished run stays finished; extending it is explicit.
        using (var run = TrainingRun.Resume(OneDMinibatch.Definition, stopped, settings: settings))
        {
            Assert.Equal(240, run.StepsDone);
            Assert.Equal(240, run.TotalSteps);
        }

        using (var run = TrainingRun.Resume(OneDMinibatch.Definition, stopped, totalSteps: 260, settings: settings))
        {
            Assert.Equal(260, run.Run().StepsDone);
        }

        Assert.Equal(260, new RunFolder(stopped).ReadManifest().TotalSteps);
    }

    [Fact]
    public void StartingOverAnExistingRunIsRefused()
    {
        var folder = Path.Combine(root, "twice");
        using (TrainingRun.Start(OneD.Definition, folder, OneD.Training with { Steps = 1 }))
        {
        }

        var error = Assert.Throws<IOException>(() => TrainingRun.Start(OneD.Definition, folder, OneD.Training with { Steps = 1 }));
        Assert.Contains("already holds a run of OneD", error.Message);
    }

    [Fact]
    public void DivergingRunStopsAndKeepsTheLastGoodCheckpoint()
    {
        // D answers NaN from the step after 60; the last checkpoint before that is step 50's.
        var poison = false;
        var gan = OneD.Definition with { CreateDiscriminator = () => new Poisoned(new OneDDiscriminator(), () => poison) };
        var folder = Path.Combine(root, "nan");
        using var run = TrainingRun.Start(gan, folder, OneD.Training with { Steps = 200, SampleEvery = 50, Pretrain = PretrainSettings.None });

        var result = run.Run(p => poison |= p.Measured.Step == 60);

        Assert.Equal(RunOutcome.Diverged, result.Outcome);
        Assert.Equal(60, result.StepsDone);
        Assert.StartsWith("Step 61: loss is not finite (D NaN, G NaN); stopped.", result.Message, StringComparison.Ordinal);
        Assert.Contains("last good checkpoint (step 50)", result.Message);
        Assert.False(File.Exists(Path.Combine(folder, "generator.pt")));
        poison = false;
        using var resumed = TrainingRun.Resume(gan, folder, settings: OneD.Training with { Steps = 200, SampleEvery = 50, Pretrain = PretrainSettings.None });
        Assert.Equal(50, resumed.StepsDone);
    }

    [Fact]
    public void ConditionalRunTrainsOnAnIdxFolderAndDrawsDigitsByRow()
    {
        var data = Path.Combine(root, "idx");
        Directory.CreateDirectory(data);
        var random = new Random(5);
        var pixels = new byte[96 * 28 * 28];
        random.NextBytes(pixels);
        File.WriteAllBytes(Path.Combine(data, "train-images-idx3-ubyte"), IdxBytes.Of(new[] { 96, 28, 28 }, pixels));
        File.WriteAllBytes(Path.Combine(data, "train-labels-idx1-ubyte"), IdxBytes.Of(new[] { 96 }, Enumerable.Range(0, 96).Select(i => (byte)(i % 10)).ToArray()));
        var settings = ConditionalDcgan.Training with
        {
            Data = ConditionalDcgan.Training.Data with { Kind = DataKind.Idx, Path = data },
            BatchSize = 16,
            Epochs = 0,
            Steps = 8,
            SampleEvery = 4,
        };

        var folder = Path.Combine(root, "conditional");
        // A classifier of 30 steps on noise measures nothing, but the run must report every image metric.
        var evaluation = new EvaluationOptions(Samples: 50, ClassifierSteps: 30);
        using (var run = TrainingRun.Start(ConditionalDcgan.Definition, folder, settings, root, evaluation))
        {
            var result = run.Run();
            Assert.True(result.Outcome == RunOutcome.Completed, result.Message);
            Assert.Equal(QualityMetric.ForImages(conditional: true), result.Quality!.Values.Select(v => v.Key));
        }

        var rows = MetricsCsv.Read(Path.Combine(folder, "metrics.csv"));
        Assert.Equal(8, rows.Count);
        Assert.Equal(new long[] { 4, 8 }, rows.Where(r => !double.IsNaN(r.Extra[QualityMetric.LabelAccuracy])).Select(r => r.Training.Step));
        Assert.All(rows.Where(r => r.Training.Step % 4 == 0), r => Assert.InRange(r.Extra[QualityMetric.LabelAccuracy], 0, 1));
        Assert.All(rows, r => Assert.True(double.IsFinite(r.Training.DiscriminatorLoss) && double.IsFinite(r.Training.GeneratorLoss), r.ToString()));
        Assert.All(rows, r => Assert.InRange(r.Training.RealScore, 0, 1));

        // Ten rows of ten 28x28 digits (labels 0-9 top to bottom), 2 pixels apart and around.
        using var grid = SKBitmap.Decode(Path.Combine(folder, "samples.png"));
        Assert.Equal((10 * 30) + 2, grid.Width);
        Assert.Equal((10 * 30) + 2, grid.Height);
    }

    [Fact]
    public void MissingDatasetIsOneLineWithTheFix()
    {
        var settings = Dcgan.Training with { Data = Dcgan.Training.Data with { Kind = DataKind.Idx, Path = Path.Combine(root, "nowhere") } };

        var error = Assert.Throws<FileNotFoundException>(() => TrainingRun.Start(Dcgan.Definition, Path.Combine(root, "missing"), settings));

        Assert.Equal($"{Path.Combine(root, "nowhere")}: no such folder; put train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] there, or fix data: {{ idx: {{ path: ... }} }}", error.Message);
    }

    [Fact]
    public void AnObserverOfOnesOwnHearsEveryStepCheckpointAndTheEndInOrder()
    {
        var folder = Path.Combine(root, "observed");
        var settings = OneD.Training with { Steps = 25, SampleEvery = 10, Pretrain = PretrainSettings.None };
        var observer = new Recorder(Path.Combine(folder, "last.ckpt"));
        using (var run = TrainingRun.Start(OneD.Definition, folder, settings, root, new EvaluationOptions(Every: 5)))
        {
            run.Observe(observer);
            Assert.Equal(RunOutcome.Completed, run.Run().Outcome);
        }

        Assert.Equal(Expected(1, 25, evaluatedEvery: 5, checkpoints: [10, 20, 25], end: "finish Completed 25"), observer.Events);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), observer.Steps.Select(s => s.Measured.Step));
        Assert.All(observer.Steps, s => Assert.Equal(0.005, s.GeneratorLearningRate, 12));
        Assert.True(observer.Steps.Zip(observer.Steps.Skip(1)).All(p => p.First.Seconds <= p.Second.Seconds), "seconds only grow");

        // The run's own outputs come first: at each checkpoint the observer finds last.ckpt holding that step.
        Assert.Equal(new long[] { 10, 20, 25 }, observer.CheckpointOnDisk);
    }

    [Fact]
    public void AnInterruptedRunTellsItsCheckpointAndTheResumedOneGoesOnFromThere()
    {
        var folder = Path.Combine(root, "observed-stop");
        var settings = OneD.Training with { Steps = 25, SampleEvery = 10, Pretrain = PretrainSettings.None };
        var first = new Recorder(Path.Combine(folder, "last.ckpt"));
        using (var stop = new CancellationTokenSource())
        using (var run = TrainingRun.Start(OneD.Definition, folder, settings, root, EvaluationOptions.Off))
        {
            run.Observe(first);
            Assert.Equal(RunOutcome.Interrupted, run.Run(p => { if (p.Measured.Step == 13) { stop.Cancel(); } }, stop.Token).Outcome);
        }

        var second = new Recorder(Path.Combine(folder, "last.ckpt"));
        using (var run = TrainingRun.Resume(OneD.Definition, folder, settings: settings, cacheDirectory: root, evaluation: EvaluationOptions.Off))
        {
            run.Observe(second);
            Assert.Equal(RunOutcome.Completed, run.Run().Outcome);
        }

        Assert.Equal(Expected(1, 13, evaluatedEvery: 0, checkpoints: [10, 13], end: "finish Interrupted 13"), first.Events);
        Assert.Equal(Expected(14, 25, evaluatedEvery: 0, checkpoints: [20, 25], end: "finish Completed 25"), second.Events);
        Assert.Equal(new long[] { 10, 13, 20, 25 }, first.CheckpointOnDisk.Concat(second.CheckpointOnDisk));
    }

    [Fact]
    public void ADivergingRunTellsNoCheckpointForItsBadStep()
    {
        var poison = false;
        var gan = OneD.Definition with { CreateDiscriminator = () => new Poisoned(new OneDDiscriminator(), () => poison) };
        var observer = new Recorder(Path.Combine(root, "observed-nan", "last.ckpt"));
        using var run = TrainingRun.Start(gan, Path.Combine(root, "observed-nan"), OneD.Training with { Steps = 40, SampleEvery = 10, Pretrain = PretrainSettings.None }, root, EvaluationOptions.Off);
        run.Observe(observer);

        Assert.Equal(RunOutcome.Diverged, run.Run(p => poison |= p.Measured.Step == 12).Outcome);

        Assert.Equal(Expected(1, 12, evaluatedEvery: 0, checkpoints: [10], end: "finish Diverged 12"), observer.Events);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>The events a <see cref="Recorder"/> hears over steps <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static string[] Expected(long from, long to, long evaluatedEvery, long[] checkpoints, string end)
    {
        var events = new List<string>();
        for (var step = from; step <= to; step++)
        {
            events.Add(evaluatedEvery > 0 && step % evaluatedEvery == 0 ? $"step {step} measured at {step}" : $"step {step}");
            if (checkpoints.Contains(step))
            {
                events.Add($"checkpoint {step}");
            }
        }

        events.Add(end);
        return events.ToArray();
    }

    /// <summary>Writes down what it hears, and which step the run's last checkpoint holds at each checkpoint.</summary>
    private sealed class Recorder(string lastCheckpoint) : IRunObserver
    {
        public List<string> Events { get; } = new();

        public List<RunStep> Steps { get; } = new();

        public List<long> CheckpointOnDisk { get; } = new();

        public void OnStep(RunStep step)
        {
            Steps.Add(step);
            Events.Add(step.Quality is { } quality ? $"step {step.Measured.Step} measured at {quality.Step}" : $"step {step.Measured.Step}");
        }

        public void OnCheckpoint(TrainingStep step)
        {
            Events.Add($"checkpoint {step.Step}");
            CheckpointOnDisk.Add(Checkpoint.Verify(lastCheckpoint));
        }

        public void OnFinish(RunResult result) => Events.Add($"finish {result.Outcome} {result.StepsDone}");
    }

    /// <summary>Wraps a module and answers NaN once <paramref name="poisoned"/> says so.</summary>
    private sealed class Poisoned : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> inner;
        private readonly Func<bool> poisoned;

        public Poisoned(nn.Module<Tensor, Tensor> inner, Func<bool> poisoned)
            : base(nameof(Poisoned))
        {
            this.inner = inner;
            this.poisoned = poisoned;
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            var output = inner.call(input);
            return poisoned() ? output * double.NaN : output;
        }
    }
}
