using System;
using System.Linq;
using GanGen.Runtime.Metrics;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>FID's Fréchet distance, classifier scores and k-NN precision/recall/density/coverage against values worked out by hand.</summary>
public sealed class MetricsTests
{
    [Fact]
    public void FrechetDistanceOfASetWithItselfIsZero()
    {
        using var scope = NewDisposeScope();
        var features = Correlated(500, 8, seed: 1);
        var trace = features.T.cov().trace().item<float>();
        Assert.InRange(FrechetDistance.Between(features, features), 0, 1e-9 * trace);
    }

    [Fact]
    public void FrechetDistanceUsesUnbiasedCovariancesOfTheFeatures()
    {
        using var scope = NewDisposeScope();
        // Corners of a square of side 2 around (1, 1): variance (4 × 1²)/(4 − 1) = 4/3 per axis, no correlation.
        var real = tensor(new float[,] { { 0, 0 }, { 2, 0 }, { 0, 2 }, { 2, 2 } });
        // Side 4 around (3, 2): variance 16/3 per axis.
        var fake = tensor(new float[,] { { 1, 0 }, { 5, 0 }, { 1, 4 }, { 5, 4 } });
        // |(1,1) − (3,2)|² + 2 (√(4/3) − √(16/3))² = 5 + 2 · (4/3) · (1 − 2)²; divided by N it would be 5 + 2 = 7.
        Assert.Equal(5 + (8.0 / 3), FrechetDistance.Between(real, fake), tolerance: 1e-12);
    }

    [Fact]
    public void FrechetDistanceOfDiagonalGaussiansIsMeansPlusStandardDeviations()
    {
        using var scope = NewDisposeScope();
        double[] mean1 = [0, 1, -2], std1 = [1, 2, 0.5];
        double[] mean2 = [1, 1, 0], std2 = [3, 1, 0.5];
        var expected = mean1.Zip(mean2, (a, b) => (a - b) * (a - b)).Sum() + std1.Zip(std2, (a, b) => (a - b) * (a - b)).Sum();
        var distance = FrechetDistance.Between(tensor(mean1), diag(tensor(std1).square()), tensor(mean2), diag(tensor(std2).square()));
        Assert.Equal(expected, distance, tolerance: 1e-12);
    }

    [Fact]
    public void FrechetDistanceOfCorrelatedGaussiansMatchesTheTwoByTwoClosedForm()
    {
        using var scope = NewDisposeScope();
        // For 2x2 matrices Tr √M = √(tr M + 2 √det M), and (Σ₁Σ₂)^{1/2} has the eigenvalues of Σ₁Σ₂:
        // Σ₁Σ₂ = [[6, 1], [3, 2]], trace 8, det = det Σ₁ · det Σ₂ = 3 · 3, so Tr (Σ₁Σ₂)^{1/2} = √(8 + 2·3) = √14.
        var sigma1 = tensor(new double[,] { { 2, 1 }, { 1, 2 } });
        var sigma2 = tensor(new double[,] { { 3, 0 }, { 0, 1 } });
        var distance = FrechetDistance.Between(tensor(new double[] { 1, 0 }), sigma1, tensor(new double[] { 0, 1 }), sigma2);
        Assert.Equal(2 + 4 + 4 - (2 * Math.Sqrt(14)), distance, tolerance: 1e-12);
    }

    [Fact]
    public void FrechetDistanceMatchesTheEigenvaluesOfTheCovarianceProduct()
    {
        using var scope = NewDisposeScope();
        var real = Correlated(300, 6, seed: 2);
        var fake = (Correlated(200, 6, seed: 3) * 1.5) + 0.25;
        Assert.Equal(Independent(real, fake), FrechetDistance.Between(real, fake), tolerance: 1e-9);
    }

    [Fact]
    public void FrechetDistanceOfRankDeficientCovariancesIsFiniteAndRight()
    {
        using var scope = NewDisposeScope();
        // 5 samples of 10 features: each covariance has rank 4 at most, 6 eigenvalues are 0 up to rounding.
        var real = Correlated(5, 10, seed: 4);
        var fake = Correlated(5, 10, seed: 5);
        var distance = FrechetDistance.Between(real, fake);
        Assert.True(double.IsFinite(distance) && distance >= 0, $"distance {distance}");
        Assert.Equal(Independent(real, fake), distance, tolerance: 1e-5);

        // A shifted copy has the same covariance, so only the shift remains: |(1, ..., 1)|² = 10.
        Assert.Equal(10, FrechetDistance.Between(real, real + 1), tolerance: 1e-5);
    }

