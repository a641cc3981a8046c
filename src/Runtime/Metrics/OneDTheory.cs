using System;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Metrics;

/// <summary>
/// The theory of Goodfellow et al. (2014) made measurable for 1-D GANs, whose data density is known:
/// the Jensen–Shannon divergence between generated and real data, the optimal discriminator
/// D*(x) = p_data(x) / (p_data(x) + p_g(x)), and the value of the game at that optimum,
/// C(G) = V(D*, G) = 2·JSD(p_data ‖ p_g) − log 4, whose minimum −log 4 is reached exactly when p_g = p_data.
/// </summary>
/// <remarks>
/// Everything is in nats (natural logarithms), so a JSD lies in [0, log 2 ≈ 0.693]; 0 log 0 is taken as 0.
/// </remarks>
public static class OneDTheory
{
    /// <summary>Bandwidths beyond which a kernel's contribution is dropped: exp(−8²/2) ≈ 1.3e-14.</summary>
    private const double KernelReach = 8;

    private static readonly double Log4 = Math.Log(4);

    /// <summary>The smallest value of the game, V(D*, G) = −log 4 ≈ −1.386, reached when p_g = p_data.</summary>
    public static double MinimumGameValue => -Log4;

    /// <summary>The Jensen–Shannon divergence of two discrete distributions, each normalised to sum to 1 first.</summary>
    /// <param name="p">Non-negative masses (or counts), not all 0.</param>
    /// <param name="q">Non-negative masses over the same outcomes.</param>
    /// <returns>JSD in nats, in [0, log 2].</returns>
    /// <exception cref="ArgumentException">The lengths differ, or a mass is negative or not finite, or a distribution is all 0.</exception>
    public static double Jsd(double[] p, double[] q)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        SameLength(p, q, nameof(q));
        var pTotal = Total(p, nameof(p));
        var qTotal = Total(q, nameof(q));
        var sum = 0.0;
        for (var i = 0; i < p.Length; i++)
        {
            sum += Integrand(p[i] / pTotal, q[i] / qTotal);
        }

