using System;
using System.Collections.Generic;
using System.IO;
using GanGen.Runtime.Training;
using ScottPlot;

namespace GanGen.Runtime.Output;

/// <summary>
/// Draws a run's loss curves as a PNG: D and G losses on top, D's scores on real and generated
/// samples below, both against the step.
/// </summary>
public static class LossPlot
{
    /// <summary>
    /// Above this many steps each curve is drawn as bucket means (a moving average sampled at the bucket
    /// centres), so a long run stays readable instead of becoming a solid band of per-step noise.
    /// </summary>
    public const int MaxRawPoints = 2000;

    /// <summary>About how many bucket means a curve has once it is smoothed: about one per two pixels.</summary>
    public const int SmoothedPoints = 500;

    /// <summary>Writes the loss plot of <paramref name="steps"/> to <paramref name="path"/> (replaced atomically).</summary>
    /// <param name="path">The PNG file to write.</param>
    /// <param name="steps">The steps in order; may be empty (the axes are drawn anyway).</param>
    /// <param name="title">The line above the top panel, e.g. the GAN's name.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public static void Save(string path, IReadOnlyList<TrainingStep> steps, string title, int width = 1000, int height = 700) =>
        AtomicFile.WriteAllBytes(path, RenderPng(steps, title, width, height));

    /// <summary>Renders the loss plot of <paramref name="steps"/> as PNG bytes.</summary>
    /// <param name="steps">The steps in order; may be empty.</param>
    /// <param name="title">The line above the top panel.</param>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <returns>The encoded PNG.</returns>
    public static byte[] RenderPng(IReadOnlyList<TrainingStep> steps, string title, int width = 1000, int height = 700)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var bucket = steps.Count > MaxRawPoints ? (int)Math.Ceiling(steps.Count / (double)SmoothedPoints) : 1;
        var suffix = bucket > 1 ? $" (mean of {bucket} steps)" : string.Empty;

        var losses = new Plot();
        var scores = new Plot();
        var plots = new[] { losses, scores };
        var multiplot = new Multiplot(losses) { Layout = new ScottPlot.MultiplotLayouts.Rows() };
        multiplot.AddPlot(scores);

        losses.Title(title);
        AddCurve(losses, steps, bucket, s => s.DiscriminatorLoss, "D loss" + suffix, Colors.C0);
        AddCurve(losses, steps, bucket, s => s.GeneratorLoss, "G loss" + suffix, Colors.C1);
        losses.YLabel("loss");

        AddCurve(scores, steps, bucket, s => s.RealScore, "D(x)" + suffix, Colors.C2);
        AddCurve(scores, steps, bucket, s => s.FakeScore, "D(G(z))" + suffix, Colors.C3);
        scores.YLabel("D output");
        scores.XLabel("step");

        foreach (var plot in plots)
        {
            plot.ShowLegend(Alignment.UpperRight);
            if (steps.Count > 1)
            {
                // The same step range on both panels, even where one curve has gaps (NaN after a divergence);
                // a little margin so the last tick label is not cut off.
                var margin = 0.02 * (steps[^1].Step - steps[0].Step);
                plot.Axes.SetLimitsX(steps[0].Step - margin, steps[^1].Step + margin);
            }
        }

        return multiplot.Render(width, height).GetImageBytes(ImageFormat.Png, 100);
    }

    private static void AddCurve(Plot plot, IReadOnlyList<TrainingStep> steps, int bucket, Func<TrainingStep, double> value, string label, Color color)
    {
        var (xs, ys) = BucketMeans(steps, bucket, value);
        var line = plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = 1.5f;
    }

    /// <summary>
    /// Means of consecutive buckets of <paramref name="bucket"/> steps, as the plot draws them. Non-finite
    /// values are left out (a diverged loss would otherwise wreck the axis limits), and so is a bucket with
    /// no finite value at all.
    /// </summary>
    /// <param name="steps">The steps in order.</param>
    /// <param name="bucket">Steps per bucket; 1 keeps every finite point.</param>
    /// <param name="value">The quantity to average, e.g. <c>s =&gt; s.GeneratorLoss</c>.</param>
    /// <returns>The mean step and the mean value of each bucket.</returns>
    public static (double[] Xs, double[] Ys) BucketMeans(IReadOnlyList<TrainingStep> steps, int bucket, Func<TrainingStep, double> value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucket, 1);
        var xs = new List<double>();
        var ys = new List<double>();
        for (var start = 0; start < steps.Count; start += bucket)
        {
            double sumX = 0, sumY = 0;
            var count = 0;
            for (var i = start; i < Math.Min(start + bucket, steps.Count); i++)
            {
                var y = value(steps[i]);
                if (double.IsFinite(y))
                {
                    sumX += steps[i].Step;
                    sumY += y;
                    count++;
                }
            }

            if (count > 0)
            {
                xs.Add(sumX / count);
                ys.Add(sumY / count);
            }
        }

        return (xs.ToArray(), ys.ToArray());
    }
}
