using System;
using System.IO;
using GanGen.Runtime.Distributed;
using GanGen.Runtime.Training;

namespace GanGen.Runtime.Runs;

/// <summary>A run's <c>last.ckpt</c> (and the one before it): saved at every checkpoint, restored when the run resumes.</summary>
internal sealed class LastCheckpoint(RunFolder folder, GanTrainer trainer, RunNetworks networks) : IRunObserver
{
    /// <inheritdoc />
    public void OnCheckpoint(TrainingStep step) => Checkpoint.Save(trainer, folder.Checkpoint, networks.Average);

    /// <summary>
    /// Restores the trainer and networks from the latest checkpoint; from the one before it, with a warning,
    /// when the latest is damaged or gone. In a data-parallel run rank 0 reads the checkpoint and sends it to
    /// every rank, so only rank 0 needs the run folder.
    /// </summary>
    /// <param name="world">The MPI job this process is a rank of, or null.</param>
    /// <returns>False when the run has no checkpoint yet (it stopped before its first): nothing was restored.</returns>
    public bool TryRestore(MpiWorld? world)
    {
        if (world is not null)
        {
            var contents = world.Broadcast(Chosen);
            if (contents.Length == 0)
            {
                return false;
            }

            Checkpoint.Load(trainer, contents, folder.Checkpoint, networks.Average);
            return true;
        }

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
            Warn(e, previous);
            Checkpoint.Load(trainer, previous, networks.Average);
        }

        return true;
    }

    private static void Warn(Exception e, string previous) =>
        Console.Error.WriteLine($"warning: {e.Message}; resuming from the previous checkpoint {previous}");

    /// <summary>The bytes of the checkpoint to resume from, checked; none when there is no checkpoint yet.</summary>
    private byte[] Chosen()
    {
        var previous = Checkpoint.PreviousPath(folder.Checkpoint);
        if (!File.Exists(folder.Checkpoint) && !File.Exists(previous))
        {
            return [];
        }

        try
        {
            Checkpoint.Verify(folder.Checkpoint);
            return File.ReadAllBytes(folder.Checkpoint);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException && File.Exists(previous))
        {
            Warn(e, previous);
            Checkpoint.Verify(previous);
            return File.ReadAllBytes(previous);
        }
    }
}
