using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Runtime.Output;

namespace GanGen.Runtime.Runs;

/// <summary>A run's <c>metrics.csv</c>: a row per step, the quality columns filled at the steps that were evaluated.</summary>
internal sealed class MetricsFile : IRunObserver, IDisposable
{
    private readonly MetricsCsv csv;

    /// <summary>Opens the file: afresh for a new run, keeping the rows up to the checkpoint for a resumed one.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="qualityMetrics">The quality columns after the standard ones; null when the run is not evaluated.</param>
    /// <param name="resumeAtStep">The step a resumed run continues from; null for a new run.</param>
    public MetricsFile(RunFolder folder, IReadOnlyList<string>? qualityMetrics, long? resumeAtStep) =>
        csv = new MetricsCsv(folder.Metrics, qualityMetrics, resumeAtStep);

    /// <summary>The rows of a resumed run's earlier sessions; empty for a new run.</summary>
    public IReadOnlyList<MetricsRow> Kept => csv.Kept;

    /// <inheritdoc />
    public void OnStep(RunStep step) =>
        csv.Append(step.Measured, step.GeneratorLearningRate, step.DiscriminatorLearningRate, step.Seconds,
            step.Quality is { } report ? csv.ExtraColumns.Select(metric => report[metric]).ToArray() : null);

    /// <inheritdoc />
    public void Dispose() => csv.Dispose();
}
