using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace GanGen.Runtime.Data;

/// <summary>
/// An IDX file (the MNIST / Fashion-MNIST format): a magic number giving the element type and rank,
/// big-endian 32-bit sizes, then the elements. GanGen reads the unsigned-byte kind, raw or gzipped.
/// </summary>
/// <param name="Path">Where it was read from.</param>
/// <param name="Shape">The sizes, e.g. [60000, 28, 28].</param>
/// <param name="Data">The elements, row-major.</param>
public sealed record IdxFile(string Path, int[] Shape, byte[] Data)
{
    private const byte UnsignedByte = 0x08;

    /// <summary>Reads a file; <c>.gz</c> files are decompressed.</summary>
    /// <exception cref="InvalidDataException">The file is not an unsigned-byte IDX file, or is truncated; the message names the file.</exception>
    public static IdxFile Read(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        try
        {
            return Read(stream, path);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZipStream's own errors ("the archive entry was compressed using an unsupported method") name no file.
            throw new InvalidDataException($"{path}: not a valid gzip file ({e.Message})", e);
        }
    }

    private static IdxFile Read(Stream stream, string path)
    {
        var header = new byte[4];
        ReadExactly(stream, header, path, "the 4-byte magic number");
        if (header[0] != 0 || header[1] != 0)
        {
            throw new InvalidDataException($"{path}: not an IDX file (magic number {Convert.ToHexString(header)} should start with 0000)");
        }

        if (header[2] != UnsignedByte)
        {
            throw new InvalidDataException($"{path}: IDX element type 0x{header[2]:X2} is not supported (GanGen reads unsigned bytes, 0x08)");
        }

        var rank = header[3];
        if (rank is 0 or > 4)
        {
            throw new InvalidDataException($"{path}: IDX rank {rank} is not between 1 and 4");
        }

        var sizes = new byte[4 * rank];
        ReadExactly(stream, sizes, path, $"{rank} dimension sizes");
        var shape = new int[rank];
        long count = 1;
        for (var i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(sizes.AsSpan(4 * i));
            if (shape[i] < 0)
            {
                throw new InvalidDataException($"{path}: dimension {i} has negative size {shape[i]}");
            }

            count *= shape[i];
            if (count > Array.MaxLength)
            {
                throw new InvalidDataException($"{path}: shape [{string.Join(",", shape[..(i + 1)])}] is too large to load");
            }
        }

        var data = new byte[count];
        ReadExactly(stream, data, path, $"{count} elements of shape [{string.Join(",", shape)}]");
        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"{path}: more data than its shape [{string.Join(",", shape)}] holds");
        }

        return new IdxFile(path, shape, data);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string path, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                throw new InvalidDataException($"{path}: truncated: expected {what} ({buffer.Length} bytes) but the file ends after {read}");
            }

            read += n;
        }
    }
}
