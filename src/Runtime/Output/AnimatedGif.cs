using System;
using System.Collections.Generic;
using ImageMagick;

namespace GanGen.Runtime.Output;

/// <summary>
/// Joins PNG frames (density plots, sample grids) into a looping animated GIF of training.
/// SkiaSharp decodes GIF but cannot encode it, so this uses Magick.NET (ImageMagick), the maintained
/// encoder that restores here and runs on Linux, Windows and macOS without system libraries.
/// </summary>
public static class AnimatedGif
{
    /// <summary>Writes the frames as an animated GIF to <paramref name="path"/> (replaced atomically).</summary>
    /// <param name="path">The GIF file.</param>
    /// <param name="pngFrames">Encoded images of one size, in order (e.g. from <see cref="DensityPlot.RenderPng"/>).</param>
    /// <param name="delayMs">Time each frame shows, in milliseconds. GIF counts in hundredths of a second and
    /// browsers slow delays under 20 ms down to 100 ms, so 20 ms is the shortest that plays as asked.</param>
    /// <param name="loops">How many times to play; 0 loops for ever.</param>
    public static void Save(string path, IReadOnlyList<byte[]> pngFrames, int delayMs = 100, int loops = 0)
    {
        ArgumentNullException.ThrowIfNull(pngFrames);
        if (pngFrames.Count == 0)
        {
            throw new ArgumentException("An animation needs at least one frame", nameof(pngFrames));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(delayMs);
        ArgumentOutOfRangeException.ThrowIfNegative(loops);

        using var frames = new MagickImageCollection();
        foreach (var png in pngFrames)
        {
            var frame = new MagickImage(png);
            if (frames.Count > 0 && (frame.Width != frames[0].Width || frame.Height != frames[0].Height))
            {
                var size = $"{frame.Width}x{frame.Height}";
                frame.Dispose();
                throw new ArgumentException($"Frame {frames.Count} is {size}, but the first frame is {frames[0].Width}x{frames[0].Height}: all frames must have one size", nameof(pngFrames));
            }

            frame.AnimationDelay = (uint)Math.Round(delayMs / 10.0);
            frame.GifDisposeMethod = GifDisposeMethod.None;
            frames.Add(frame);
        }

        frames[0].AnimationIterations = (uint)loops;

        // One shared 256-colour palette without dithering: plots are flat colours and thin lines, which
        // dithering would turn to noise, and a shared palette keeps colours from flickering between frames.
        frames.Quantize(new QuantizeSettings { Colors = 256, DitherMethod = DitherMethod.No });

        // Stores each frame as the rectangle that changed since the previous one: far smaller files.
        frames.Optimize();
        AtomicFile.Write(path, stream => frames.Write(stream, MagickFormat.Gif));
    }
}
