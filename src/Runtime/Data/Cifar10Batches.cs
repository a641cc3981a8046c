using System;
using System.IO;
using System.Linq;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Data;

/// <summary>
/// CIFAR-10's binary version (<c>cifar-10-binary.tar.gz</c>, unpacked): <c>data_batch_1.bin</c> to
/// <c>data_batch_5.bin</c> for training and <c>test_batch.bin</c>, each a run of 3,073-byte records of one
/// label byte (0-9) and 32×32 pixels stored as three planes, red, green, blue, row-major.
/// </summary>
public static class Cifar10Batches
{
    /// <summary>Bytes per record: the label and 3 × 32 × 32 pixels.</summary>
    public const int RecordBytes = 1 + PixelBytes;

    /// <summary>Pixel bytes per record.</summary>
    public const int PixelBytes = 3 * 32 * 32;

    /// <summary>The training batches' file names.</summary>
    public static readonly string[] TrainingFiles = Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray();

    /// <summary>The test batch's file name.</summary>
    public const string TestFile = "test_batch.bin";

    private const string Fix = "CIFAR-10's binary version (cifar-10-binary.tar.gz, unpacked) has data_batch_1.bin .. data_batch_5.bin and test_batch.bin; point data: { cifar10: { path } } at that folder";

    /// <summary>Reads the five training batches.</summary>
    /// <exception cref="FileNotFoundException">The folder or a batch is missing.</exception>
    /// <exception cref="InvalidDataException">A batch is empty, truncated or has a label outside 0-9; the message names it.</exception>
    public static ImageDataset LoadTraining(string folder, PixelScale scale) => Load(folder, TrainingFiles, scale);

    /// <summary>Reads the test batch.</summary>
    /// <inheritdoc cref="LoadTraining"/>
    public static ImageDataset LoadTest(string folder, PixelScale scale) => Load(folder, new[] { TestFile }, scale);

    private static ImageDataset Load(string folder, string[] names, PixelScale scale)
    {
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException($"{folder}: no such folder; {Fix}");
        }

        var files = names.Select(name => Path.Combine(folder, name)).ToArray();
        var bytes = files.Select(Read).ToArray();
        var count = bytes.Sum(b => b.Length / RecordBytes);
        var pixels = new byte[(long)count * PixelBytes];
        var labels = new long[count];
        var n = 0;
        for (var f = 0; f < files.Length; f++)
        {
            for (var record = 0; record < bytes[f].Length / RecordBytes; record++, n++)
            {
                var at = record * RecordBytes;
                labels[n] = bytes[f][at];
                if (labels[n] > 9)
                {
                    throw new InvalidDataException($"{files[f]}: record {record} has label {labels[n]}, but CIFAR-10's labels are 0 to 9; this is not a CIFAR-10 binary batch (CIFAR-100's records have two label bytes)");
                }

                Array.Copy(bytes[f], at + 1, pixels, (long)n * PixelBytes, PixelBytes);
            }
        }

        return ImageDataset.FromBytes(files.Length == 1 ? files[0] : Path.Combine(folder, "data_batch_*.bin"), pixels, new long[] { count, 3, 32, 32 }, labels, scale);
    }

    private static byte[] Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: missing; {Fix}");
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
        {
            throw new InvalidDataException(
                $"{path}: {bytes.Length:N0} bytes is not a whole number of {RecordBytes:N0}-byte records (1 label byte + {PixelBytes:N0} pixel bytes); the file is empty, truncated or not a CIFAR-10 binary batch");
        }

        return bytes;
    }
}
