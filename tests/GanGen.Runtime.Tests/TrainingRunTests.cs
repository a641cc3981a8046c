using System;
using System.IO;
using System.Linq;
using System.Threading;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Output;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
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

    public void Dispose() => Directory.Delete(root, recursive: true);

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