        return Clamp(sum);
    }

    /// <summary>
    /// The Jensen–Shannon divergence of two densities given on a grid, by the trapezoid rule: on a uniform
    /// grid spanning the whole support of smooth densities the trapezoid rule is accurate far beyond its
    /// nominal O(h²), because its error terms are the integrand's derivatives at the ends, which vanish.
    /// </summary>
    /// <param name="grid">The x values, ascending (not necessarily evenly spaced).</param>
    /// <param name="p">The first density at each grid point; its mass should lie within the grid (it is not renormalised).</param>
    /// <param name="q">The second density at each grid point.</param>
    /// <returns>JSD in nats.</returns>
    /// <exception cref="ArgumentException">The lengths differ, there are fewer than 2 points, or the grid is not ascending.</exception>
    public static double DensityJsd(double[] grid, double[] p, double[] q)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(q);
        SameLength(grid, p, nameof(p));
        SameLength(grid, q, nameof(q));
        if (grid.Length < 2 || grid.Zip(grid.Skip(1), (a, b) => b <= a).Any(descending => descending))
        {
            throw new ArgumentException($"The grid needs at least 2 ascending points, but has {grid.Length} points or is not ascending", nameof(grid));
        }

        return Clamp(Trapezoid(grid, p.Zip(q, Integrand).ToArray()));
    }

    /// <summary>
    /// The JSD between a histogram of generated samples and the exact probability of each bin under the
    /// data distribution (from the normal CDF; a mixture averages its components), as the 1-D seed
    /// measures it: 100 bins over [−8, 8].
    /// </summary>
    /// <remarks>
    /// Two more bins hold what falls below <paramref name="low"/> and above <paramref name="high"/>, for both
    /// distributions, so that samples off the plot still count: a generator that sends half its mass out of
    /// range is half wrong, not right after renormalising the rest. Bins are numpy's: each includes its left
    /// edge, and the last also includes <paramref name="high"/>. With N samples the plug-in estimate is biased
    /// upwards by roughly (occupied bins)/(8N), about 3e-4 for 10,000 samples of the seed's N(4, 0.5).
    /// </remarks>
    /// <param name="generated">Samples of G(z); all finite.</param>
    /// <param name="data">The 1-D data distribution (<see cref="DataKind.Normal"/> or <see cref="DataKind.Mixture"/>).</param>
    /// <param name="bins">Equal bins across [low, high].</param>
    /// <param name="low">Left edge of the first bin.</param>
    /// <param name="high">Right edge of the last bin.</param>
    /// <returns>JSD in nats, in [0, log 2].</returns>
    /// <exception cref="ArgumentException">No samples, a non-finite sample, data that is not a 1-D distribution, or a bad range.</exception>
    public static double HistogramJsd(double[] generated, DataSettings data, int bins = 100, double low = -8, double high = 8)
    {
        CheckSamples(generated, nameof(generated));
        CheckData(data);
        CheckRange(low, high);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);

        // Index 0 is below low, 1..bins the histogram, bins + 1 above high.
        var counts = new double[bins + 2];
        var width = (high - low) / bins;
        foreach (var x in generated)
        {
            var index = x < low ? 0 : x > high ? bins + 1 : 1 + Math.Min(bins - 1, (int)Math.Floor((x - low) / width));
            counts[index]++;
        }

        var edges = Enumerable.Range(0, bins + 1).Select(i => low + (i * width)).ToArray();
        edges[bins] = high;
        var masses = new double[bins + 2];
        foreach (var mean in data.Means)
        {
            var cdf = NormalCdf(edges.Select(e => (e - mean) / data.Std).ToArray());
            masses[0] += cdf[0];
            for (var i = 0; i < bins; i++)
            {
                masses[i + 1] += cdf[i + 1] - cdf[i];
            }

            // 1 − Φ(z) as Φ(−z): the subtraction would lose the tail's digits.
            masses[bins + 1] += NormalCdf([(mean - high) / data.Std])[0];
        }

        return Jsd(counts, masses.Select(m => m / data.Means.Count).ToArray());
    }

    /// <summary>
    /// The JSD between a Gaussian kernel density estimate of the generated samples and the true data
    /// density, integrated by the trapezoid rule on <paramref name="points"/> evenly spaced points over
    /// [<paramref name="low"/>, <paramref name="high"/>]. Smoother than <see cref="HistogramJsd"/> and without its bin edges.
    /// </summary>
    /// <remarks>
    /// The bandwidth is <see cref="KdeBandwidth"/> for the grid's spacing. As in <see cref="HistogramJsd"/>, the mass of either distribution
    /// outside the range (exact, from the normal CDF) counts as one lump below and one above, and the
    /// estimate carries the KDE's own smoothing bias: the data spread by the bandwidth. That bias grows
    /// large when more than a quarter of the samples lie far from the rest (two distant modes): the
    /// interquartile range then spans the gap, the bandwidth with it, and the KDE smears both modes;
    /// <see cref="HistogramJsd"/> has no bandwidth to go wrong.
    /// </remarks>
    /// <param name="generated">Samples of G(z); all finite.</param>
    /// <param name="data">The 1-D data distribution.</param>
    /// <param name="low">Left end of the integration grid.</param>
    /// <param name="high">Right end of the integration grid.</param>
    /// <param name="points">Grid points, at least 2.</param>
    /// <returns>JSD in nats, in [0, log 2].</returns>
    /// <exception cref="ArgumentException">No samples, a non-finite sample, data that is not a 1-D distribution, or a bad range.</exception>
    public static double KdeJsd(double[] generated, DataSettings data, double low = -8, double high = 8, int points = 2000)
    {
        CheckSamples(generated, nameof(generated));
        CheckData(data);
        CheckRange(low, high);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);

        var grid = Enumerable.Range(0, points).Select(i => low + ((high - low) * i / (points - 1))).ToArray();
        var bandwidth = KdeBandwidth(generated, grid[1] - grid[0]);
        var generatedDensity = KernelDensity(generated, grid, bandwidth);
        var dataDensity = DataDensity(data, grid);
        var generatedBelow = NormalCdf(generated.Select(x => (low - x) / bandwidth).ToArray()).Average();
        var generatedAbove = NormalCdf(generated.Select(x => (x - high) / bandwidth).ToArray()).Average();
        var dataBelow = NormalCdf(data.Means.Select(m => (low - m) / data.Std).ToArray()).Average();
        var dataAbove = NormalCdf(data.Means.Select(m => (m - high) / data.Std).ToArray()).Average();
        var inside = Trapezoid(grid, generatedDensity.Zip(dataDensity, Integrand).ToArray());
        return Clamp(inside + Integrand(generatedBelow, dataBelow) + Integrand(generatedAbove, dataAbove));
    }

    /// <summary>
    /// Silverman's rule of thumb for a Gaussian kernel's bandwidth, 0.9 · min(σ̂, IQR / 1.34) · n^(−1/5)
    /// (Silverman 1986, eq. 3.31): the interquartile range keeps a few far-off samples from widening it.
    /// When more than half the samples coincide (IQR 0) σ̂ alone is used.
    /// </summary>
    /// <param name="samples">At least one sample; all finite.</param>
    /// <returns>The bandwidth; 0 when all samples are equal.</returns>
    /// <exception cref="ArgumentException">No samples, or a non-finite one.</exception>
    public static double SilvermanBandwidth(double[] samples)
    {
        CheckSamples(samples, nameof(samples));
        if (samples.Length < 2)
        {
            return 0;
        }

        var sorted = samples.Order().ToArray();
        var mean = sorted.Average();
        var std = Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / (sorted.Length - 1));
        var iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        var spread = iqr > 0 ? Math.Min(std, iqr / 1.34) : std;
        return 0.9 * spread * Math.Pow(sorted.Length, -0.2);
    }

    /// <summary>
    /// The bandwidth <see cref="KdeJsd"/> uses: <see cref="SilvermanBandwidth"/>, but never below the spacing
    /// of the grid the density is evaluated on, so that a collapsed generator (all samples equal, bandwidth 0)
    /// is still a narrow peak the grid resolves rather than a spike between grid points.
    /// </summary>
    /// <param name="samples">At least one sample; all finite.</param>
    /// <param name="gridStep">The spacing of the evaluation grid, &gt; 0.</param>
    /// <returns>The bandwidth, &gt; 0.</returns>
    /// <exception cref="ArgumentException">No samples, a non-finite one, or a grid step that is not positive.</exception>
    public static double KdeBandwidth(double[] samples, double gridStep)
    {
        if (!(gridStep > 0) || double.IsInfinity(gridStep))
        {
            throw new ArgumentException($"The grid step must be positive and finite, but is {gridStep}", nameof(gridStep));
        }

        return Math.Max(SilvermanBandwidth(samples), gridStep);
    }

    /// <summary>The Gaussian kernel density estimate of <paramref name="samples"/> at <paramref name="points"/>.</summary>
    /// <remarks>
    /// Kernels are cut off beyond 8 bandwidths, where a Gaussian's density is below 1e-14 of its peak: with
    /// the samples sorted, each point sums only the samples near it, which makes 200,000 samples of a
    /// narrow distribution on 2,000 points a matter of tens of millions of terms rather than 400 million.
    /// </remarks>
    /// <param name="samples">The samples; all finite.</param>
    /// <param name="points">Where to evaluate the density.</param>
    /// <param name="bandwidth">The kernel's standard deviation, &gt; 0 (e.g. <see cref="SilvermanBandwidth"/>).</param>
    /// <returns>The density at each point.</returns>
    /// <exception cref="ArgumentException">No samples, a non-finite one, or a bandwidth that is not positive.</exception>
    public static double[] KernelDensity(double[] samples, double[] points, double bandwidth)
    {
        CheckSamples(samples, nameof(samples));
        ArgumentNullException.ThrowIfNull(points);
        if (!(bandwidth > 0) || double.IsInfinity(bandwidth))
        {
            throw new ArgumentException($"The bandwidth must be positive and finite, but is {bandwidth}", nameof(bandwidth));
        }

        var sorted = samples.Order().ToArray();
        var reach = KernelReach * bandwidth;
        var scale = 1 / (samples.Length * bandwidth * Math.Sqrt(2 * Math.PI));
        var density = new double[points.Length];
        for (var i = 0; i < points.Length; i++)
        {
            var x = points[i];
            var sum = 0.0;
            for (var j = FirstAtLeast(sorted, x - reach); j < sorted.Length && sorted[j] <= x + reach; j++)
            {
                var z = (x - sorted[j]) / bandwidth;
                sum += Math.Exp(-0.5 * z * z);
            }

            density[i] = sum * scale;
        }

        return density;
    }

    /// <summary>
    /// The optimal discriminator for a fixed generator, D*(x) = p_data(x) / (p_data(x) + p_g(x))
    /// (Goodfellow et al. 2014, Proposition 1); 0.5 where both densities are 0, where any D is as good.
    /// </summary>
    /// <param name="dataDensity">p_data at each point.</param>
    /// <param name="generatedDensity">p_g at the same points.</param>
    /// <returns>D* at each point, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static double[] OptimalDiscriminator(double[] dataDensity, double[] generatedDensity)
    {
        ArgumentNullException.ThrowIfNull(dataDensity);
        ArgumentNullException.ThrowIfNull(generatedDensity);
        SameLength(dataDensity, generatedDensity, nameof(generatedDensity));
        return dataDensity.Zip(generatedDensity, (d, g) => d + g > 0 ? d / (d + g) : 0.5).ToArray();
    }

    /// <summary>The value of the game against the optimal discriminator, C(G) = V(D*, G) = 2·JSD − log 4; its minimum is <see cref="MinimumGameValue"/>.</summary>
    /// <param name="jsd">JSD(p_data ‖ p_g) in nats.</param>
    /// <returns>V(D*, G) in nats.</returns>
    public static double GameValueAtOptimum(double jsd) => (2 * jsd) - Log4;

    /// <summary>
    /// The JSD implied by the discriminator's loss: (log 4 − L_D) / 2, the inverse of
    /// <see cref="GameValueAtOptimum"/> with L_D = −V(D, G).
    /// </summary>
    /// <remarks>
    /// <para>
    /// This assumes L_D = −(mean log D(x) + mean log(1 − D(G(z)))), the binary cross-entropy on the real batch
    /// plus that on the generated batch: what <see cref="Losses.NonSaturatingLoss"/> (without label smoothing,
    /// which changes the real term) and <see cref="Losses.MinimaxLoss"/> return, and what the trainer records
    /// as <see cref="Training.TrainingStep.DiscriminatorLoss"/> (D's last update of the step, measured
    /// before that update). The non-saturating trick changes only G's loss, not D's.
    /// </para>
    /// <para>
    /// The value is the JSD only when D is optimal. D* minimises the expected loss, so for any other D the
    /// value is, in expectation, a lower bound on the JSD; and one batch's loss is noisy (the 1-D seed's
    /// batches hold 12 samples), so a single step's value can even fall outside [0, log 2].
    /// </para>
    /// </remarks>
    /// <param name="discriminatorLoss">D's binary cross-entropy loss L_D, in nats.</param>
    /// <returns>The implied JSD in nats.</returns>
    public static double JsdFromDiscriminatorLoss(double discriminatorLoss) => (Log4 - discriminatorLoss) / 2;

    /// <summary>p_data at each grid point, from <see cref="DataSources.Density"/>.</summary>
    private static double[] DataDensity(DataSettings data, double[] grid)
    {
        using var scope = NewDisposeScope();
        return DataSources.Density(data, tensor(grid)).data<double>().ToArray();
    }

    /// <summary>½ p log(p/m) + ½ q log(q/m) with m = (p + q)/2: one outcome's (or one point's) share of the JSD.</summary>
    /// <remarks>Written with 2p/(p + q) rather than p/m: halving a subnormal p can round m to 0.</remarks>
    private static double Integrand(double p, double q) =>
        (p > 0 ? 0.5 * p * Math.Log(2 * p / (p + q)) : 0) + (q > 0 ? 0.5 * q * Math.Log(2 * q / (p + q)) : 0);

    private static double Trapezoid(double[] x, double[] y)
    {
        var sum = 0.0;
        for (var i = 1; i < x.Length; i++)
        {
            sum += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        }

        return sum;
    }

    /// <summary>Sums of non-negative terms can round a hair outside [0, log 2].</summary>
    private static double Clamp(double jsd) => Math.Clamp(jsd, 0, Math.Log(2));

    private static double[] NormalCdf(double[] z)
    {
        using var scope = NewDisposeScope();
        return special.ndtr(tensor(z)).data<double>().ToArray();
    }

    /// <summary>The index of the first sorted value ≥ <paramref name="value"/> (the length when there is none).</summary>
    private static int FirstAtLeast(double[] sorted, double value)
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            (low, high) = sorted[middle] < value ? (middle + 1, high) : (low, middle);
        }

        return low;
    }

    /// <summary>numpy's default quantile: linear interpolation between the sorted samples.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    private static double Total(double[] masses, string name)
    {
        if (masses.Any(m => !(m >= 0) || double.IsInfinity(m)))
        {
            throw new ArgumentException($"Masses must be non-negative and finite, but {name} has {masses.First(m => !(m >= 0) || double.IsInfinity(m))}", name);
        }

        var total = masses.Sum();
        return total > 0 ? total : throw new ArgumentException($"{name} has no mass: every entry is 0", name);
    }

    private static void SameLength(double[] first, double[] second, string name)
    {
        if (first.Length != second.Length)
        {
            throw new ArgumentException($"{name} has {second.Length} values but {first.Length} are expected, one per outcome or grid point", name);
        }
    }

    private static void CheckSamples(double[] samples, string name)
    {
        ArgumentNullException.ThrowIfNull(samples, name);
        if (samples.Length == 0)
        {
            throw new ArgumentException("At least one sample is needed", name);
        }

        if (samples.Any(x => !double.IsFinite(x)))
        {
            // NaN or infinity from G means it diverged: there is no distribution left to compare.
            throw new ArgumentException($"Samples must be finite, but one is {samples.First(x => !double.IsFinite(x))}", name);
        }
    }

    private static void CheckData(DataSettings data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Kind is not (DataKind.Normal or DataKind.Mixture) || data.Means.Count == 0 || !(data.Std > 0))
        {
            throw new ArgumentException($"A 1-D normal or mixture with at least one mean and a positive std is needed, but the data is {data.Kind} with {data.Means.Count} means and std {data.Std}", nameof(data));
        }
    }

    private static void CheckRange(double low, double high)
    {
        if (!(high > low) || !double.IsFinite(low) || !double.IsFinite(high))
        {
            throw new ArgumentException($"The range needs finite low < high, but is [{low}, {high}]", nameof(high));
        }
    }
}
