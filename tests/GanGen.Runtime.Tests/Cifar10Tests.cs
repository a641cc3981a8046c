using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using GanGen.Spec.Training;
using Xunit;

namespace GanGen.Runtime.Tests;

/// <summary>
/// The CIFAR-10 binary batches, on files written here in the documented format (no copy of CIFAR-10 can be
/// downloaded on these machines): 3,073-byte records of a label byte and red, green and blue planes of 32×32.
/// </summary>
public sealed class Cifar10Tests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-cifar-").FullName;

    [Fact]
    public void TheFiveTrainingBatchesAreReadInOrderWithTheirLabels()
    {
        WriteAll(recordsPerFile: 2);

        using var train = Cifar10Batches.LoadTraining(root, PixelScale.ZeroToOne);

        Assert.Equal(new long[] { 10, 3, 32, 32 }, train.Images.shape);
        // Record r of batch b has label (b * 2 + r) % 10 and every pixel of plane c equal to (b * 2 + r) * 3 + c.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)(i % 10)), train.Labels.data<long>().ToArray());
        var pixels = train.Images.contiguous().data<float>().ToArray();
        for (var n = 0; n < 10; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                var plane = pixels.Skip(((n * 3) + c) * 1024).Take(1024).Distinct().ToArray();
                Assert.Equal(new[] { ((n * 3) + c) / 255f }, plane);
            }
        }
    }

    [Fact]
    public void PixelsKeepTheirPlanarLayoutAndAreScaled()
    {
        WriteAll(recordsPerFile: 1);
        var record = Record(label: 3, index: 0);
        // Red plane: the pixel at row 1, column 2 is 255; green: row 31, column 0; blue: row 0, column 31.
        record[1 + (1 * 32) + 2] = 255;
        record[1 + 1024 + (31 * 32)] = 255;
        record[1 + 2048 + 31] = 255;
        File.WriteAllBytes(Path.Combine(root, Cifar10Batches.TestFile), record);

        using var test = Cifar10Batches.LoadTest(root, PixelScale.MinusOneToOne);

        Assert.Equal(new long[] { 1, 3, 32, 32 }, test.Images.shape);
        Assert.Equal(3L, test.Labels[0].item<long>());
        Assert.Equal(1f, test.Images[0, 0, 1, 2].item<float>());
        Assert.Equal(1f, test.Images[0, 1, 31, 0].item<float>());
        Assert.Equal(1f, test.Images[0, 2, 0, 31].item<float>());
        Assert.Equal(-1f, test.Images[0, 0, 0, 0].item<float>());
    }

    [Fact]
    public void ProblemsAreOneLineNamingTheFile()
    {
        var fix = "CIFAR-10's binary version (cifar-10-binary.tar.gz, unpacked) has data_batch_1.bin .. data_batch_5.bin and test_batch.bin; point data: { cifar10: { path } } at that folder";
        var missingFolder = Path.Combine(root, "none");
        Assert.Equal($"{missingFolder}: no such folder; {fix}", Assert.Throws<FileNotFoundException>(() => Cifar10Batches.LoadTraining(missingFolder, PixelScale.ZeroToOne)).Message);

        WriteAll(recordsPerFile: 2);
        var third = Path.Combine(root, "data_batch_3.bin");
        File.Delete(third);
        Assert.Equal($"{third}: missing; {fix}", Assert.Throws<FileNotFoundException>(() => Cifar10Batches.LoadTraining(root, PixelScale.ZeroToOne)).Message);

        File.WriteAllBytes(third, Record(1, 4).Concat(Record(2, 5)[..3000]).ToArray());
        Assert.Equal($"{third}: 6,073 bytes is not a whole number of 3,073-byte records (1 label byte + 3,072 pixel bytes); the file is empty, truncated or not a CIFAR-10 binary batch",
            Assert.Throws<InvalidDataException>(() => Cifar10Batches.LoadTraining(root, PixelScale.ZeroToOne)).Message);

        File.WriteAllBytes(third, []);
        Assert.StartsWith($"{third}: 0 bytes is not a whole number", Assert.Throws<InvalidDataException>(() => Cifar10Batches.LoadTraining(root, PixelScale.ZeroToOne)).Message, StringComparison.Ordinal);

        File.WriteAllBytes(third, Record(1, 4).Concat(Record(10, 5)).ToArray());
        Assert.Equal($"{third}: record 1 has label 10, but CIFAR-10's labels are 0 to 9; this is not a CIFAR-10 binary batch (CIFAR-100's records have two label bytes)",
            Assert.Throws<InvalidDataException>(() => Cifar10Batches.LoadTraining(root, PixelScale.ZeroToOne)).Message);
    }

    [Fact]
    public void EvaluationTrainsOnTheBatchesAndHoldsOutTheTestBatch()
    {
        WriteAll(recordsPerFile: 2);

        using var data = EvaluationData.FromCifar10(root);

        Assert.Equal(10, data.Train.Count);
        Assert.Equal(2, data.Test.Count);
        Assert.True(data.HasClasses);
        Assert.Equal(0f, data.Train.Images.min().item<float>());
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>Batches 1-5 and the test batch, each <paramref name="recordsPerFile"/> records numbered on from the last.</summary>
    private void WriteAll(int recordsPerFile)
    {
        var index = 0;
        foreach (var name in Cifar10Batches.TrainingFiles.Append(Cifar10Batches.TestFile))
        {
            var bytes = Enumerable.Range(0, recordsPerFile).SelectMany(_ => Record(index % 10, index++)).ToArray();
            File.WriteAllBytes(Path.Combine(root, name), bytes);
        }
    }

    /// <summary>One record: the label, then each plane c filled with index * 3 + c.</summary>
    private static byte[] Record(int label, int index) =>
        new[] { (byte)label }.Concat(Enumerable.Range(0, 3).SelectMany(c => Enumerable.Repeat((byte)((index * 3) + c), 1024))).ToArray();
}
