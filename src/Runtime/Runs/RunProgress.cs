using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Training;

namespace GanGen.Runtime.Runs;

/// <summary>Reported after every training step.</summary>
/// <param name="Measured">The step's losses and scores.</param>
/// <param name="TotalSteps">Steps the run will take in all.</param>
/// <param name="StepsPerSecond">Recent training speed.</param>
/// <param name="Quality">The latest quality evaluation, or null before the first (or when the run is not evaluated).</param>
public readonly record struct RunProgress(TrainingStep Measured, long TotalSteps, double StepsPerSecond, QualityReport? Quality = null);

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    /// <summary>All steps done; the final generator is saved.</summary>
    Completed,

    /// <summary>Cancelled (Ctrl-C): a checkpoint of the last step was saved; <c>resume</c> continues.</summary>
    Interrupted,

    /// <summary>A loss became NaN or infinite; the last good checkpoint is kept.</summary>
    Diverged,
}

/// <summary>The end of a run.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="StepsDone">Steps completed (in all, across resumes).</param>
/// <param name="Last">The last step's measurements, if any step ran.</param>
/// <param name="Message">A one-line summary for people.</param>
public sealed record RunResult(RunOutcome Outcome, long StepsDone, TrainingStep? Last, string Message)
{
    /// <summary>The quality measured at the end (or last measured), when the run is evaluated.</summary>
    public QualityReport? Quality { get; init; }

    /// <summary>The best evaluation of the run (the one <c>best.ckpt</c> holds), when the run is evaluated.</summary>
    public QualityReport? Best { get; init; }

    /// <summary>One line on quality for people, e.g. <c>quality at step 780: fid 41.2 ...; best.ckpt is step 702</c>; empty when not evaluated.</summary>
    public string QualitySummary =>
        Quality is null || Best is null ? string.Empty : $"quality at step {Quality.Step}: {Quality}; best.ckpt is step {Best.Step}";
}
