using System;
using static TorchSharp.torch;

namespace GanGen.Runtime.Metrics;

/// <summary>
/// Precision and recall (Kynkäänniemi et al. 2019) and density and coverage (Naeem et al. 2020):
/// fidelity and diversity of generated samples as separate numbers, where FID mixes them into one.
/// </summary>
/// <remarks>
/// <para>
/// Each set's manifold is approximated by the union of balls around its samples, each ball reaching the
/// sample's k-th nearest neighbour within the same set (itself not counted). With real samples xᵢ (N),
/// fake samples yⱼ (M), real radii rᵢ and fake radii sⱼ:
/// precision = share of yⱼ inside some real ball; recall = share of xᵢ inside some fake ball;
/// density = (1 / kM) Σⱼ #{i : |yⱼ − xᵢ| ≤ rᵢ}; coverage = share of real balls holding at least one fake sample.
/// Distances are Euclidean (<c>torch.cdist</c>), in float64, and a point on a ball's boundary is inside.
/// </para>
/// <para>
/// Density counts every sample of an identical copy of the real set in its own ball as well as in its
/// k neighbours' balls, so a copy scores (k + 1)/k; independent samples of the real distribution score
/// 1 on average, because then no fake sample is a centre.
/// </para>
/// </remarks>
public static class NearestNeighbourScores
{
    /// <summary>Rows of a distance block computed at once: bounds memory at 1024 × N doubles whatever the set sizes.</summary>
    private const int Rows = 1024;

    /// <summary>Computes precision, recall, density and coverage of <paramref name="fakeFeatures"/> against <paramref name="realFeatures"/>.</summary>
    /// <param name="realFeatures">Features of real samples, [N, F] with N &gt; k.</param>
    /// <param name="fakeFeatures">Features of generated samples, [M, F] with M &gt; k.</param>
    /// <param name="k">The neighbour whose distance sets a ball's radius; both papers use 5 (Naeem et al.) or 3 (Kynkäänniemi et al.).</param>
    /// <returns>The four scores.</returns>
    /// <exception cref="ArgumentException">The shapes do not fit, or a set has no more than k samples.</exception>
    public static FidelityDiversity Compute(Tensor realFeatures, Tensor fakeFeatures, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(realFeatures);
        ArgumentNullException.ThrowIfNull(fakeFeatures);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        Check(realFeatures, k, nameof(realFeatures));
        Check(fakeFeatures, k, nameof(fakeFeatures));
        if (realFeatures.shape[1] != fakeFeatures.shape[1])
        {
            throw new ArgumentException($"Both sets need the same number of features, but real has {realFeatures.shape[1]} and fake {fakeFeatures.shape[1]}", nameof(fakeFeatures));
        }

        using var scope = NewDisposeScope();
        var real = realFeatures.to(ScalarType.Float64);
        var fake = fakeFeatures.to(ScalarType.Float64).to(real.device);
        var realRadii = Radii(real, k);
        var fakeRadii = Radii(fake, k);

        long precise = 0;
        long ballsHoldingFakes = 0;
        var nearestFake = full(real.shape[0], double.PositiveInfinity, ScalarType.Float64, real.device);
        var recalled = zeros(real.shape[0], ScalarType.Bool, real.device);
        for (long start = 0; start < fake.shape[0]; start += Rows)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(Rows, fake.shape[0] - start);
            var distances = Distances(fake.narrow(0, start, length), real);
            var inRealBalls = distances <= realRadii.unsqueeze(0);
            precise += inRealBalls.any(1).sum().item<long>();
            ballsHoldingFakes += inRealBalls.sum().item<long>();
            var inFakeBalls = (distances <= fakeRadii.narrow(0, start, length).unsqueeze(1)).any(0);
            recalled = recalled.logical_or(inFakeBalls).MoveToOuterDisposeScope();
            nearestFake = nearestFake.minimum(distances.amin([0])).MoveToOuterDisposeScope();
        }

        var n = (double)real.shape[0];
        var m = (double)fake.shape[0];
        return new FidelityDiversity(
            Precision: precise / m,
            Recall: recalled.sum().item<long>() / n,
            Density: ballsHoldingFakes / (k * m),
            Coverage: (nearestFake <= realRadii).sum().item<long>() / n);
    }

    /// <summary>Each sample's distance to its k-th nearest neighbour in its own set, [N].</summary>
    private static Tensor Radii(Tensor points, int k)
    {
        var radii = empty(points.shape[0], ScalarType.Float64, points.device);
        for (long start = 0; start < points.shape[0]; start += Rows)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(Rows, points.shape[0] - start);
            // The (k+1)-th smallest distance: the smallest is the sample's distance to itself, 0.
            var (values, _) = Distances(points.narrow(0, start, length), points).kthvalue(k + 1, dim: 1);
            radii.narrow(0, start, length).copy_(values);
        }

        return radii;
    }

    /// <summary>
    /// Euclidean distances computed directly rather than through ||x||² + ||y||² − 2x·y (cdist's default for
    /// more than 25 rows): that shortcut leaves a sample about 1e-8 from itself and may round the same
    /// distance differently in different blocks, which would decide ties at a ball's boundary by chance.
    /// </summary>
    private static Tensor Distances(Tensor rows, Tensor points) => cdist(rows, points, compute_mode: TorchSharp.compute_mode.donot_use_mm_for_euclid_dist);

    private static void Check(Tensor features, int k, string name)
    {
        if (features.shape.Length != 2 || features.shape[0] <= k)
        {
            throw new ArgumentException($"Features are [N, F] with more than k = {k} rows, but {name} has shape [{string.Join(", ", features.shape)}]", name);
        }
    }
}
