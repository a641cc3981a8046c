using System;
using System.IO;
using GanGen.Runtime.Training;

namespace GanGen.Runtime.Runs;

/// <summary>A run's <c>last.ckpt</c> (and the one before it): saved at every checkpoint, restored when the run resumes.</summary>
internal sealed class LastCheckpoint(RunFolder folder, GanTrainer trainer, RunNetworks networks) : IRunObserver
{
    /// <inheritdoc />
    public void OnCheckpoint(TrainingStep step) => Checkpoint.Save(trainer, folder.Checkpoint, networks.Average);

    /// <summary>
    /// Restores the trainer and networks from the latest checkpoint; from the one before it, with a warning,
    /// when the latest is damaged or gone.
    /// </summary>
    /// <returns>False when the run has no checkpoint yet (it stopped before its first): nothing was restored.</returns>
    public bool TryRestore()
    {
        var previous = Checkpoint.PreviousPath(folder.Checkpoint);
        if (!File.Exists(folder.Checkpoint) && !File.Exists(previous))
        {
            return false;
        }

        try
        {
            Checkpoint.Load(trainer, folder.Checkpoint, networks.Average);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException && File.Exists(previous))
        {
            Console.Error.WriteLine($"warning: {e.Message}; resuming from the previous checkpoint {previous}");
            Checkpoint.Load(trainer, previous, networks.Average);
        }

        return true;
    }
}
