using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Data;

/// <summary>
/// Converts pixels between [0, 1], the range of image files, the domain classifier and pictures, and the
/// range a GAN's images are scaled to for its generator (<see cref="PixelScale"/>). The one place either
/// conversion is written.
/// </summary>
/// <remarks>
/// Every scale other than <see cref="PixelScale.ZeroToOne"/> reads as [-1, 1]: the spec engine gives image
/// data no <see cref="PixelScale.None"/>, and image settings built in code without a scale keep training in
/// the Tanh range they always had.
/// </remarks>
public static class Pixels
{
    /// <summary>Maps pixels in [0, 1] to <paramref name="scale"/>.</summary>
    /// <param name="scale">The range the generator draws in.</param>
    /// <param name="unit">Pixels in [0, 1].</param>
    /// <returns>The pixels in <paramref name="scale"/>; <paramref name="unit"/> itself for [0, 1].</returns>
    public static Tensor FromUnit(this PixelScale scale, Tensor unit) => scale == PixelScale.ZeroToOne ? unit : (unit * 2) - 1;

    /// <summary>Maps pixels in <paramref name="scale"/> to [0, 1]; values outside the range stay outside (clamp them where that matters).</summary>
    /// <param name="scale">The range the generator draws in.</param>
    /// <param name="pixels">Pixels in <paramref name="scale"/>.</param>
    /// <returns>The pixels in [0, 1]; <paramref name="pixels"/> itself for [0, 1].</returns>
    public static Tensor ToUnit(this PixelScale scale, Tensor pixels) => scale == PixelScale.ZeroToOne ? pixels : (pixels + 1) / 2;
}
