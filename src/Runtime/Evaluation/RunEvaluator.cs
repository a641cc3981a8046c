using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Runs;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Evaluation;

/// <summary>
/// Measures a GAN's generator with the metrics its data call for (<see cref="DataDomain.Metrics"/>): JSD for
/// 1-D distributions, the classifier metrics of <see cref="ImageMetrics"/> for images. Samples come from
/// fixed noise (and labels cycling through the classes), so successive evaluations measure the same draws.
/// </summary>
public sealed class RunEvaluator : IDisposable
{
    private const long NoiseSeed = 1234;

    private readonly GanDefinition gan;
    private readonly DomainEvaluation evaluation;

    /// <summary>Prepares the measurements; for images this loads or trains the dataset's classifier.</summary>
    /// <param name="gan">The GAN.</param>
    /// <param name="settings">Its training settings (data and noise).</param>
    /// <param name="options">Sample count, best-checkpoint metric and classifier budget.</param>
    /// <param name="cacheDirectory">Where data and classifiers are cached.</param>
    /// <param name="log">Told about classifier training.</param>
    public RunEvaluator(GanDefinition gan, TrainingSettings settings, EvaluationOptions options, string cacheDirectory, Action<string>? log = null)
    {
        this.gan = gan;
        Options = options;
        var domain = DataDomain.Of(gan, settings);
        Metrics = domain.Metrics;
        BestBy = options.BestBy ?? Metrics[0];
        if (!Metrics.Contains(BestBy))
        {
            throw new ArgumentException($"Cannot pick the best checkpoint by '{BestBy}': this run measures {string.Join(", ", Metrics)}", nameof(options));
        }

        evaluation = domain.OpenEvaluation(options, cacheDirectory, log);
    }

    /// <summary>The options in force.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The metrics each evaluation reports, in order.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The metric that picks the best checkpoint.</summary>
    public string BestBy { get; }

    /// <summary>The domain classifier's test accuracy; null for 1-D runs.</summary>
    public double? ClassifierAccuracy => evaluation.ClassifierAccuracy;

    /// <summary>Whether <paramref name="candidate"/> beats <paramref name="best"/> by <see cref="BestBy"/>.</summary>
    public bool IsBetter(QualityReport candidate, QualityReport? best) =>
        best is null || (QualityMetric.LowerIsBetter(BestBy) ? candidate[BestBy] < best[BestBy] : candidate[BestBy] > best[BestBy]);

    /// <summary>Measures <paramref name="generator"/> (one of this GAN's) at <paramref name="step"/>.</summary>
    public QualityReport Measure(nn.Module generator, long step)
    {
        using var scope = NewDisposeScope();
        return evaluation.Measure(gan.Generate(generator, evaluation.Samples, NoiseSeed), step);
    }

    /// <summary>
    /// Measures images made elsewhere (another framework's samples, as <see cref="ImagesToScore.Read"/> reads them),
    /// pixels in [0, 1]: as many as an evaluation of a generator measures, drawn without replacement with a fixed
    /// seed (all of them when there are fewer), with their labels for a conditional GAN.
    /// </summary>
    /// <remarks>Drawn, not the first ones: a folder read class subfolder by class subfolder would otherwise be measured on its first classes only.</remarks>
    /// <exception cref="InvalidOperationException">The GAN is a 1-D GAN.</exception>
    public QualityReport MeasureImages(ImageDataset images)
    {
        using var scope = NewDisposeScope();
        using var random = new Generator(0);
        var chosen = randperm(images.Count, generator: random)[..(int)Math.Min(evaluation.Samples, images.Count)];
        return evaluation.MeasureImages(images.Images[chosen], gan.Classes > 0 ? images.Labels[chosen] : null);
    }

    /// <inheritdoc />
    public void Dispose() => evaluation.Dispose();
}
