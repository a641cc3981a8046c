using System;
using GanGen.Runtime.Data;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Evaluation;

/// <summary>Images measured in the feature space of the dataset's domain classifier (<see cref="ImageMetrics"/>).</summary>
internal sealed class ImageEvaluation : DomainEvaluation
{
    private readonly int classes;
    private readonly PixelScale scale;
    private readonly DomainClassifier classifier;
    private readonly ImageMetrics images;

    /// <summary>Loads the dataset's classifier, or trains and caches it, and embeds the real side.</summary>
    /// <param name="classes">The GAN's condition classes; 0 for an unconditional GAN.</param>
    /// <param name="data">The image data.</param>
    /// <param name="options">Sample count and classifier budget.</param>
    /// <param name="cacheDirectory">Where data and classifiers are cached.</param>
    /// <param name="log">Told about classifier training.</param>
    public ImageEvaluation(int classes, DataSettings data, EvaluationOptions options, string cacheDirectory, Action<string>? log)
    {
        this.classes = classes;
        scale = data.Scale;

        // Only the classifier and the embedded real side are kept: the images (220 MB for Fashion-MNIST) are not needed after this.
        using var evaluationData = EvaluationData.Open(data, cacheDirectory);
        classifier = DomainClassifier.LoadOrTrain(evaluationData, cacheDirectory, options.ClassifierSteps, log);
        images = new ImageMetrics(classifier, evaluationData.Test, options.Samples, evaluationData.HasClasses);
    }

    /// <inheritdoc />
    public override long Samples => images.Samples;

    /// <inheritdoc />
    public override double? ClassifierAccuracy => classifier.TestAccuracy;

    /// <inheritdoc />
    public override QualityReport Measure(Tensor samples, long step)
    {
        // GanDefinition.Generate cycles the labels 0, 1, ..., K-1 when none is given; the same labels are checked here.
        var labels = classes > 0 ? arange(samples.shape[0], dtype: ScalarType.Int64) % classes : null;
        return images.Measure(scale.ToUnit(samples).clamp(0, 1), labels, step);
    }

    /// <inheritdoc />
    public override QualityReport MeasureImages(Tensor unitImages, Tensor? labels) => images.Measure(unitImages, labels, 0);

    /// <inheritdoc />
    public override void Dispose()
    {
        images.Dispose();
        classifier.Dispose();
    }
}
