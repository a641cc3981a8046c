using System;
using SkiaSharp;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>Checks and decodes PNG bytes.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>True when the bytes start with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Decodes a PNG (failing the test if it is not one) as RGBA.</summary>
    public static SKBitmap Decode(byte[] bytes)
    {
        Assert.True(HasSignature(bytes), $"not a PNG: starts with {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}");
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        Assert.NotNull(codec);
        Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
        var bitmap = SKBitmap.Decode(bytes, new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        Assert.NotNull(bitmap);
        return bitmap;
    }
}
