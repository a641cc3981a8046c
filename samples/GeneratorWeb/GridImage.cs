using System;
using SkiaSharp;

namespace GanGen.Web;

/// <summary>Lays generated samples out as a grid and encodes it as PNG.</summary>
public static class GridImage
{
    /// <summary>Pixels between tiles and around the grid.</summary>
    public const int Gap = 2;

    private static readonly SKColor Background = new(0x20, 0x20, 0x20);

    /// <summary>Columns of a grid of <paramref name="count"/> tiles: the smallest square that holds them.</summary>
    public static int Columns(int count) => (int)Math.Ceiling(Math.Sqrt(count));

    /// <summary>Rows of a grid of <paramref name="count"/> tiles.</summary>
    public static int Rows(int count) => (count + Columns(count) - 1) / Columns(count);

    /// <summary>The grid's width and height in pixels.</summary>
    public static (int Width, int Height) Size(GeneratorModel model, int count, int scale) =>
        ((Columns(count) * ((model.Width * scale) + Gap)) + Gap, (Rows(count) * ((model.Height * scale) + Gap)) + Gap);

    /// <summary>
    /// Encodes <paramref name="count"/> samples (NCHW, as <see cref="GeneratorModel.Generate"/> returns
    /// them) as one PNG, row by row, each pixel drawn as a <paramref name="scale"/>-pixel square.
    /// </summary>
    public static byte[] EncodePng(GeneratorModel model, float[] samples, int count, int scale)
    {
        var (width, height) = Size(model, count, scale);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(Background);
        var pixels = bitmap.GetPixelSpan();
        var plane = model.Height * model.Width;
        var columns = Columns(count);
        for (var tile = 0; tile < count; tile++)
        {
            var left = Gap + (tile % columns * ((model.Width * scale) + Gap));
            var top = Gap + (tile / columns * ((model.Height * scale) + Gap));
            var sample = samples.AsSpan(tile * model.Channels * plane, model.Channels * plane);
            for (var y = 0; y < model.Height * scale; y++)
            {
                var row = pixels.Slice(((top + y) * bitmap.RowBytes) + (left * 4), model.Width * scale * 4);
                for (var x = 0; x < model.Width * scale; x++)
                {
                    var source = (y / scale * model.Width) + (x / scale);
                    var red = ToByte(sample[source], model.Metadata.Pixels);
                    row[x * 4] = red;
                    row[(x * 4) + 1] = model.Channels == 3 ? ToByte(sample[plane + source], model.Metadata.Pixels) : red;
                    row[(x * 4) + 2] = model.Channels == 3 ? ToByte(sample[(2 * plane) + source], model.Metadata.Pixels) : red;
                    row[(x * 4) + 3] = 255;
                }
            }
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>A sample value as an 8-bit intensity: [-1, 1] or [0, 1] to [0, 255], clamped, rounded.</summary>
    public static byte ToByte(float value, PixelRange pixels)
    {
        var unit = pixels == PixelRange.MinusOneToOne ? (value + 1f) / 2f : value;
        return (byte)MathF.Round(Math.Clamp(float.IsNaN(unit) ? 0f : unit, 0f, 1f) * 255f);
    }
}
