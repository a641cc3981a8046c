using System.IO;
using GanGen.Runtime.Output;
using GanGen.Spec.Training;
using SkiaSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>Sample grids are real PNG files with each image in its cell.</summary>
public sealed class ImageGridTests
{
    [Fact]
    public void GridPlacesImagesRowByRowWithPadding()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(Path.GetTempPath(), $"gangen-grid-{System.Guid.NewGuid():N}.png");

        // Three 2x2 images in [-1, 1]: all black, all white, and grey (0 maps to 128).
        var images = cat(new[] { full(1, 1, 2, 2, -1f), full(1, 1, 2, 2, 1f), zeros(1, 1, 2, 2) });
        ImageGrid.SavePng(images, columns: 2, path, PixelScale.MinusOneToOne, padding: 1);

        using var png = SKBitmap.Decode(path);
        File.Delete(path);

        // 2 columns x (2 + 1) + 1 = 7 wide; 2 rows x 3 + 1 = 7 high.
        Assert.Equal((7, 7), (png.Width, png.Height));
        Assert.Equal(SKColors.Black, png.GetPixel(1, 1));
        Assert.Equal(new SKColor(255, 255, 255), png.GetPixel(4, 1));
        Assert.Equal(new SKColor(128, 128, 128), png.GetPixel(1, 4));
        Assert.Equal(SKColors.Black, png.GetPixel(4, 4)); // the empty fourth cell
        Assert.Equal(SKColors.Black, png.GetPixel(3, 1)); // padding between columns
    }
}
