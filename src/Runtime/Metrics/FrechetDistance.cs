using System;
using static TorchSharp.torch;

namespace GanGen.Runtime.Metrics;

/// <summary>
/// The Fréchet distance between two Gaussians fitted to feature sets, the measure behind FID
/// (Heusel et al. 2017): ||μ₁ − μ₂||² + Tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2}).
/// </summary>
/// <remarks>
/// <para>
/// Everything is computed in float64, whatever the features' dtype: the result is a difference of
/// traces of similar size, and float32 loses most of its digits in that subtraction.
/// </para>
/// <para>
/// The cross term Tr((Σ₁ Σ₂)^{1/2}) is computed as Tr((Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}). The two agree because
/// Σ₁ Σ₂ = Σ₁^{1/2} (Σ₁^{1/2} Σ₂) and Σ₁^{1/2} Σ₂ Σ₁^{1/2} = (Σ₁^{1/2} Σ₂) Σ₁^{1/2}: products in either order
/// have the same eigenvalues, and the trace of a square root is the sum of the eigenvalues' square roots.
/// The product Σ₁ Σ₂ is not symmetric, so scipy's <c>sqrtm</c> (a Schur decomposition) works on it and
/// returns small imaginary parts that FID code has to throw away; the sandwiched form is symmetric
/// positive semi-definite, so <c>torch.linalg.eigh</c> applies: real eigenvalues, orthogonal
/// eigenvectors, and negative rounding noise that can simply be clamped to 0.
/// </para>
/// </remarks>
public static class FrechetDistance
{
    /// <summary>
    /// The Fréchet distance between Gaussians fitted to two feature sets: their means and unbiased
    /// covariances (divided by N − 1, as FID does).
    /// </summary>
    /// <param name="realFeatures">Features of real samples, [N, F] with N ≥ 2, any floating dtype.</param>
    /// <param name="fakeFeatures">Features of generated samples, [M, F] with M ≥ 2.</param>
    /// <returns>The distance (a squared distance, ≥ 0; rounding below 0 is returned as 0).</returns>
    /// <exception cref="ArgumentException">A set is not 2-D, has fewer than 2 rows, or the feature counts differ.</exception>
    public static double Between(Tensor realFeatures, Tensor fakeFeatures)
    {
        ArgumentNullException.ThrowIfNull(realFeatures);
        ArgumentNullException.ThrowIfNull(fakeFeatures);
        CheckFeatures(realFeatures, nameof(realFeatures));
        CheckFeatures(fakeFeatures, nameof(fakeFeatures));
        if (realFeatures.shape[1] != fakeFeatures.shape[1])
        {
            throw new ArgumentException($"Both sets need the same number of features, but real has {realFeatures.shape[1]} and fake {fakeFeatures.shape[1]}", nameof(fakeFeatures));
        }

        using var scope = NewDisposeScope();
        var (mean1, covariance1) = Moments(realFeatures);
        var (mean2, covariance2) = Moments(fakeFeatures);
        return Between(mean1, covariance1, mean2, covariance2);
    }

    /// <summary>The Fréchet distance between N(<paramref name="mean1"/>, <paramref name="covariance1"/>) and N(<paramref name="mean2"/>, <paramref name="covariance2"/>).</summary>
    /// <param name="mean1">The first mean, [F].</param>
    /// <param name="covariance1">The first covariance, [F, F], symmetric positive semi-definite.</param>
    /// <param name="mean2">The second mean, [F].</param>
    /// <param name="covariance2">The second covariance, [F, F].</param>
    /// <returns>The distance (≥ 0; rounding below 0 is returned as 0).</returns>
    /// <exception cref="ArgumentException">The shapes do not agree.</exception>
    public static double Between(Tensor mean1, Tensor covariance1, Tensor mean2, Tensor covariance2)
    {
        ArgumentNullException.ThrowIfNull(mean1);
        ArgumentNullException.ThrowIfNull(covariance1);
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(covariance2);
        var features = mean1.shape.Length == 1 ? mean1.shape[0] : throw new ArgumentException($"A mean is a vector [F], but mean1 has shape [{string.Join(", ", mean1.shape)}]", nameof(mean1));
        CheckShape(mean2, [features], nameof(mean2));
        CheckShape(covariance1, [features, features], nameof(covariance1));
        CheckShape(covariance2, [features, features], nameof(covariance2));

        using var scope = NewDisposeScope();
        var difference = mean1.to(ScalarType.Float64) - mean2.to(ScalarType.Float64);
        var sigma1 = covariance1.to(ScalarType.Float64);
        var sigma2 = covariance2.to(ScalarType.Float64);
        var root1 = PsdSquareRoot(sigma1);
        var cross = linalg.eigvalsh(Symmetrised(root1.matmul(sigma2).matmul(root1))).clamp_min(0).sqrt().sum();
        var distance = difference.dot(difference) + sigma1.trace() + sigma2.trace() - (2 * cross);
        // A distance of exactly 0 (identical sets) can come out a few ulps below it.
        return Math.Max(0, distance.item<double>());
    }

    /// <summary>
    /// The square root of a symmetric positive semi-definite matrix: Q diag(√λ) Qᵀ from
    /// <c>torch.linalg.eigh</c>, with the slightly negative eigenvalues that rounding gives a
    /// semi-definite matrix clamped to 0.
    /// </summary>
    /// <param name="symmetric">The matrix, [F, F]; it is symmetrised as (A + Aᵀ)/2 first, so rounding asymmetry does not matter.</param>
    /// <returns>The symmetric positive semi-definite root, in the input's dtype (pass float64 for accuracy).</returns>
    /// <exception cref="ArgumentException">The matrix is not square.</exception>
    public static Tensor PsdSquareRoot(Tensor symmetric)
    {
        ArgumentNullException.ThrowIfNull(symmetric);
        if (symmetric.shape.Length != 2 || symmetric.shape[0] != symmetric.shape[1])
        {
            throw new ArgumentException($"A square matrix [F, F] is needed, but the shape is [{string.Join(", ", symmetric.shape)}]", nameof(symmetric));
        }

        using var scope = NewDisposeScope();
        var (values, vectors) = linalg.eigh(Symmetrised(symmetric));
        return (vectors * values.clamp_min(0).sqrt().unsqueeze(0)).matmul(vectors.mT).MoveToOuterDisposeScope();
    }

    private static Tensor Symmetrised(Tensor matrix) => (matrix + matrix.mT) / 2;

    private static (Tensor Mean, Tensor Covariance) Moments(Tensor features)
    {
        var x = features.to(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        return (mean, centred.mT.matmul(centred) / (x.shape[0] - 1));
    }

    private static void CheckFeatures(Tensor features, string name)
    {
        if (features.shape.Length != 2 || features.shape[0] < 2)
        {
            throw new ArgumentException($"Features are [N, F] with at least 2 rows for a covariance, but {name} has shape [{string.Join(", ", features.shape)}]", name);
        }
    }

    private static void CheckShape(Tensor tensor, long[] expected, string name)
    {
        if (!tensor.shape.AsSpan().SequenceEqual(expected))
        {
            throw new ArgumentException($"{name} should have shape [{string.Join(", ", expected)}] to match mean1, but has [{string.Join(", ", tensor.shape)}]", name);
        }
    }
}