    [Fact]
    public void PsdSquareRootMatchesTheTwoByTwoClosedFormAndSurvivesSemidefiniteInput()
    {
        using var scope = NewDisposeScope();
        // √A = (A + √det A · I) / √(tr A + 2 √det A) for a 2x2 positive semi-definite A.
        var a = tensor(new double[,] { { 2, 1 }, { 1, 2 } });
        var expected = (a + (Math.Sqrt(3) * eye(2, dtype: ScalarType.Float64))) / Math.Sqrt(4 + (2 * Math.Sqrt(3)));
        Assert.True(FrechetDistance.PsdSquareRoot(a).allclose(expected, rtol: 0, atol: 1e-12));

        // v vᵀ has eigenvalues |v|² and 0 (which rounding may make slightly negative); its root is v vᵀ / |v|.
        var v = tensor(new double[] { 1, 2, 3 }).unsqueeze(1);
        var outer = v.matmul(v.T);
        var root = FrechetDistance.PsdSquareRoot(outer);
        Assert.True(root.allclose(outer / Math.Sqrt(14), rtol: 0, atol: 1e-7), root.ToString(TorchSharp.TensorStringStyle.Julia));
    }

    [Fact]
    public void InceptionScoreOfConfidentEvenlySpreadSamplesIsTheClassCount()
    {
        using var scope = NewDisposeScope();
        var probabilities = nn.functional.one_hot(tensor(new long[] { 0, 1, 2, 3, 3, 2, 1, 0 }), 4).to(ScalarType.Float32);
        Assert.Equal(4, ClassifierScores.InceptionScore(probabilities), tolerance: 1e-12);
    }

    [Fact]
    public void InceptionScoreOfIdenticalRowsIsOne()
    {
        using var scope = NewDisposeScope();
        var probabilities = tensor(new double[] { 0.2, 0.3, 0.5 }).repeat(6, 1);
        Assert.Equal(1, ClassifierScores.InceptionScore(probabilities), tolerance: 1e-12);
    }

    [Fact]
    public void InceptionScoreOfTwoClassesByHand()
    {
        using var scope = NewDisposeScope();
        // Rows (0.9, 0.1) and (0.3, 0.7); marginal (0.6, 0.4).
        var kl1 = (0.9 * Math.Log(0.9 / 0.6)) + (0.1 * Math.Log(0.1 / 0.4));
        var kl2 = (0.3 * Math.Log(0.3 / 0.6)) + (0.7 * Math.Log(0.7 / 0.4));
        var score = ClassifierScores.InceptionScore(tensor(new double[,] { { 0.9, 0.1 }, { 0.3, 0.7 } }));
        Assert.Equal(Math.Exp((kl1 + kl2) / 2), score, tolerance: 1e-12);
        Assert.Equal(1.22757, score, tolerance: 1e-5);
    }

    [Fact]
    public void CoverageCountsArgmaxClassesAndMeasuresTheirImbalance()
    {
        using var scope = NewDisposeScope();
        // Argmax classes 0, 0, 0, 2 of 4: shares (3/4, 0, 1/4, 0); KL from uniform = 3/4 ln(3/4 · 4) + 1/4 ln(1/4 · 4).
        var coverage = ClassifierScores.Coverage(tensor(new double[,]
        {
            { 0.7, 0.1, 0.1, 0.1 }, { 0.4, 0.3, 0.2, 0.1 }, { 0.5, 0, 0.5 - 1e-3, 1e-3 }, { 0.1, 0.2, 0.6, 0.1 },
        }));
        Assert.Equal(2, coverage.ClassesHit);
        Assert.Equal(new[] { 0.75, 0, 0.25, 0 }, coverage.Histogram);
        Assert.Equal(0.75 * Math.Log(3), coverage.KlFromUniform, tolerance: 1e-12);

        var even = ClassifierScores.Coverage(nn.functional.one_hot(tensor(new long[] { 0, 1, 2, 3 }), 4));
        Assert.Equal((4, 0.0), (even.ClassesHit, even.KlFromUniform));
        var collapsed = ClassifierScores.Coverage(nn.functional.one_hot(tensor(new long[] { 2, 2, 2 }), 4));
        Assert.Equal((1, Math.Log(4)), (collapsed.ClassesHit, collapsed.KlFromUniform));
    }

    [Fact]
    public void LabelAccuracyIsTheShareOfArgmaxesEqualToTheLabel()
    {
        using var scope = NewDisposeScope();
        var probabilities = tensor(new double[,] { { 0.8, 0.1, 0.1 }, { 0.2, 0.7, 0.1 }, { 0.1, 0.5, 0.4 }, { 0, 0, 1 } });
        Assert.Equal(0.75, ClassifierScores.LabelAccuracy(probabilities, tensor(new long[] { 0, 1, 2, 2 })));
        Assert.Throws<ArgumentException>(() => ClassifierScores.LabelAccuracy(probabilities, tensor(new long[] { 0, 1 })));
    }

