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
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return Read(file, path);
        }

        Span<byte> signature = stackalloc byte[2];
        if (file.ReadAtLeast(signature, 2, throwOnEndOfStream: false) < 2 || signature[0] != 0x1F || signature[1] != 0x8B)
        {
            throw new InvalidDataException($"{path}: not a gzip file (it does not start with 1F8B); if it is a raw IDX file, drop the .gz from its name");
        }

        file.Position = 0;
        using var stream = new GZipStream(file, CompressionMode.Decompress);
        try
        {
            return Read(stream, path);
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path, StringComparison.Ordinal))
        {
            // GZipStream's own errors name no file, and call damaged data "an unsupported compression method".
            throw new InvalidDataException($"{path}: damaged gzip data ({e.Message})", e);
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

        var data = ReadElements(stream, count, path, $"{count} elements of shape [{string.Join(",", shape)}]");
        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException($"{path}: more data than its shape [{string.Join(",", shape)}] holds");
        }

        return new IdxFile(path, shape, data);
    }

    /// <summary>
    /// Reads the elements without trusting the header's count for the allocation: a damaged size field
    /// claiming gigabytes must be reported as a truncated file, not allocated first.
    /// </summary>
    private static byte[] ReadElements(Stream stream, long count, string path, string what)
    {
        if (stream.CanSeek && stream.Length - stream.Position < count)
        {
            throw new InvalidDataException($"{path}: truncated: expected {what} ({count} bytes) but the file ends after {stream.Length - stream.Position}");
        }

        var data = new byte[Math.Min(count, 1 << 24)];
        var read = 0L;
        while (read < count)
        {
            if (read == data.Length)
            {
                Array.Resize(ref data, (int)Math.Min(count, 2L * data.Length));
            }

            var n = stream.Read(data, (int)read, (int)(data.Length - read));
            if (n == 0)
            {
                throw new InvalidDataException($"{path}: truncated: expected {what} ({count} bytes) but the data ends after {read}");
            }

            read += n;
        }

        return data;
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
