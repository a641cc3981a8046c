using GanGen.Runtime.Training;

namespace GanGen.Runtime.Runs;

/// <summary>
/// One output of a training run, told what happens as the run goes: after every step, at every checkpoint
/// and once at the end. Each of a run's own outputs (metrics, TensorBoard events, pictures, checkpoints,
/// loss curves, the final generator) is one observer; <see cref="TrainingRun.Observe"/> adds one's own.
/// A method left out does nothing.
/// </summary>
public interface IRunObserver
{
    /// <summary>After every training step.</summary>
    /// <param name="step">What the step measured, and the evaluation made after it, if one was due.</param>
    void OnStep(RunStep step)
    {
    }

    /// <summary>
    /// At a checkpoint: every <see cref="TrainingRun.SampleEvery"/> steps, at the last step, and at the step
    /// an interrupted run stops at when that step has no checkpoint yet. Comes after <see cref="OnStep"/> of the same step.
    /// </summary>
    /// <param name="step">The step the checkpoint holds.</param>
    void OnCheckpoint(TrainingStep step)
    {
    }

    /// <summary>
    /// Once, as the run ends: <see cref="RunOutcome.Completed"/>, <see cref="RunOutcome.Interrupted"/> (after
    /// its checkpoint) or <see cref="RunOutcome.Diverged"/> (the last good checkpoint kept, no new one).
    /// </summary>
    /// <param name="result">How the run ended.</param>
    void OnFinish(RunResult result)
    {
    }
}
