using System;
using System.Linq;
using static TorchSharp.torch;

namespace GanGen.Runtime.Metrics;

/// <summary>
/// Scores read from a pretrained classifier's softmax outputs on generated samples: the Inception Score,
/// how the samples spread over the classes, and (for conditional generators) whether each sample shows
/// the class it was asked for.
/// </summary>
/// <remarks>All scores are in nats (natural logarithms) and computed in float64; 0 log 0 is taken as 0.</remarks>
public static class ClassifierScores
{
    /// <summary>
    /// The Inception Score (Salimans et al. 2016): exp(mean over samples of KL(p(y|x) ‖ p(y))), where p(y)
    /// is the mean of the rows. It is 1 when every sample gets the same class distribution and K when each
    /// sample is classified with certainty and the classes are used equally.
    /// </summary>
    /// <param name="probabilities">Class probabilities p(y|x), [N, K], each row summing to 1.</param>
    /// <returns>The score, in [1, K].</returns>
    /// <exception cref="ArgumentException">The tensor is not [N, K] with N, K ≥ 1.</exception>
    public static double InceptionScore(Tensor probabilities)
    {
        using var scope = NewDisposeScope();
        var p = Checked(probabilities);
        var marginal = p.mean([0], keepdim: true);
        // xlogy is 0 where p is 0, so classes a sample never gets add nothing; where p > 0 the marginal is > 0 too.
        var kl = (xlogy(p, p) - xlogy(p, marginal)).sum(1);
        return Math.Exp(kl.mean().item<double>());
    }

    /// <summary>How the samples spread over the classes, each sample assigned to its most probable class.</summary>
    /// <param name="probabilities">Class probabilities (or logits: only the argmax is used), [N, K].</param>
    /// <returns>The classes hit, the histogram of shares and its KL from uniform.</returns>
    /// <exception cref="ArgumentException">The tensor is not [N, K] with N, K ≥ 1.</exception>
    public static ModeCoverage Coverage(Tensor probabilities)
    {
        using var scope = NewDisposeScope();
        var p = Checked(probabilities);
        var classes = (int)p.shape[1];
        var counts = p.argmax(1).bincount(null, classes).to(ScalarType.Float64).cpu().data<double>().ToArray();
        var histogram = counts.Select(c => c / p.shape[0]).ToArray();
        var kl = histogram.Where(h => h > 0).Sum(h => h * Math.Log(h * classes));
        return new ModeCoverage(counts.Count(c => c > 0), kl, histogram);
    }

    /// <summary>The share of samples whose most probable class is their label: how well a conditional generator obeys its labels.</summary>
    /// <param name="probabilities">Class probabilities (or logits), [N, K].</param>
    /// <param name="labels">The class each sample was generated for, integer [N].</param>
    /// <returns>The accuracy, in [0, 1].</returns>
    /// <exception cref="ArgumentException">The shapes do not fit together.</exception>
    public static double LabelAccuracy(Tensor probabilities, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        using var scope = NewDisposeScope();
        var p = Checked(probabilities);
        if (labels.shape.Length != 1 || labels.shape[0] != p.shape[0])
        {
            throw new ArgumentException($"One label per sample is needed, [{p.shape[0]}], but labels have shape [{string.Join(", ", labels.shape)}]", nameof(labels));
        }

        return p.argmax(1).eq(labels.to(ScalarType.Int64).to(p.device)).to(ScalarType.Float64).mean().item<double>();
    }

    private static Tensor Checked(Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.shape.Length != 2 || probabilities.shape[0] < 1 || probabilities.shape[1] < 1)
        {
            throw new ArgumentException($"Probabilities are [N, K] with N, K ≥ 1, but the shape is [{string.Join(", ", probabilities.shape)}]", nameof(probabilities));
        }

        return probabilities.to(ScalarType.Float64);
    }
}
