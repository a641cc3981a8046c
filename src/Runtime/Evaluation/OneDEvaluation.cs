using System;
using System.Collections.Generic;
using GanGen.Runtime.Metrics;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Evaluation;

/// <summary>1-D samples measured against the known density: JSD by histogram and by KDE.</summary>
/// <param name="gan">The GAN's name, for messages.</param>
/// <param name="data">The distribution.</param>
/// <param name="options">The sample count.</param>
internal sealed class OneDEvaluation(string gan, DataSettings data, EvaluationOptions options) : DomainEvaluation
{
    // A 100-bin histogram of 1,000 draws reads JSD ~0.1 even from the true distribution; 10,000 cost nothing in 1-D.
    private const int MinimumSamples = 10_000;

    /// <inheritdoc />
    public override long Samples => Math.Max(options.Samples, MinimumSamples);

    /// <inheritdoc />
    public override QualityReport Measure(Tensor samples, long step)
    {
        var values = samples.flatten().cpu().to(ScalarType.Float64).data<double>().ToArray();
        return new QualityReport(step, values.Length, new KeyValuePair<string, double>[]
        {
            new(QualityMetric.Jsd, OneDTheory.HistogramJsd(values, data)),
            new(QualityMetric.JsdKde, OneDTheory.KdeJsd(values, data)),
        });
    }

    /// <inheritdoc />
    public override QualityReport MeasureImages(Tensor unitImages, Tensor? labels) =>
        throw new InvalidOperationException($"{gan} is a 1-D GAN: there are no images to measure");
}
