using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Metrics;
using GanGen.Runtime.Runs;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Evaluation;

/// <summary>How a run measures its generator.</summary>
/// <param name="Every">Steps between evaluations; 0 evaluates at every checkpoint.</param>
/// <param name="Samples">Generated samples per evaluation (and held-out real ones for images); 1-D runs use at least 10,000.</param>
/// <param name="BestBy">The metric that picks the best checkpoint; null for FID on images, JSD in 1-D.</param>
/// <param name="ClassifierSteps">Training steps of the domain classifier when it is not cached yet; 0 for six epochs (at least 1,000 steps).</param>
/// <param name="Enabled">Whether the run is evaluated at all.</param>
public sealed record EvaluationOptions(long Every = 0, int Samples = 1000, string? BestBy = null, int ClassifierSteps = 0, bool Enabled = true)
{
    /// <summary>At every checkpoint, 1,000 samples, best by FID or JSD.</summary>
    public static EvaluationOptions Default { get; } = new();

    /// <summary>No evaluation: no classifier, no quality columns, no best checkpoint.</summary>
    public static EvaluationOptions Off { get; } = new(Enabled: false);
}

/// <summary>
/// Measures a GAN's generator with the metrics its data call for: JSD for 1-D distributions, the
/// classifier metrics of <see cref="ImageMetrics"/> for images. Samples come from fixed noise (and
/// labels cycling through the classes), so successive evaluations measure the same draws.
/// </summary>
public sealed class RunEvaluator : IDisposable
{
    private const long NoiseSeed = 1234;
    private const int OneDSamples = 10_000;

    private readonly GanDefinition gan;
    private readonly TrainingSettings settings;
    private readonly DomainClassifier? classifier;
    private readonly ImageMetrics? images;

    /// <summary>Prepares the measurements; for images this loads or trains the dataset's classifier.</summary>
    /// <param name="gan">The GAN.</param>
    /// <param name="settings">Its training settings (data and noise).</param>
    /// <param name="options">Sample count, best-checkpoint metric and classifier budget.</param>
    /// <param name="cacheDirectory">Where data and classifiers are cached.</param>
    /// <param name="log">Told about classifier training.</param>
    public RunEvaluator(GanDefinition gan, TrainingSettings settings, EvaluationOptions options, string cacheDirectory, Action<string>? log = null)
    {
        this.gan = gan;
        this.settings = settings;
        Options = options;
        Metrics = settings.Data.IsImages ? QualityMetric.ForImages(gan.Classes > 0) : QualityMetric.ForOneD;
        BestBy = options.BestBy ?? Metrics[0];
        if (!Metrics.Contains(BestBy))
        {
            throw new ArgumentException($"Cannot pick the best checkpoint by '{BestBy}': this run measures {string.Join(", ", Metrics)}", nameof(options));
        }

        if (settings.Data.IsImages)
        {
            // Only the classifier and the embedded real side are kept: the images (220 MB for Fashion-MNIST) are not needed after this.
            using var data = EvaluationData.Open(settings.Data, cacheDirectory);
            classifier = DomainClassifier.LoadOrTrain(data, cacheDirectory, options.ClassifierSteps, log);
            images = new ImageMetrics(classifier, data.Test, options.Samples);
        }
    }

    /// <summary>The options in force.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>The metrics each evaluation reports, in order.</summary>
    public IReadOnlyList<string> Metrics { get; }

    /// <summary>The metric that picks the best checkpoint.</summary>
    public string BestBy { get; }

    /// <summary>The domain classifier's test accuracy; null for 1-D runs.</summary>
    public double? ClassifierAccuracy => classifier?.TestAccuracy;

    /// <summary>Whether <paramref name="candidate"/> beats <paramref name="best"/> by <see cref="BestBy"/>.</summary>
    public bool IsBetter(QualityReport candidate, QualityReport? best) =>
        best is null || (QualityMetric.LowerIsBetter(BestBy) ? candidate[BestBy] < best[BestBy] : candidate[BestBy] > best[BestBy]);

    /// <summary>Measures <paramref name="generator"/> (one of this GAN's) at <paramref name="step"/>.</summary>
    public QualityReport Measure(nn.Module generator, long step)
    {
        using var scope = NewDisposeScope();
        // A 100-bin histogram of 1,000 draws reads JSD ~0.1 even from the true distribution; 10,000 cost nothing in 1-D.
        var count = images?.Samples ?? Math.Max(Options.Samples, OneDSamples);
        var samples = gan.Generate(generator, count, NoiseSeed);
        if (images is null)
        {
            var values = samples.flatten().cpu().to(ScalarType.Float64).data<double>().ToArray();
            return new QualityReport(step, count, new KeyValuePair<string, double>[]
            {
                new(QualityMetric.Jsd, OneDTheory.HistogramJsd(values, settings.Data)),
                new(QualityMetric.JsdKde, OneDTheory.KdeJsd(values, settings.Data)),
            });
        }

        // Generate cycles the labels 0, 1, ..., K-1 when none is given; the same labels are checked here.
        var labels = gan.Classes > 0 ? arange(count, dtype: ScalarType.Int64) % gan.Classes : null;
        return images.Measure(settings.Data.Scale.ToUnit(samples).clamp(0, 1), labels, step);
    }

    /// <summary>Measures images that were made elsewhere (another framework's samples), pixels in [0, 1].</summary>
    public QualityReport MeasureImages(Tensor unitImages, Tensor? labels) =>
        images?.Measure(unitImages, labels, 0) ?? throw new InvalidOperationException($"{gan.Name} is a 1-D GAN: there are no images to measure");

    /// <inheritdoc />
    public void Dispose()
    {
        images?.Dispose();
        classifier?.Dispose();
    }
}
