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
