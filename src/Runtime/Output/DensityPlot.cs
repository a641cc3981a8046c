using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace GanGen.Runtime.Output;

/// <summary>
/// What one picture of a 1-D GAN shows: D's decision boundary and the real density on a grid of x
/// values, and a batch of generated samples.
/// </summary>
/// <param name="Grid">The x values, ascending.</param>
/// <param name="Decision">D(x) at each grid point.</param>
/// <param name="RealDensity">p_data(x) at each grid point.</param>
/// <param name="GeneratedSamples">Samples G(z); drawn as a histogram of p_g.</param>
/// <param name="OptimalDecision">
/// D*(x) = p_data / (p_data + p_g) at each grid point, or null to leave it out; NaN where it is undefined
/// (both densities negligible), which leaves a gap in its curve.
/// </param>
/// <param name="Title">The line above the plot, e.g. <c>step 1500  JSD 0.03</c>; null for none.</param>
public sealed record DensityFrame(
    double[] Grid,
    double[] Decision,
    double[] RealDensity,
    double[] GeneratedSamples,
    double[]? OptimalDecision = null,
    string? Title = null)
{
    /// <summary>Left end of the x axis (and of the histogram).</summary>
    public double XMin { get; init; } = -8;

    /// <summary>Right end of the x axis (and of the histogram).</summary>
    public double XMax { get; init; } = 8;

    /// <summary>Top of the y axis, or null to fit the data. Fix it for animation frames so the axis does not jump.</summary>
    public double? YMax { get; init; }

    /// <summary>Histogram bins for p_g across [<see cref="XMin"/>, <see cref="XMax"/>].</summary>
    public int Bins { get; init; } = 100;
}

/// <summary>
/// Draws a <see cref="DensityFrame"/> in the style of the well-known 1-D GAN illustrations: the decision
/// boundary, the data density and the generated density on one axis.
/// </summary>
public static class DensityPlot
{
    /// <summary>Writes the frame as a PNG to <paramref name="path"/> (replaced atomically).</summary>
    /// <param name="path">The PNG file.</param>
    /// <param name="frame">What to draw.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(string path, DensityFrame frame, int width = 800, int height = 500) =>
        AtomicFile.WriteAllBytes(path, RenderPng(frame, width, height));

    /// <summary>Renders the frame as PNG bytes, e.g. as one frame of an <see cref="AnimatedGif"/>.</summary>
    /// <param name="frame">What to draw.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The encoded PNG.</returns>
    public static byte[] RenderPng(DensityFrame frame, int width = 800, int height = 500)
    {
        Check(frame);
        var plot = new Plot();
        var (centres, density) = Histogram(frame.GeneratedSamples, frame.XMin, frame.XMax, frame.Bins);

        var generated = plot.Add.Bars(centres, density);
        generated.LegendText = "p_g (generated)";
        foreach (var bar in generated.Bars)
        {
            bar.Size = (frame.XMax - frame.XMin) / frame.Bins;
            bar.FillColor = Colors.Green.WithAlpha(0.45);
            bar.LineWidth = 0;
        }

        Line(plot, frame.Grid, frame.RealDensity, "p_data (real)", Colors.Blue, LinePattern.Solid);
        Line(plot, frame.Grid, frame.Decision, "D(x)", Colors.Red, LinePattern.Solid);
        if (frame.OptimalDecision is not null)
        {
            var label = "D*(x) = p_data / (p_data + p_g)";
            foreach (var (start, length) in FiniteRuns(frame.OptimalDecision))
            {
                Line(plot, frame.Grid[start..(start + length)], frame.OptimalDecision[start..(start + length)], label, Colors.Black, LinePattern.Dashed);
                label = null; // one legend entry for all of the curve's pieces
            }
        }

        if (frame.Title is not null)
        {
            plot.Title(frame.Title);
        }

        plot.XLabel("x");
        plot.ShowLegend(Alignment.UpperLeft);

        // Densities and D(x) share the axis: D is in [0, 1] and typical densities are of that order.
        var top = frame.YMax ?? 1.05 * new[] { 1.0, Max(density), Max(frame.RealDensity), Max(frame.Decision) }.Max();
        plot.Axes.SetLimits(frame.XMin, frame.XMax, 0, top);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// The density of <paramref name="samples"/> in <paramref name="bins"/> equal bins over [min, max]:
    /// counts / (all samples × bin width), so it integrates to the share of samples inside the range.
    /// </summary>
    /// <param name="samples">The samples, e.g. a batch of G(z).</param>
    /// <param name="min">Left edge of the first bin.</param>
    /// <param name="max">Right edge of the last bin (included in it, as in numpy).</param>
    /// <param name="bins">How many bins.</param>
    /// <returns>The centre of each bin and the density there.</returns>
    public static (double[] Centres, double[] Density) Histogram(IReadOnlyList<double> samples, double min, double max, int bins)
    {
        var width = (max - min) / bins;
        var counts = new double[bins];
        foreach (var x in samples)
        {
            var bin = (int)Math.Floor((x - min) / width);
            if (x == max)
            {
                bin = bins - 1; // the right edge belongs to the last bin, as in numpy
            }

            if (bin >= 0 && bin < bins)
            {
                counts[bin]++;
            }
        }

        var total = Math.Max(1, samples.Count) * width;
        return (Enumerable.Range(0, bins).Select(i => min + ((i + 0.5) * width)).ToArray(), counts.Select(c => c / total).ToArray());
    }

    private static void Line(Plot plot, double[] xs, double[] ys, string? label, Color color, LinePattern pattern)
    {
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = label ?? "";
        line.LineWidth = 2;
        line.LinePattern = pattern;
    }

    /// <summary>The stretches of consecutive finite values, as (start, length).</summary>
    private static IEnumerable<(int Start, int Length)> FiniteRuns(double[] values)
    {
        var start = -1;
        for (var i = 0; i <= values.Length; i++)
        {
            var finite = i < values.Length && double.IsFinite(values[i]);
            if (finite && start < 0)
            {
                start = i;
            }
            else if (!finite && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    private static double Max(IEnumerable<double> values) => values.Where(double.IsFinite).DefaultIfEmpty(0).Max();

    private static void Check(DensityFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!(frame.XMax > frame.XMin) || frame.Bins < 1)
        {
            throw new ArgumentException($"The frame needs XMin < XMax and at least one bin, but has [{frame.XMin}, {frame.XMax}] and {frame.Bins} bins", nameof(frame));
        }

        void SameLength(double[]? values, string name)
        {
            if (values is not null && values.Length != frame.Grid.Length)
            {
                throw new ArgumentException($"{name} has {values.Length} values but Grid has {frame.Grid.Length}: one value per grid point is expected", nameof(frame));
            }
        }

        SameLength(frame.Decision, nameof(frame.Decision));
        SameLength(frame.RealDensity, nameof(frame.RealDensity));
        SameLength(frame.OptimalDecision, nameof(frame.OptimalDecision));
    }
}
