using System;
using System.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Training;

/// <summary>
/// Saves and restores everything a <see cref="GanTrainer"/> needs to continue exactly where it
/// stopped: the step count, the noise/data random state, G, D and both optimizers' state.
/// Writes go to a temporary file that replaces the old checkpoint, which is kept as
/// <see cref="PreviousPath"/>: a crash mid-save leaves the last complete checkpoint intact, and a
/// checkpoint damaged later still has its predecessor.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "GANGEN-CHECKPOINT-2";

    /// <summary>Where <see cref="Save"/> keeps the checkpoint it replaces: <c>last.ckpt</c> → <c>last.previous.ckpt</c>.</summary>
    public static string PreviousPath(string path) => Path.ChangeExtension(path, ".previous" + Path.GetExtension(path));

    /// <summary>Writes the trainer's state (and an optional weight average of G) to <paramref name="path"/>, atomically.</summary>
    public static void Save(GanTrainer trainer, string path, nn.Module? average = null)
    {
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var writer = new BinaryWriter(file))
        {
            writer.Write(Magic);
            writer.Write(trainer.StepsDone);
            using (var state = trainer.Random.get_state())
            {
                var bytes = state.data<byte>().ToArray();
                writer.Write(bytes.Length);
                writer.Write(bytes);
            }

            trainer.GeneratorModule.save(writer);
            trainer.DiscriminatorModule.save(writer);
            OptimizerState(trainer.GeneratorOptimizer).save_state_dict(writer);
            OptimizerState(trainer.DiscriminatorOptimizer).save_state_dict(writer);
            writer.Write(average is not null);
            average?.save(writer);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        if (File.Exists(path))
        {
            File.Replace(temporary, path, PreviousPath(path));
        }
        else
        {
            File.Move(temporary, path);
        }
    }

    /// <summary>Restores a checkpoint into a trainer built with the same models and optimizers (and the same weight averaging).</summary>
    /// <exception cref="InvalidDataException">The file is not a GanGen checkpoint or is damaged; the message names it.</exception>
    public static void Load(GanTrainer trainer, string path, nn.Module? average = null)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadString() != Magic)
            {
                throw new InvalidDataException($"{path}: not a GanGen checkpoint");
            }

            var steps = reader.ReadInt64();
            var random = reader.ReadBytes(reader.ReadInt32());
            trainer.GeneratorModule.load(reader);
            trainer.DiscriminatorModule.load(reader);
            OptimizerState(trainer.GeneratorOptimizer).load_state_dict(reader);
            OptimizerState(trainer.DiscriminatorOptimizer).load_state_dict(reader);
            if (reader.ReadBoolean() != (average is not null))
            {
                throw new InvalidDataException($"{path}: the checkpoint {(average is null ? "holds" : "lacks")} a weight average of G, but this run {(average is null ? "does not average" : "averages")} weights");
            }

            average?.load(reader);
            using (var state = tensor(random))
            {
                trainer.Random.set_state(state);
            }

            trainer.Restore(steps);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"{path}: damaged or incomplete checkpoint ({e.Message})", e);
        }
    }

    private static TorchSharp.Modules.OptimizerHelper OptimizerState(optim.Optimizer optimizer) =>
        optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new NotSupportedException($"{optimizer.GetType().Name} cannot save its state; use one of TorchSharp's built-in optimizers");
}
