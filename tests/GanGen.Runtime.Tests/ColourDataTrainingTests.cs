using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using GanGen.Spec.Training;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// A small RGB GAN trained on a generated image folder with DiffAugment and R1, measured by a classifier trained
/// on the folder's classes; and a folder without classes measured by a classifier of quarter turns.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class ColourDataTrainingTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-colour-").FullName;

    [Fact]
    public void APairTrainsOnAFolderWithAugmentAndR1AndIsMeasuredOnItsClasses()
    {
        var icons = Icons(withClasses: true);
        var gan = Spec(icons, "      augment: [color, translation, cutout]\n      r1: { gamma: 10, every: 2 }\n").Gan("Tiny");
        var settings = gan.RequireTraining();
        Assert.Equal(new AugmentSettings(true, true, true), settings.Augment);

        using var run = TrainingRun.Start(gan, Path.Combine(root, "run"), settings, root, new EvaluationOptions(Samples: 50, ClassifierSteps: 30));
        var result = run.Run();

        Assert.Equal(RunOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.StepsDone);
        Assert.StartsWith($"{icons}: 60 images, 2 classes (blue, red), 4x4 RGB", run.DataDescription, StringComparison.Ordinal);
        var quality = result.Quality!;
        Assert.Equal(QualityMetric.ForImages(conditional: false), quality.Values.Select(v => v.Key));
        Assert.All(quality.Values, v => Assert.True(double.IsFinite(v.Value), $"{v.Key} is {v.Value}"));
    }

    [Fact]
    public void R1AddsItsPenaltyToTheFirstDUpdate()
    {
        var icons = Icons(withClasses: true);
        double FirstDLoss(string extra, string name)
        {
            var gan = Spec(icons, "      augment: [translation]\n" + extra).Gan("Tiny");
            using var run = TrainingRun.Start(gan, Path.Combine(root, name), gan.RequireTraining() with { Steps = 1 }, root, EvaluationOptions.Off);
            return run.Run().Last!.Value.DiscriminatorLoss;
        }

        var plain = FirstDLoss("", "plain");
        var penalised = FirstDLoss("      r1: { gamma: 10, every: 2 }\n", "r1");

        Assert.True(penalised > plain + 1e-4, $"D's loss with R1 {penalised} is not above {plain}");
    }

    [Fact]
    public void AFolderWithoutClassesIsMeasuredByQuarterTurnsOnTheFeatureMetricsOnly()
    {
        var icons = Icons(withClasses: false);
        var data = new DataSettings(DataKind.Images, icons, default, 0, PixelScale.MinusOneToOne) { Size = 4, Channels = 3 };

        using var evaluation = EvaluationData.Open(data, root);
        Assert.False(evaluation.HasClasses);
        // 60 images, every fifth held out: 48 for training, each in four turns; 12 upright test images labelled 0.
        Assert.Equal(4 * 48, evaluation.Train.Count);
        Assert.Equal(new long[] { 0, 1, 2, 3 }, evaluation.Train.Labels.unique().output.data<long>().ToArray());
        Assert.Equal(12, evaluation.Test.Count);
        Assert.Equal(0, evaluation.Test.Labels.abs().sum().item<long>());
        using (var turned = evaluation.Train.Images[0].rot90(1, (1, 2)))
        {
            Assert.True(turned.eq(evaluation.Train.Images[48]).all().item<bool>(), "the second quarter of the training set is not the first turned by 90 degrees");
        }

        using var classifier = DomainClassifier.LoadOrTrain(evaluation, root, steps: 30);
        using var metrics = new ImageMetrics(classifier, evaluation.Test, 12, classMetrics: false);
        using var generated = rand(12, 3, 4, 4, generator: new Generator(4));
        var report = metrics.Measure(generated, null, 1);

        Assert.Equal(4, classifier.Classes);
        Assert.Equal(QualityMetric.ForImages(conditional: false, classes: false), report.Values.Select(v => v.Key));
        Assert.Equal(new[] { "fid", "precision", "recall", "density", "coverage" }, QualityMetric.ForImages(false, false));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>60 4x4 icons: reddish and bluish, each colour in a class folder or all at the top.</summary>
    private string Icons(bool withClasses)
    {
        var folder = Path.Combine(root, withClasses ? "icons" : "flat");
        for (var i = 0; i < 60; i++)
        {
            var red = i % 2 == 0;
            var name = (red ? "red" : "blue") + (withClasses ? "/" : "-") + $"{i:D2}.png";
            var shade = (byte)(100 + (2 * i));
            ImageFiles.Write(Path.Combine(folder, name), 4, 4, (x, y) => red ? new SKColor(shade, (byte)(20 * x), 0) : new SKColor(0, (byte)(20 * y), shade));
        }

        return folder;
    }

    private static LoadedSpec Spec(string folder, string extra) => LoadedSpec.Parse(
        "models:\n"
        + "  TinyG:\n    input: [8]\n    layers: [{ Linear: { out_features: 48 } }, { Reshape: [3, 4, 4] }, Tanh]\n"
        + "  TinyD:\n    input: [3, 4, 4]\n    layers: [{ Conv2d: { out_channels: 4, kernel_size: 3, padding: 1 } }, { LeakyReLU: { negative_slope: 0.2 } }, Flatten, { Linear: { out_features: 1 } }]\n"
        + "gans:\n  Tiny:\n    generator: TinyG\n    discriminator: TinyD\n    training:\n"
        + $"      data: {{ images: {{ path: {folder}, size: 4, channels: 3 }} }}\n      batch_size: 8\n      steps: 3\n      seed: 1\n" + extra);
}
