using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Spec.Training;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// <c>data: { images: ... }</c> on folders of PNG and JPEG files written here with SkiaSharp: exact pixels after
/// the centre crop, resizing, alpha on white, grey, classes from subfolders, the cache, and a one-line error
/// naming every file that cannot be read.
/// </summary>
public sealed class ImageFolderTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-images-").FullName;
    private readonly string cache = Directory.CreateTempSubdirectory("gangen-images-cache-").FullName;

    [Fact]
    public void AWideImageIsCentreCroppedToItsMiddleColumns()
    {
        // 4x2: columns red, green, blue, white; the shorter side is already 2, so the crop keeps columns 1 and 2.
        SKColor[] columns = [new(255, 0, 0), new(0, 255, 0), new(0, 0, 255), new(255, 255, 255)];
        ImageFiles.Write(Path.Combine(root, "wide.png"), 4, 2, (x, _) => columns[x]);

        using var folder = Load(size: 2, channels: 3, PixelScale.ZeroToOne);

        Assert.Equal(new long[] { 1, 3, 2, 2 }, folder.Dataset.Images.shape);
        // Channel-major: red nowhere; green at column 0 of each row; blue at column 1.
        Assert.Equal(new[] { 0f, 0f, 0f, 0f, 1f, 0f, 1f, 0f, 0f, 1f, 0f, 1f }, Pixels(folder));
    }

    [Fact]
    public void ATallImageIsCroppedToItsMiddleRowsAndScaledToMinusOneToOne()
    {
        ImageFiles.Write(Path.Combine(root, "tall.png"), 1, 3, (_, y) => y == 1 ? new SKColor(255, 255, 255) : new SKColor(0, 0, 0));

        using var folder = Load(size: 1, channels: 1, PixelScale.MinusOneToOne);

        Assert.Equal(new long[] { 1, 1, 1, 1 }, folder.Dataset.Images.shape);
        Assert.Equal(new[] { 1f }, Pixels(folder));
    }

    [Fact]
    public void ALargerImageIsResizedWithoutChangingAFlatColour()
    {
        ImageFiles.Solid(Path.Combine(root, "flat.png"), 40, 24, new SKColor(200, 100, 50));

        using var folder = Load(size: 8, channels: 3, PixelScale.ZeroToOne);

        Assert.Equal(new long[] { 1, 3, 8, 8 }, folder.Dataset.Images.shape);
        var expected = new[] { 200, 100, 50 }.SelectMany(v => Enumerable.Repeat(v / 255f, 64)).ToArray();
        Assert.Equal(expected, Pixels(folder), new ToleranceComparer(0.5f / 255));
    }

    [Fact]
    public void TransparencyIsCompositedOnWhite()
    {
        // Half-transparent red over white: red stays 255, green and blue become 255 * (1 - 128/255) = 127;
        // a fully transparent pixel is the background. Files in name order: glass.png, hole.png.
        ImageFiles.Solid(Path.Combine(root, "glass.png"), 2, 2, new SKColor(255, 0, 0, 128));
        ImageFiles.Solid(Path.Combine(root, "hole.png"), 2, 2, new SKColor(0, 0, 0, 0));

        using var folder = Load(size: 2, channels: 3, PixelScale.ZeroToOne);

        var bytes = Pixels(folder).Select(v => (int)Math.Round(v * 255)).ToArray();
        Assert.Equal(new[] { 255, 127, 127 }.SelectMany(v => Enumerable.Repeat(v, 4)).Concat(Enumerable.Repeat(255, 12)), bytes);
    }

    [Fact]
    public void GreyIsTheLumaOfTheColour()
    {
        ImageFiles.Solid(Path.Combine(root, "red.png"), 2, 2, new SKColor(255, 0, 0));
        ImageFiles.Solid(Path.Combine(root, "teal.png"), 2, 2, new SKColor(0, 128, 128));

        using var folder = Load(size: 2, channels: 1, PixelScale.ZeroToOne);

        // round(0.299 * 255) = 76; round(0.587 * 128 + 0.114 * 128) = round(89.728) = 90.
        Assert.Equal(Enumerable.Repeat(76, 4).Concat(Enumerable.Repeat(90, 4)), Pixels(folder).Select(v => (int)Math.Round(v * 255)));
    }

    [Fact]
    public void JpegFilesAreReadToo()
    {
        ImageFiles.Solid(Path.Combine(root, "grey.jpg"), 16, 16, new SKColor(128, 128, 128), SKEncodedImageFormat.Jpeg);
        ImageFiles.Solid(Path.Combine(root, "GREY2.JPEG"), 16, 16, new SKColor(64, 64, 64), SKEncodedImageFormat.Jpeg);

        using var folder = Load(size: 4, channels: 1, PixelScale.ZeroToOne);

        // Upper case sorts first (ordinal): GREY2.JPEG, then grey.jpg. JPEG is lossy, so within 2 levels.
        var expected = Enumerable.Repeat(64 / 255f, 16).Concat(Enumerable.Repeat(128 / 255f, 16)).ToArray();
        Assert.Equal(expected, Pixels(folder), new ToleranceComparer(2f / 255));
    }

    [Fact]
    public void FirstLevelSubfoldersAreTheClassesSortedAndSearchedDeeply()
    {
        ImageFiles.Solid(Path.Combine(root, "zebra", "a.png"), 2, 2, SKColors.Black);
        ImageFiles.Solid(Path.Combine(root, "apple", "b.png"), 2, 2, SKColors.Black);
        ImageFiles.Solid(Path.Combine(root, "apple", "deeper", "still", "c.png"), 2, 2, SKColors.Black);
        ImageFiles.Solid(Path.Combine(root, "mango", "d.png"), 2, 2, SKColors.Black);
        File.WriteAllText(Path.Combine(root, "apple", "notes.txt"), "not an image");

        using var folder = Load(size: 2, channels: 3, PixelScale.ZeroToOne, classes: 3);

        Assert.Equal(new[] { "apple", "mango", "zebra" }, folder.Classes);
        // Files in ordinal order of their paths: apple/b.png, apple/deeper/still/c.png, mango/d.png, zebra/a.png.
        Assert.Equal(new long[] { 0, 0, 1, 2 }, folder.Dataset.Labels.data<long>().ToArray());
        Assert.Contains("4 images, 3 classes (apple, mango, zebra), 2x2 RGB, decoded", folder.Description, StringComparison.Ordinal);
        Assert.EndsWith("; skipped 1 files that are not .png/.jpg/.jpeg, such as apple/notes.txt", folder.Description, StringComparison.Ordinal);
        Assert.True(ImageFolder.HasClasses(root));
    }

    [Fact]
    public void AFolderWithImagesAtItsTopHasNoClasses()
    {
        ImageFiles.Solid(Path.Combine(root, "top.png"), 2, 2, SKColors.Black);
        ImageFiles.Solid(Path.Combine(root, "sub", "inner.png"), 2, 2, SKColors.Black);

        using var folder = Load(size: 2, channels: 3, PixelScale.ZeroToOne);

        Assert.Empty(folder.Classes);
        Assert.Equal(new long[] { 0, 0 }, folder.Dataset.Labels.data<long>().ToArray());
        Assert.False(ImageFolder.HasClasses(root));
    }

    [Fact]
    public void TheSecondLoadComesFromTheCacheUntilAFileChanges()
    {
        var changing = ImageFiles.Solid(Path.Combine(root, "a", "one.png"), 6, 6, new SKColor(10, 20, 30));
        ImageFiles.Solid(Path.Combine(root, "b", "two.png"), 6, 6, new SKColor(40, 50, 60));

        using var first = Load(size: 3, channels: 3, PixelScale.MinusOneToOne);
        using var second = Load(size: 3, channels: 3, PixelScale.MinusOneToOne);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.CachePath, second.CachePath);
        Assert.Equal(Pixels(first), Pixels(second));
        Assert.Equal(first.Dataset.Labels.data<long>().ToArray(), second.Dataset.Labels.data<long>().ToArray());

        ImageFiles.Solid(changing, 6, 6, new SKColor(11, 20, 30));
        using var third = Load(size: 3, channels: 3, PixelScale.MinusOneToOne);
        Assert.False(third.FromCache);
        Assert.NotEqual(first.CachePath, third.CachePath);

        // Another size is another tensor, so another key.
        using var smaller = Load(size: 2, channels: 3, PixelScale.MinusOneToOne);
        Assert.False(smaller.FromCache);
    }

    [Fact]
    public void ADamagedCacheFileIsDecodedAgain()
    {
        ImageFiles.Solid(Path.Combine(root, "one.png"), 4, 4, new SKColor(10, 20, 30));
        using var first = Load(size: 4, channels: 3, PixelScale.ZeroToOne);
        File.WriteAllBytes(first.CachePath!, File.ReadAllBytes(first.CachePath!)[..20]);

        using var again = Load(size: 4, channels: 3, PixelScale.ZeroToOne);

        Assert.False(again.FromCache);
        Assert.Equal(Pixels(first), Pixels(again));
    }

    public static TheoryData<string> BadFiles => new(BadFileWriters.Keys);

    private static System.Collections.Generic.Dictionary<string, (Action<string> Write, string Message)> BadFileWriters => new()
    {
        ["empty"] = (path => File.WriteAllBytes(path, []), "{path}: empty file (0 bytes); delete it or replace it with a PNG or JPEG image"),
        ["text named .png"] = (path => File.WriteAllText(path, "hello"), "{path}: not a PNG or JPEG image SkiaSharp can read (5 bytes starting 68656C6C6F); delete or re-save it"),
        ["cut short"] = (path =>
        {
            var whole = ImageFiles.Write(path, 32, 32, (x, y) => new SKColor((byte)(x * 8), (byte)(y * 8), (byte)(x ^ y)));
            File.WriteAllBytes(path, File.ReadAllBytes(whole)[..120]);
        }, "{path}: cannot be decoded (IncompleteInput: the file is damaged or cut short); delete or re-save it"),
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void AnUnreadableImageIsOneLineNamingIt(string problem)
    {
        ImageFiles.Solid(Path.Combine(root, "good.png"), 2, 2, SKColors.Black);
        var path = Path.Combine(root, "bad.png");
        var (write, message) = BadFileWriters[problem];
        write(path);

        var error = Assert.Throws<InvalidDataException>(() => Load(size: 2, channels: 3, PixelScale.ZeroToOne));

        Assert.Equal(message.Replace("{path}", path, StringComparison.Ordinal), error.Message);
    }

    [Fact]
    public void FolderProblemsAreOneLineEach()
    {
        var missing = Path.Combine(root, "nothing-here");
        Assert.Equal($"{missing}: no such folder; set data: {{ images: {{ path: folder of PNG/JPEG files }} }}",
            Assert.Throws<FileNotFoundException>(() => ImageFolder.Load(missing, 2, 3, PixelScale.ZeroToOne, cache)).Message);

        File.WriteAllText(Path.Combine(root, "readme.md"), "no images");
        Assert.Equal($"{root}: has no .png, .jpg, .jpeg files (searched recursively; 1 other files, such as readme.md)",
            Assert.Throws<InvalidDataException>(() => Load(2, 3, PixelScale.ZeroToOne)).Message);

        ImageFiles.Solid(Path.Combine(root, "cats", "a.png"), 2, 2, SKColors.Black);
        ImageFiles.Solid(Path.Combine(root, "dogs", "b.png"), 2, 2, SKColors.Black);
        Assert.Equal($"{root}: has 2 class subfolders (cats, dogs), but the GAN is conditioned on 3 classes; make them agree",
            Assert.Throws<InvalidDataException>(() => Load(2, 3, PixelScale.ZeroToOne, classes: 3)).Message);

        ImageFiles.Solid(Path.Combine(root, "loose.png"), 2, 2, SKColors.Black);
        Assert.Equal($"{Path.Combine(root, "loose.png")}: lies directly in the image folder, but a conditional GAN takes its classes from first-level subfolders; move it into one",
            Assert.Throws<InvalidDataException>(() => Load(2, 3, PixelScale.ZeroToOne, classes: 2)).Message);
    }

    [Fact]
    public void DataSourcesOpenAFolderForAGeneratorOfItsShape()
    {
        ImageFiles.Solid(Path.Combine(root, "a", "x.png"), 4, 4, SKColors.White);
        ImageFiles.Solid(Path.Combine(root, "b", "y.png"), 4, 4, SKColors.Black);
        var settings = new DataSettings(DataKind.Images, root, default, 0, PixelScale.MinusOneToOne) { Size = 4, Channels = 3 };

        using var opened = DataSources.Open(settings, [3, 4, 4], cache, classes: 2);
        using var random = new Generator(1);
        var (batch, labels) = opened.Sampler(2, random);

        Assert.Equal(2, opened.Count);
        Assert.Equal(new long[] { 2, 3, 4, 4 }, batch.shape);
        Assert.NotNull(labels);
        Assert.StartsWith($"{root}: 2 images, 2 classes (a, b), 4x4 RGB", opened.Description, StringComparison.Ordinal);
        // White in class a, black in class b, in [-1, 1] for a Tanh generator.
        Assert.Equal(new[] { 1f, -1f }, opened.Dataset!.Images.amin(new long[] { 1, 2, 3 }).data<float>().ToArray());
        Assert.Equal(new[] { 1f, -1f }, opened.Dataset.Images.amax(new long[] { 1, 2, 3 }).data<float>().ToArray());
        Assert.Equal(new long[] { 0, 1 }, opened.Dataset.Labels.data<long>().ToArray());
    }

    public void Dispose()
    {
        Directory.Delete(root, recursive: true);
        Directory.Delete(cache, recursive: true);
    }

    private static float[] Pixels(ImageFolderData folder) => folder.Dataset.Images.contiguous().data<float>().ToArray();

    private ImageFolderData Load(int size, int channels, PixelScale scale, int classes = 0) =>
        ImageFolder.Load(root, size, channels, scale, cache, classes);
}
