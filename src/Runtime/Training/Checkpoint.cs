using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using GanGen.Runtime.Output;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Training;

/// <summary>
/// Saves and restores everything a <see cref="GanTrainer"/> needs to continue exactly where it
/// stopped: the step count, the noise/data random state, G, D and both optimizers' state.
/// Writes go to a temporary file that replaces the old checkpoint, which is kept as
/// <see cref="PreviousPath"/>: a crash mid-save leaves the last complete checkpoint intact, and a
/// checkpoint damaged later still has its predecessor. A SHA-256 checksum of the contents ends the
/// file, so damage (a flipped bit, a cut) is reported instead of resuming from wrong weights.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "GANGEN-CHECKPOINT-4";

    // Formats 2 and 3 named the weights by the generated classes' C# fields (conv2d3.weight); format 4 by
    // the module names PyTorch gives the same layers (3.weight), so an older file cannot fill these models.
    private static readonly string[] FieldNameMagics = { "GANGEN-CHECKPOINT-3", "GANGEN-CHECKPOINT-2" };

    private static readonly int ChecksumLength = SHA256.HashSizeInBytes;

    /// <summary>Where <see cref="Save"/> keeps the checkpoint it replaces: <c>last.ckpt</c> → <c>last.previous.ckpt</c>.</summary>
    public static string PreviousPath(string path) => Path.ChangeExtension(path, ".previous" + Path.GetExtension(path));

    /// <summary>Writes the trainer's state (and an optional weight average of G) to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="IOException">
    /// The checkpoint could not be written (a full disk, a read-only folder); the message names it and the
    /// reason. Nothing is left half-written: the checkpoints already there are unchanged.
    /// </exception>
    public static void Save(GanTrainer trainer, string path, nn.Module? average = null)
    {
        var temporary = path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                using (var hashing = new HashingStream(file))
                using (var writer = new BinaryWriter(hashing, Encoding.UTF8, leaveOpen: true))
                {
                    WriteState(writer, trainer, average);
                    writer.Flush();
                    file.Write(hashing.Checksum());
                }

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
        catch (Exception e)
        {
            AtomicFile.DeleteLeftover(temporary);
            if (e is IOException or UnauthorizedAccessException)
            {
                var kept = File.Exists(path) ? "; the checkpoint saved before it is unchanged" : string.Empty;
                throw new IOException($"{path}: checkpoint not saved ({AtomicFile.Reason(e, temporary, path)}){kept}", e);
            }

            throw;
        }
    }

    /// <summary>Restores a checkpoint into a trainer built with the same models and optimizers (and the same weight averaging).</summary>
    /// <exception cref="FileNotFoundException">There is no checkpoint at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a GanGen checkpoint, is damaged or cut short, or does not fit the trainer's models;
    /// the message names it and says which.
    /// </exception>
    public static void Load(GanTrainer trainer, string path, nn.Module? average = null)
    {
        using var file = Open(File.OpenRead(path), path);
        Load(trainer, file, path, average);
    }

    /// <summary>
    /// Restores a checkpoint read into memory (a data-parallel run's rank 0 reads it and sends it to the other
    /// ranks, which may be on machines without the run folder).
    /// </summary>
    /// <param name="trainer">The trainer to restore.</param>
    /// <param name="contents">The checkpoint file's bytes.</param>
    /// <param name="path">Where they came from, for messages.</param>
    /// <param name="average">The weight average of G, when the run keeps one.</param>
    /// <exception cref="InvalidDataException">As <see cref="Load(GanTrainer, string, nn.Module?)"/>.</exception>
    public static void Load(GanTrainer trainer, byte[] contents, string path, nn.Module? average = null)
    {
        using var file = Open(new MemoryStream(contents, writable: false), path);
        Load(trainer, file, path, average);
    }

    private static void Load(GanTrainer trainer, Stream file, string path, nn.Module? average)
    {
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        try
        {
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
            if (file.Position != file.Length - ChecksumLength)
            {
                throw new InvalidDataException($"{path}: holds more than this run's models and optimizers; was the spec changed after the run started?");
            }

            using (var state = tensor(random))
            {
                trainer.Random.set_state(state);
            }

            trainer.Restore(steps);
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // With the checksum right, the file is what was saved: it was saved for other models.
            throw new InvalidDataException($"{path}: does not fit this run's models and optimizers ({e.Message}); was the spec changed after the run started?", e);
        }
    }

    /// <summary>Checks that <paramref name="path"/> is a complete, undamaged checkpoint, without loading it.</summary>
    /// <returns>The number of steps done when it was saved.</returns>
    /// <exception cref="FileNotFoundException">There is no checkpoint at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a GanGen checkpoint, or is damaged or cut short; the message names it.</exception>
    public static long Verify(string path)
    {
        using var file = Open(File.OpenRead(path), path);
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        return reader.ReadInt64();
    }

    private static void WriteState(BinaryWriter writer, GanTrainer trainer, nn.Module? average)
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
    }

    /// <summary>Opens a checkpoint positioned after its magic, having checked its format and checksum.</summary>
    private static Stream Open(Stream file, string path)
    {
        try
        {
            if (ReadMagic(file, path) != Magic)
            {
                throw new InvalidDataException(
                    $"{path}: written by an earlier GanGen, which named weights by C# field (conv2d3.weight) where GanGen now uses PyTorch's module names (3.weight); it cannot be resumed: train the run again (a finished run's generator.pt still works with gangen sample, eval and export)");
            }

            CheckChecksum(file, path);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads the magic as the bytes BinaryWriter writes for it, so garbage cannot ask for a huge string.</summary>
    private static string ReadMagic(Stream file, string path)
    {
        var expected = MagicBytes(Magic);
        var found = new byte[expected.Length];
        var read = file.ReadAtLeast(found, found.Length, throwOnEndOfStream: false);
        foreach (var magic in FieldNameMagics.Prepend(Magic))
        {
            if (read == found.Length && found.AsSpan().SequenceEqual(MagicBytes(magic)))
            {
                return magic;
            }
        }

        if (read < found.Length && expected.AsSpan(0, read).SequenceEqual(found.AsSpan(0, read)))
        {
            throw new InvalidDataException($"{path}: damaged checkpoint: cut short after {read} bytes");
        }

        throw new InvalidDataException($"{path}: not a GanGen checkpoint (it does not start with {Magic})");
    }

    private static byte[] MagicBytes(string magic)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(magic);
        }

        return bytes.ToArray();
    }

    private static void CheckChecksum(Stream file, string path)
    {
        var start = file.Position;
        var contentLength = file.Length - ChecksumLength;
        if (contentLength <= start)
        {
            throw new InvalidDataException($"{path}: damaged checkpoint: cut short after {file.Length} bytes");
        }

        file.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        for (var left = contentLength; left > 0;)
        {
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            hash.AppendData(buffer, 0, read);
            left -= read;
        }

        var stored = new byte[ChecksumLength];
        file.ReadExactly(stored);
        if (!hash.GetHashAndReset().AsSpan().SequenceEqual(stored))
        {
            throw new InvalidDataException($"{path}: damaged checkpoint: its contents do not match the checksum saved with them (changed or cut short after it was written)");
        }

        file.Position = start;
    }

    private static TorchSharp.Modules.OptimizerHelper OptimizerState(optim.Optimizer optimizer) =>
        optimizer as TorchSharp.Modules.OptimizerHelper
        ?? throw new NotSupportedException($"{optimizer.GetType().Name} cannot save its state; use one of TorchSharp's built-in optimizers");

    /// <summary>Passes writes on to a stream while hashing them.</summary>
    private sealed class HashingStream(Stream inner) : Stream
    {
        private readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        /// <summary>The SHA-256 of everything written so far.</summary>
        public byte[] Checksum() => hash.GetCurrentHash();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
