using System;
using GanGen.Runtime.Evaluation;
using GanGen.Spec.Training;

namespace GanGen.Runtime.Runs;

/// <summary>When a run checkpoints, measures and stops, in training steps.</summary>
/// <param name="TotalSteps">Steps the run trains in all.</param>
/// <param name="SampleEvery">Steps between checkpoints (and pictures).</param>
/// <param name="EvaluateEvery">Steps between quality evaluations.</param>
internal sealed record RunSchedule(long TotalSteps, long SampleEvery, long EvaluateEvery)
{
    /// <summary>The schedule the settings ask for; an epoch is as many steps as whole batches fit in the data.</summary>
    /// <param name="settings">Steps or epochs, batch size, <c>sample_every</c>.</param>
    /// <param name="examples">Examples in the dataset; 0 for a distribution.</param>
    /// <param name="totalSteps">A total that replaces the settings' (a resumed or extended run); null keeps them.</param>
    /// <param name="evaluation">Steps between evaluations; 0 evaluates at every checkpoint.</param>
    public static RunSchedule For(TrainingSettings settings, long examples, long? totalSteps, EvaluationOptions evaluation)
    {
        var stepsPerEpoch = settings.Epochs > 0 ? Math.Max(1, examples / settings.BatchSize) : 0;
        var total = totalSteps ?? (settings.Steps > 0 ? settings.Steps : settings.Epochs * stepsPerEpoch);
        var sampleEvery = settings.SampleEvery > 0 ? settings.SampleEvery : stepsPerEpoch > 0 ? stepsPerEpoch : Math.Max(1, total / 10);
        return new RunSchedule(total, sampleEvery, evaluation.Every > 0 ? evaluation.Every : sampleEvery);
    }

    /// <summary>Whether <paramref name="step"/> ends with a checkpoint: every <see cref="SampleEvery"/> steps and the last.</summary>
    public bool IsCheckpoint(long step) => step % SampleEvery == 0 || step == TotalSteps;

    /// <summary>Whether <paramref name="step"/> is measured: every <see cref="EvaluateEvery"/> steps and the last.</summary>
    public bool IsEvaluation(long step) => step % EvaluateEvery == 0 || step == TotalSteps;

    /// <summary>The step of the last scheduled checkpoint at or before <paramref name="step"/>.</summary>
    public long CheckpointBefore(long step) => step / SampleEvery * SampleEvery;
}
