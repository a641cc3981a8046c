using System;
using System.IO;

namespace GanGen.Runtime.Output;

/// <summary>
/// Writes a file through a temporary file in the same folder and a rename, so a crash (or a reader
/// polling the run folder) never sees a half-written file: the rename is atomic on one file system.
/// </summary>
internal static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, stream => stream.Write(bytes));

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes to the stream it is given.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);

        // Unique, so two writers of the same file cannot trample each other's temporary file.
        var temporary = $"{full}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
