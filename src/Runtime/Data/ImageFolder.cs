using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using GanGen.Runtime.Output;
using GanGen.Spec.Training;
using SkiaSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Data;

/// <summary>
/// A folder of PNG and JPEG images (<c>data: { images: { path, size, channels } }</c>), searched recursively:
/// each image is scaled so its shorter side is <c>size</c>, centre-cropped to a square, composited on
/// <see cref="Background"/> where it has transparency, and kept as RGB or grey. When every image lies in a
/// first-level subfolder, those subfolders, sorted by ordinal name, are the classes. Decoding is paid once:
/// the pixels are cached under the cache folder, keyed by a SHA-256 of the files' names and bytes.
/// </summary>
public static class ImageFolder
{
    /// <summary>The file endings read as images (any case); other files are skipped and counted.</summary>
    public static readonly IReadOnlyList<string> Extensions = new[] { ".png", ".jpg", ".jpeg" };

    // Part of the cache key: a change to how images are decoded, resized or stored must not load an old file.
    private const string Version = "image-folder-1";

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("GANGENIMG1");

    /// <summary>What transparent pixels are composited on: white, as icons and logos are drawn on a page.</summary>
    public static SKColor Background => SKColors.White;

    /// <summary>Reads <paramref name="folder"/>, from the cache when the same files were read at the same size before.</summary>
    /// <param name="folder">The folder.</param>
    /// <param name="size">Side of the square images, in pixels.</param>
    /// <param name="channels">3 for RGB, 1 for grey (ITU-R BT.601 luma).</param>
    /// <param name="scale">The range pixels are scaled to.</param>
    /// <param name="cacheDirectory">The cache folder, the pixels going under its <c>images/</c>; null to decode the files without hashing or caching them (images read once, such as samples being scored).</param>
    /// <param name="classes">For a conditional GAN, its number of classes, which must be the number of class subfolders; 0 for none.</param>
    /// <returns>The images <c>[N, channels, size, size]</c> with labels (all 0 without classes).</returns>
    /// <exception cref="FileNotFoundException">The folder is missing.</exception>
    /// <exception cref="InvalidDataException">An image is empty or cannot be decoded, or the classes do not fit; the message names the file.</exception>
    public static ImageFolderData Load(string folder, int size, int channels, PixelScale scale, string? cacheDirectory, int classes = 0)
    {
        if (!Directory.Exists(folder))
        {
            throw new FileNotFoundException($"{folder}: no such folder; set data: {{ images: {{ path: folder of PNG/JPEG files }} }}");
        }

        if (channels is not (1 or 3) || size < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), $"Images are read as 1 or 3 channels of at least 1 pixel, not {channels} channels of {size}");
        }

        var clock = Stopwatch.StartNew();
        var (images, skipped) = List(folder);
        if (images.Count == 0)
        {
            throw new InvalidDataException($"{folder}: has no {string.Join(", ", Extensions)} files (searched recursively{(skipped.Count > 0 ? $"; {skipped.Count} other files, such as {skipped[0]}" : "")})");
        }

        var classNames = ClassesOf(folder, images, classes);
        var cache = cacheDirectory is null ? null : Path.Combine(cacheDirectory, "images", Key(folder, images, size, channels) + ".bin");
        var cached = cache is null ? null : ReadCache(cache, images.Count, size, channels);
        var pixels = cached ?? Decode(folder, images, size, channels);
        if (cache is not null && cached is null)
        {
            AtomicFile.Write(cache, stream =>
            {
                stream.Write(Magic);
                stream.Write(pixels);
            });
        }

        var labels = images.Select(file => classNames.Count == 0 ? 0L : classNames.IndexOf(FirstFolder(file)!)).ToArray();
        var dataset = ImageDataset.FromBytes(folder, pixels, new long[] { images.Count, channels, size, size }, labels, scale);
        var classText = classNames.Count == 0 ? "no classes" : $"{classNames.Count} classes ({string.Join(", ", classNames)})";
        var skippedText = skipped.Count == 0 ? "" : $"; skipped {skipped.Count} files that are not {string.Join("/", Extensions)}, such as {skipped[0]}";
        return new ImageFolderData(dataset, classNames,
            $"{folder}: {images.Count} images, {classText}, {size}x{size} {(channels == 1 ? "grey" : "RGB")}, "
            + $"{(cached is null ? "decoded" : "read from the cache")} in {clock.Elapsed.TotalSeconds:F2} s{(cache is null ? "" : $" ({cache})")}{skippedText}",
            cached is not null, cache);
    }

    /// <summary>Whether every image of <paramref name="folder"/> lies in a first-level subfolder, so the subfolders are classes (true for a missing folder, which fails when it is read).</summary>
    public static bool HasClasses(string folder) => !Directory.Exists(folder) || List(folder).Images.All(file => FirstFolder(file) is not null);

    /// <summary>Image files (relative paths with '/', sorted by ordinal) and the other files, skipped.</summary>
    private static (List<string> Images, List<string> Skipped) List(string folder)
    {
        var images = new List<string>();
        var skipped = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false };
        foreach (var path in Directory.EnumerateFiles(folder, "*", options))
        {
            var relative = Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');
            (Extensions.Contains(Path.GetExtension(path).ToLowerInvariant()) ? images : skipped).Add(relative);
        }

        images.Sort(StringComparer.Ordinal);
        skipped.Sort(StringComparer.Ordinal);
        return (images, skipped);
    }

    private static string? FirstFolder(string relative) => relative.IndexOf('/') is var slash and > 0 ? relative[..slash] : null;

    /// <summary>The first-level subfolders when every image is inside one, else none; checked against a conditional GAN's classes.</summary>
    private static List<string> ClassesOf(string folder, List<string> images, int classes)
    {
        var loose = images.FirstOrDefault(file => FirstFolder(file) is null);
        var names = loose is null ? images.Select(file => FirstFolder(file)!).Distinct().OrderBy(n => n, StringComparer.Ordinal).ToList() : new List<string>();
        if (classes == 0 || names.Count == classes)
        {
            return names;
        }

        if (loose is not null)
        {
            throw new InvalidDataException($"{Path.Combine(folder, loose)}: lies directly in the image folder, but a conditional GAN takes its classes from first-level subfolders; move it into one");
        }

        throw new InvalidDataException($"{folder}: has {names.Count} class subfolders ({string.Join(", ", names)}), but the GAN is conditioned on {classes} classes; make them agree");
    }

    /// <summary>The cache key; files are read one at a time, so a folder of large photos is never all in memory.</summary>
    private static string Key(string folder, List<string> images, int size, int channels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{Version}/{size}/{channels}/{Background}\n"));
        foreach (var image in images)
        {
            var content = File.ReadAllBytes(Path.Combine(folder, image));
            hash.AppendData(Encoding.UTF8.GetBytes($"{image}\n{content.Length}\n"));
            hash.AppendData(content);
        }

        return Convert.ToHexString(hash.GetHashAndReset())[..24].ToLowerInvariant();
    }

    /// <summary>The cached pixels, or null when there are none or the file is damaged (then they are decoded again).</summary>
    private static byte[]? ReadCache(string path, int count, int size, int channels)
    {
        var expected = Magic.Length + ((long)count * channels * size * size);
        if (!File.Exists(path) || new FileInfo(path).Length != expected)
        {
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        return bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic) ? bytes[Magic.Length..] : null;
    }

    private static byte[] Decode(string folder, List<string> images, int size, int channels)
    {
        var plane = size * size;
        var pixels = new byte[(long)images.Count * channels * plane];
        for (var i = 0; i < images.Count; i++)
        {
            var path = Path.Combine(folder, images[i]);
            DecodeOne(path, File.ReadAllBytes(path), size, channels, pixels.AsSpan(i * channels * plane, channels * plane));
        }

        return pixels;
    }

    /// <summary>Decodes one file into <paramref name="target"/>, channel-major ([C, size, size]).</summary>
    private static void DecodeOne(string path, byte[] content, int size, int channels, Span<byte> target)
    {
        if (content.Length == 0)
        {
            throw new InvalidDataException($"{path}: empty file (0 bytes); delete it or replace it with a PNG or JPEG image");
        }

        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException($"{path}: not a PNG or JPEG image SkiaSharp can read ({content.Length} bytes starting {Convert.ToHexString(content.AsSpan(0, Math.Min(8, content.Length)))}); delete or re-save it");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (info.Width == 0 || info.Height == 0)
        {
            throw new InvalidDataException($"{path}: the image is {info.Width}x{info.Height} pixels; delete it");
        }

        using var decoded = new SKBitmap(info);
        var result = codec.GetPixels(info, decoded.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new InvalidDataException($"{path}: cannot be decoded ({result}: the file is damaged or cut short); delete or re-save it");
        }

        // Shorter side to `size`, centred: the canvas clips what overhangs, which is the centre crop.
        var factor = (float)size / Math.Min(info.Width, info.Height);
        var (width, height) = (info.Width * factor, info.Height * factor);
        var destination = SKRect.Create((size - width) / 2, (size - height) / 2, width, height);
        using var square = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(square))
        using (var image = SKImage.FromBitmap(decoded))
        {
            canvas.Clear(Background);
            canvas.DrawImage(image, destination, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        }

        // Opaque after compositing, so the premultiplied bytes are the colours.
        var rgba = square.GetPixelSpan();
        var plane = size * size;
        for (var p = 0; p < plane; p++)
        {
            var (r, g, b) = (rgba[4 * p], rgba[(4 * p) + 1], rgba[(4 * p) + 2]);
            if (channels == 1)
            {
                target[p] = (byte)Math.Round((0.299 * r) + (0.587 * g) + (0.114 * b));
            }
            else
            {
                target[p] = r;
                target[plane + p] = g;
                target[(2 * plane) + p] = b;
            }
        }
    }
}

/// <summary>An image folder as read by <see cref="ImageFolder.Load"/>.</summary>
/// <param name="Dataset">The images and their labels.</param>
/// <param name="Classes">The class subfolders, sorted; empty when the folder has none (every label is 0).</param>
/// <param name="Description">One line for the console: counts, classes, whether the cache was used, how long it took, skipped files.</param>
/// <param name="FromCache">Whether the pixels came from the cache.</param>
/// <param name="CachePath">The cache file; null when the folder was read without a cache.</param>
public sealed record ImageFolderData(ImageDataset Dataset, IReadOnlyList<string> Classes, string Description, bool FromCache, string? CachePath) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Dataset.Dispose();
}
