using GanGen.Spec.Training;
using F = TorchSharp.torch.nn.functional;
using static TorchSharp.torch;

namespace GanGen.Runtime.Losses;

/// <summary>
/// Goodfellow et al.'s original minimax game: D maximises log D(x) + log(1 - D(G(z))), G minimises
/// log(1 - D(G(z))). G's gradient vanishes when D wins early, which is why the non-saturating
/// variant exists; kept for the theory (its value at the optimum is -log 4).
/// </summary>
/// <param name="fromLogits">True when D outputs logits (no final Sigmoid), false when it outputs probabilities.</param>
public sealed class MinimaxLoss(bool fromLogits = true) : GanLoss
{
    /// <inheritdoc />
    public override string Name => TrainingVocabulary.Losses.NameOf(LossKind.Minimax);

    /// <inheritdoc />
    public override Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null) =>
        -(Probability.LogD(real, fromLogits) + Probability.LogOneMinusD(fake, fromLogits)).mean();

    /// <inheritdoc />
    public override Tensor Generator(Tensor fake, Tensor? labels = null) => Probability.LogOneMinusD(fake, fromLogits).mean();

    /// <inheritdoc />
    public override Tensor RealProbability(Tensor scores) => fromLogits ? scores.sigmoid() : scores;
}

/// <summary>
/// The non-saturating loss every seed uses: D as in the minimax game, G maximises log D(G(z)).
/// On logits this is binary cross-entropy with logits, computed stably.
/// </summary>
/// <param name="fromLogits">True when D outputs logits (no final Sigmoid), false when it outputs probabilities.</param>
/// <param name="realLabel">Target for real samples; 0.9 gives one-sided label smoothing.</param>
public sealed class NonSaturatingLoss(bool fromLogits = true, double realLabel = 1.0) : GanLoss
{
    /// <inheritdoc />
    public override string Name => TrainingVocabulary.Losses.NameOf(LossKind.NonSaturating);

    /// <inheritdoc />
    public override Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null)
    {
        // With smoothing, real samples count as real with weight realLabel and as fake with the rest.
        var realTerm = (realLabel * Probability.LogD(real, fromLogits)) + ((1 - realLabel) * Probability.LogOneMinusD(real, fromLogits));
        return -(realTerm.mean() + Probability.LogOneMinusD(fake, fromLogits).mean());
    }

    /// <inheritdoc />
    public override Tensor Generator(Tensor fake, Tensor? labels = null) => -Probability.LogD(fake, fromLogits).mean();

    /// <inheritdoc />
    public override Tensor RealProbability(Tensor scores) => fromLogits ? scores.sigmoid() : scores;
}

/// <summary>Least-squares GAN (Mao et al. 2017): D regresses real to 1 and fake to 0; G pulls fake to 1.</summary>
public sealed class LeastSquaresLoss : GanLoss
{
    /// <inheritdoc />
    public override string Name => TrainingVocabulary.Losses.NameOf(LossKind.LeastSquares);

    /// <inheritdoc />
    public override Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null) =>
        0.5 * ((real - 1).square().mean() + fake.square().mean());

    /// <inheritdoc />
    public override Tensor Generator(Tensor fake, Tensor? labels = null) => 0.5 * (fake - 1).square().mean();
}

/// <summary>Hinge loss (Lim and Ye 2017, used by SAGAN and BigGAN).</summary>
public sealed class HingeLoss : GanLoss
{
    /// <inheritdoc />
    public override string Name => TrainingVocabulary.Losses.NameOf(LossKind.Hinge);

    /// <inheritdoc />
    public override Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null) =>
        F.relu(1 - real).mean() + F.relu(1 + fake).mean();

    /// <inheritdoc />
    public override Tensor Generator(Tensor fake, Tensor? labels = null) => -fake.mean();
}

/// <summary>log D and log(1 - D) from logits or probabilities, stable at the extremes.</summary>
internal static class Probability
{
    /// <summary>Smallest probability used in a log, so a saturated sigmoid gives a large loss rather than infinity.</summary>
    private const double Epsilon = 1e-7;

    public static Tensor LogD(Tensor output, bool fromLogits) =>
        fromLogits ? -F.softplus(-output) : output.clamp(Epsilon, 1.0).log();

    public static Tensor LogOneMinusD(Tensor output, bool fromLogits) =>
        fromLogits ? -F.softplus(output) : (1 - output).clamp(Epsilon, 1.0).log();
}
