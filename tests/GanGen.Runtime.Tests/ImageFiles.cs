using System;
using System.IO;
using SkiaSharp;

namespace GanGen.Runtime.Tests;

/// <summary>Writes small PNG and JPEG files with SkiaSharp, so image-folder tests need no image set installed.</summary>
internal static class ImageFiles
{
    /// <summary>Writes a <paramref name="width"/> × <paramref name="height"/> image whose pixel (x, y) is <paramref name="colour"/>(x, y).</summary>
    public static string Write(string path, int width, int height, Func<int, int, SKColor> colour, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, colour(x, y));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 95);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    /// <summary>A one-colour image.</summary>
    public static string Solid(string path, int width, int height, SKColor colour, SKEncodedImageFormat format = SKEncodedImageFormat.Png) =>
        Write(path, width, height, (_, _) => colour, format);
}
