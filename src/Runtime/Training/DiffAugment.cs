using System;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Training;

/// <summary>
/// Differentiable augmentation (Zhao et al. 2020, "Differentiable Augmentation for Data-Efficient GAN
/// Training"): the same random transformations applied to real and generated batches before D, built from
/// differentiable tensor operations so G's gradient passes through them. Each sample of a batch draws its own
/// parameters: color adds a brightness shift in [-0.5, 0.5), scales saturation by [0, 2) and contrast by
/// [0.5, 1.5); translation shifts by up to 1/8 of each side, rounded, filling with zeros; cutout zeroes a
/// square of half each side, rounded, centred anywhere in the image (so it may hang over an edge).
/// </summary>
/// <param name="settings">Which of the three run; they always run in the paper's order.</param>
public sealed class DiffAugment(AugmentSettings settings)
{
    /// <summary>Which transformations run.</summary>
    public AugmentSettings Settings => settings;

    /// <summary>Transforms a batch <c>[N, C, H, W]</c> with parameters drawn from <paramref name="random"/>.</summary>
    /// <param name="images">The batch, real or generated.</param>
    /// <param name="random">Draws every parameter, on the CPU, in a fixed order (color's three, then translation's, then cutout's).</param>
    public Tensor Apply(Tensor images, Generator random)
    {
        if (images.dim() != 4)
        {
            throw new ArgumentException($"DiffAugment transforms [N, C, H, W] images, but got [{string.Join(", ", images.shape)}]", nameof(images));
        }

        var (n, height, width) = (images.shape[0], images.shape[2], images.shape[3]);
        Tensor Uniform() => rand(new[] { n }, generator: random).to(images.device);
        Tensor Integers(long low, long high) => randint(low, high, new[] { n }, generator: random).to(images.device);
        var x = images;
        if (settings.Color)
        {
            x = Brightness(x, Uniform() - 0.5);
            x = Saturation(x, Uniform() * 2);
            x = Contrast(x, Uniform() + 0.5);
        }

        if (settings.Translation)
        {
            var (rows, columns) = (Rounded(height * 0.125), Rounded(width * 0.125));
            x = Translate(x, Integers(-rows, rows + 1), Integers(-columns, columns + 1));
        }

        if (settings.Cutout)
        {
            var (rows, columns) = (Rounded(height * 0.5), Rounded(width * 0.5));
            // An even square is centred on any of H + 1 positions (its centre is a pixel corner), an odd one on H.
            x = Cutout(x, Integers(0, height + 1 - (rows % 2)), Integers(0, width + 1 - (columns % 2)), rows, columns);
        }

        return x;
    }

    /// <summary>Adds <paramref name="shift"/> <c>[N]</c> to every value of each sample.</summary>
    public static Tensor Brightness(Tensor x, Tensor shift) => x + PerSample(shift);

    /// <summary>Scales each pixel's deviation from its mean over channels by <paramref name="factor"/> <c>[N]</c> (grey images are unchanged).</summary>
    public static Tensor Saturation(Tensor x, Tensor factor)
    {
        var mean = x.mean(new long[] { 1 }, keepdim: true);
        return ((x - mean) * PerSample(factor)) + mean;
    }

    /// <summary>Scales each value's deviation from its sample's mean by <paramref name="factor"/> <c>[N]</c>.</summary>
    public static Tensor Contrast(Tensor x, Tensor factor)
    {
        var mean = x.mean(new long[] { 1, 2, 3 }, keepdim: true);
        return ((x - mean) * PerSample(factor)) + mean;
    }

    /// <summary>Output pixel (i, j) of sample n is input pixel (i + rows[n], j + columns[n]), or 0 where that lies outside.</summary>
    /// <param name="x">Images <c>[N, C, H, W]</c>.</param>
    /// <param name="rows">Row offsets <c>[N]</c>, int64.</param>
    /// <param name="columns">Column offsets <c>[N]</c>, int64.</param>
    public static Tensor Translate(Tensor x, Tensor rows, Tensor columns)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        // One zero pixel around the image; every source outside it is clamped onto that border.
        var padded = nn.functional.pad(x, new long[] { 1, 1, 1, 1 }).flatten(2);
        var i = (arange(h, device: x.device).view(1, h, 1) + rows.view(-1, 1, 1) + 1).clamp(0, h + 1);
        var j = (arange(w, device: x.device).view(1, 1, w) + columns.view(-1, 1, 1) + 1).clamp(0, w + 1);
        var index = ((i * (w + 2)) + j).view(n, 1, h * w).expand(n, c, h * w);
        return padded.gather(2, index).view(n, c, h, w);
    }

    /// <summary>Zeroes, in sample n, the <paramref name="height"/> × <paramref name="width"/> rectangle whose rows start at rowCentres[n] - height/2 (integer division) and columns likewise, clipped to the image.</summary>
    /// <param name="x">Images <c>[N, C, H, W]</c>.</param>
    /// <param name="rowCentres">Centre rows <c>[N]</c>, int64.</param>
    /// <param name="columnCentres">Centre columns <c>[N]</c>, int64.</param>
    /// <param name="height">Rows cut.</param>
    /// <param name="width">Columns cut.</param>
    public static Tensor Cutout(Tensor x, Tensor rowCentres, Tensor columnCentres, long height, long width)
    {
        var (h, w) = (x.shape[2], x.shape[3]);
        var rows = arange(h, device: x.device).view(1, h, 1);
        var columns = arange(w, device: x.device).view(1, 1, w);
        var top = (rowCentres - (height / 2)).view(-1, 1, 1);
        var left = (columnCentres - (width / 2)).view(-1, 1, 1);
        var inside = rows.ge(top).logical_and(rows.lt(top + height)).logical_and(columns.ge(left)).logical_and(columns.lt(left + width));
        return x * inside.logical_not().unsqueeze(1).to(x.dtype);
    }

    private static Tensor PerSample(Tensor values) => values.view(-1, 1, 1, 1);

    private static long Rounded(double value) => (long)(value + 0.5);
}
