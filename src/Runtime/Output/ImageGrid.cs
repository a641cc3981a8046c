using System;
using GanGen.Runtime.Data;
using GanGen.Spec.Training;
using SkiaSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Output;

/// <summary>
/// Tiles a batch of images into one picture and writes it as PNG. TorchVision's <c>make_grid</c> and
/// <c>save_image</c> are not available to TorchSharp here, so this is GanGen's own small version.
/// </summary>
public static class ImageGrid
{
    /// <summary>Writes <paramref name="images"/> (<c>[N,1,H,W]</c> or <c>[N,3,H,W]</c>) as a grid, row by row, <paramref name="columns"/> wide.</summary>
    /// <param name="images">The batch, values in <paramref name="scale"/>.</param>
    /// <param name="columns">Images per row.</param>
    /// <param name="path">The PNG file to write (replaced atomically).</param>
    /// <param name="scale">The range the values are in; they are mapped to 0..255.</param>
    /// <param name="padding">Pixels of black between images and around the grid.</param>
    public static void SavePng(Tensor images, int columns, string path, PixelScale scale, int padding = 2)
    {
        if (images.dim() != 4 || (images.shape[1] != 1 && images.shape[1] != 3))
        {
            throw new ArgumentException($"Images must be [N,1,H,W] or [N,3,H,W], but are [{string.Join(",", images.shape)}]", nameof(images));
        }

        using var scope = NewDisposeScope();
        var unit = scale.ToUnit(images.detach().cpu());
        var bytes = (unit.clamp(0, 1) * 255).round().to(ScalarType.Byte);
        var count = (int)images.shape[0];
        var channels = (int)images.shape[1];
        var height = (int)images.shape[2];
        var width = (int)images.shape[3];
        var rows = (count + columns - 1) / columns;

        using var bitmap = new SKBitmap((columns * (width + padding)) + padding, (rows * (height + padding)) + padding, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(SKColors.Black);
        // contiguous(): images from a channels-last network (see ConcatLabels) are stored pixel-major.
        var data = bytes.contiguous().data<byte>().ToArray();
        for (var n = 0; n < count; n++)
        {
            var left = padding + ((n % columns) * (width + padding));
            var top = padding + ((n / columns) * (height + padding));
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    byte Channel(int c) => data[(((((n * channels) + c) * height) + y) * width) + x];
                    bitmap.SetPixel(left + x, top + y, channels == 1 ? new SKColor(Channel(0), Channel(0), Channel(0)) : new SKColor(Channel(0), Channel(1), Channel(2)));
                }
            }
        }

        AtomicFile.Write(path, stream => bitmap.Encode(stream, SKEncodedImageFormat.Png, 100));
    }
}
