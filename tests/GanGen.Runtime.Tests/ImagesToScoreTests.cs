using System;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Evaluation;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// What <c>gangen eval --images</c> reads: PNG/JPEG folders and MNIST-layout IDX folders, at the image shape of
/// the GAN the images are measured against, with a conditional GAN's labels, and one line for a folder that
/// does not fit.
/// </summary>
public sealed class ImagesToScoreTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-score-").FullName;

    [Fact]
    public void PngAndIdxFoldersOfTheSamePixelsReadTheSameImages()
    {
        // Grey pixels (r = g = b) whose luma is the value itself; the third PNG is twice the size, with every
        // pixel of a 2x2 block alike, so that scaling it down keeps the values.
        static byte Value(int image, int x, int y) => (byte)(((image * 97) + (x * 7) + (y * 31)) % 256);
        for (var image = 0; image < 3; image++)
        {
            var scale = image == 2 ? 2 : 1;
            ImageFiles.Write(Path.Combine(root, "png", $"{image}.png"), 28 * scale, 28 * scale, (x, y) => Grey(Value(image, x / scale, y / scale)));
        }

        var pixels = Enumerable.Range(0, 3).SelectMany(image => Enumerable.Range(0, 28 * 28).Select(p => Value(image, p % 28, p / 28))).ToArray();
        WriteIdx(Path.Combine(root, "idx"), [3, 28, 28], pixels, [0, 0, 0]);

        using var png = ImagesToScore.Read(Path.Combine(root, "png"), Dcgan.Definition);
        using var idx = ImagesToScore.Read(Path.Combine(root, "idx"), Dcgan.Definition);

        Assert.Equal(new long[] { 3, 1, 28, 28 }, png.Images.shape);
        Assert.Equal(new long[] { 3, 1, 28, 28 }, idx.Images.shape);
        Assert.Equal(pixels.Select(v => v / 255f), idx.Images.data<float>().ToArray());
        Assert.Equal(idx.Images.data<float>().ToArray(), png.Images.data<float>().ToArray(), new ToleranceComparer(0.5f / 255));
    }

    [Fact]
    public void AFlatGeneratorsSamplesAreReadAsTheSquareImagesTheyAre()
    {
        ImageFiles.Solid(Path.Combine(root, "flat", "a.png"), 28, 28, Grey(255));

        using var images = ImagesToScore.Read(Path.Combine(root, "flat"), Vanilla.Definition);

        Assert.Equal(new long[] { 1, 1, 28, 28 }, images.Images.shape);
        Assert.True(images.Images.eq(1).all().item<bool>());
    }

    [Fact]
    public void AConditionalGansLabelsAreItsClassSubfoldersSorted()
    {
        foreach (var digit in new[] { 7, 0, 3, 9, 1, 2, 8, 4, 6, 5 })
        {
            ImageFiles.Solid(Path.Combine(root, "digits", digit.ToString(System.Globalization.CultureInfo.InvariantCulture), "sample.png"), 28, 28, Grey((byte)(digit * 20)));
        }

        using var images = ImagesToScore.Read(Path.Combine(root, "digits"), ConditionalDcgan.Definition);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), images.Labels.data<long>().ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => i * 20 / 255f), images.Images[.., 0, 0, 0].data<float>().ToArray(), new ToleranceComparer(1e-6f));
    }

    [Fact]
    public void AFolderThatDoesNotFitIsOneLineThatSaysWhatToWrite()
    {
        const string Fix = "write the samples there as PNG/JPEG files (in class subfolders for a conditional GAN), or as train-images-idx3-ubyte and train-labels-idx1-ubyte in MNIST layout";
        var missing = Path.Combine(root, "missing");
        Assert.Equal($"{missing}: no such folder; {Fix}", Assert.Throws<FileNotFoundException>(() => ImagesToScore.Read(missing, Dcgan.Definition)).Message);

        var other = Directory.CreateDirectory(Path.Combine(root, "other")).FullName;
        File.WriteAllText(Path.Combine(other, "notes.txt"), "no images");
        Assert.Equal($"{other}: holds neither train-images-idx3-ubyte[.gz] nor .png/.jpg/.jpeg files; {Fix}",
            Assert.Throws<FileNotFoundException>(() => ImagesToScore.Read(other, Dcgan.Definition)).Message);

        var small = Path.Combine(root, "small");
        WriteIdx(small, [2, 8, 8], new byte[128], [0, 0]);
        Assert.Equal($"{Path.Combine(small, "train-images-idx3-ubyte")}: images are 1x8x8, but Dcgan draws 1x28x28 (channels x height x width); write them at that size",
            Assert.Throws<InvalidDataException>(() => ImagesToScore.Read(small, Dcgan.Definition)).Message);

        Assert.Equal($"{Path.Combine(small, "train-images-idx3-ubyte")}: images are 1x8x8, but ColourDcgan draws 3x32x32 (channels x height x width); write them at that size",
            Assert.Throws<InvalidDataException>(() => ImagesToScore.Read(small, ColourDcgan.Definition)).Message);

        var png = Path.Combine(root, "png");
        ImageFiles.Solid(Path.Combine(png, "a.png"), 8, 4, Grey(0));
        Assert.Equal($"{png}: PNG/JPEG files are read as square grey or RGB images, but the GAN draws 1x4x8 (channels x height x width); write the samples as IDX instead",
            Assert.Throws<InvalidDataException>(() => ImagesToScore.Read(png, Dcgan.Definition with { SampleShape = [1, 4, 8] })).Message);
        Assert.Equal($"{png}: PNG/JPEG files are read as square grey or RGB images, but the GAN draws 2x8x8 (channels x height x width), which neither PNG/JPEG nor IDX files are read as",
            Assert.Throws<InvalidDataException>(() => ImagesToScore.Read(png, Dcgan.Definition with { SampleShape = [2, 8, 8] })).Message);

        Assert.Equal("OneD draws samples of shape [1], which are not images; only image GANs are measured against images",
            Assert.Throws<InvalidOperationException>(() => ImagesToScore.Read(small, OneD.Definition)).Message);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static SKColor Grey(byte value) => new(value, value, value);

    private static void WriteIdx(string folder, int[] shape, byte[] pixels, byte[] labels)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), IdxBytes.Of(shape, pixels));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), IdxBytes.Of([labels.Length], labels));
    }
}
