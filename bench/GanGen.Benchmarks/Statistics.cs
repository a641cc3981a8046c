using System;
using System.Linq;

namespace GanGen.Benchmarks;

/// <summary>The summaries the interleaved timings print.</summary>
internal static class Statistics
{
    public static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>The mean and the half-width of its 95% interval (normal approximation: 1.96 standard errors).</summary>
    public static (double Mean, double HalfWidth) MeanWithInterval(double[] values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, 1.96 * Math.Sqrt(variance / values.Length));
    }
}
