using System;
using GanGen.Runtime.Output;

namespace GanGen.Runtime.Runs;

/// <summary>A run's TensorBoard events (<c>tensorboard/</c>): losses, scores and learning rates of every step.</summary>
internal sealed class TensorBoardScalars : IRunObserver, IDisposable
{
    private readonly TensorBoardLog log;

    /// <summary>Starts a new event file in the run folder (a resumed run adds one beside the earlier ones).</summary>
    public TensorBoardScalars(RunFolder folder) => log = new TensorBoardLog(folder.TensorBoard);

    /// <inheritdoc />
    public void OnStep(RunStep step) => log.Log(step.Measured, step.GeneratorLearningRate, step.DiscriminatorLearningRate);

    /// <inheritdoc />
    public void Dispose() => log.Dispose();
}