    [Fact]
    public void NearestNeighbourScoresOfASmallOneDimensionalCaseByHand()
    {
        using var scope = NewDisposeScope();
        // Real 0, 1, 3, 6 with k = 1: radii 1, 1, 2, 3, balls [−1, 1], [0, 2], [1, 5], [3, 9].
        // Fake 2.5, 4: radii 1.5 each, balls [1, 4] and [2.5, 5.5].
        var real = tensor(new double[] { 0, 1, 3, 6 }).unsqueeze(1);
        var fake = tensor(new double[] { 2.5, 4 }).unsqueeze(1);
        var scores = NearestNeighbourScores.Compute(real, fake, k: 1);
        // Precision: 2.5 is in [1, 5], 4 in [1, 5] and [3, 9]: both inside.
        // Recall: 1 (on the boundary of [1, 4]) and 3 are in a fake ball, 0 and 6 are not.
        // Density: 2.5 is in one real ball, 4 in two: (1 + 2) / (k · 2).
        // Coverage: the balls of 3 and 6 hold a fake sample, those of 0 and 1 do not.
        Assert.Equal(new FidelityDiversity(Precision: 1, Recall: 0.5, Density: 1.5, Coverage: 0.5), scores);
    }

    [Fact]
    public void NearestNeighbourScoresOfAnIdenticalCopyAreOne()
    {
        using var scope = NewDisposeScope();
        var real = Correlated(300, 8, seed: 6);
        var scores = NearestNeighbourScores.Compute(real, real.clone(), k: 5);
        // Every copy lies in its own ball and its 5 neighbours' balls: density (5 + 1) / 5.
        Assert.Equal(new FidelityDiversity(1, 1, 6.0 / 5, 1), scores);
    }

    [Fact]
    public void NearestNeighbourScoresOfTheSameDistributionHaveDensityOne()
    {
        using var scope = NewDisposeScope();
        var both = Correlated(2000, 8, seed: 7);
        var (real, fake) = (both[..1000], both[1000..]);
        var scores = NearestNeighbourScores.Compute(real, fake, k: 5);
        // Naeem et al. 2020: for one distribution E[density] = 1 and E[coverage] ≈ 1 − (1/2)^k = 0.969.
        Assert.InRange(scores.Density, 0.9, 1.1);
        Assert.InRange(scores.Coverage, 0.969 - 0.02, 0.969 + 0.02);
    }

    [Fact]
    public void NearestNeighbourScoresOfAFarAwaySetAreZero()
    {
        using var scope = NewDisposeScope();
        var real = Correlated(200, 4, seed: 9);
        var scores = NearestNeighbourScores.Compute(real, Correlated(150, 4, seed: 10) + 1000, k: 3);
        Assert.Equal(new FidelityDiversity(0, 0, 0, 0), scores);
    }

    [Fact]
    public void NearestNeighbourScoresNeedMoreSamplesThanNeighbours()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() => NearestNeighbourScores.Compute(zeros(5, 2), zeros(10, 2), k: 5));
        Assert.Contains("more than k = 5 rows", ex.Message);
    }

    /// <summary>Gaussian features with a random full covariance: standard normal rows times a random matrix.</summary>
    private static Tensor Correlated(long rows, long features, ulong seed)
    {
        var random = new TorchSharp.torch.Generator(seed);
        var mixing = randn(features, features, ScalarType.Float64, generator: random);
        return randn(rows, features, ScalarType.Float64, generator: random).matmul(mixing).to(ScalarType.Float32);
    }

    /// <summary>
    /// The Fréchet distance the way scipy-based FID code works: the cross term from the eigenvalues of the
    /// non-symmetric product Σ₁Σ₂ (real and non-negative up to rounding), not from the symmetric form FrechetDistance uses.
    /// </summary>
    private static double Independent(Tensor real, Tensor fake)
    {
        var x = real.to(ScalarType.Float64);
        var y = fake.to(ScalarType.Float64);
        var (s1, s2) = (x.T.cov(), y.T.cov());
        var cross = linalg.eigvals(s1.matmul(s2)).real.clamp_min(0).sqrt().sum().item<double>();
        var shift = (x.mean([0]) - y.mean([0])).square().sum().item<double>();
        return shift + s1.trace().item<double>() + s2.trace().item<double>() - (2 * cross);
    }
}
