using System;
using static TorchSharp.torch;

namespace GanGen.Runtime.Evaluation;

/// <summary>How one data domain measures generated samples; <see cref="RunEvaluator"/> draws them from fixed noise.</summary>
internal abstract class DomainEvaluation : IDisposable
{
    /// <summary>Samples each evaluation draws.</summary>
    public abstract long Samples { get; }

    /// <summary>The domain classifier's test accuracy; null where the domain has no classifier.</summary>
    public virtual double? ClassifierAccuracy => null;

    /// <summary>Measures <see cref="Samples"/> generated samples (labels 0, 1, …, K−1 in turn for a conditional GAN).</summary>
    /// <param name="samples">The samples, [count, ...sample shape].</param>
    /// <param name="step">The training step, for the report.</param>
    public abstract QualityReport Measure(Tensor samples, long step);

    /// <summary>Measures images made elsewhere, pixels in [0, 1].</summary>
    /// <param name="unitImages">The images.</param>
    /// <param name="labels">The labels they were made for (conditional GANs), else null.</param>
    /// <exception cref="InvalidOperationException">The domain has no images.</exception>
    public abstract QualityReport MeasureImages(Tensor unitImages, Tensor? labels);

    /// <summary>Releases what the measurements hold (nothing, unless a domain overrides it).</summary>
    public virtual void Dispose()
    {
    }
}
