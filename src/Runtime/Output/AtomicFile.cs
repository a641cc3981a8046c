using System;
using System.IO;

namespace GanGen.Runtime.Output;

/// <summary>
/// Writes a file through a temporary file in the same folder and a rename, so a crash (or a reader
/// polling the run folder) never sees a half-written file: the rename is atomic on one file system.
/// A write that fails (a full disk, a read-only folder) removes its temporary file and leaves the
/// previous version of the file as it was.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    /// <exception cref="IOException">The file could not be written; the message names it and says why.</exception>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    /// <exception cref="IOException">The file could not be written; the message names it and says why.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);

        // Unique, so two writers of the same file cannot trample each other's temporary file.
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e)
        {
            DeleteLeftover(temporary);
            if (e is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"{full}: not written ({Reason(e, temporary, full)})", e);
            }

            throw;
        }
    }

    /// <summary>Removes the temporary file of a failed write, if there is one.</summary>
    public static void DeleteLeftover(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The write's own failure is what the caller needs to hear about; this one would hide it.
        }
    }

    /// <summary>
    /// The reason in a write failure's message, about <paramref name="path"/> rather than the temporary
    /// file it was written through: "No space left on device", "Read-only file system", ...
    /// </summary>
    public static string Reason(Exception failure, string temporary, string path) =>
        failure.Message.Replace($" : '{temporary}'", string.Empty, StringComparison.Ordinal).Replace(temporary, path, StringComparison.Ordinal).TrimEnd('.');
}
