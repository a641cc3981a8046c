using System;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Losses;

/// <summary>
/// Wasserstein loss with gradient penalty (Gulrajani et al. 2017): the critic minimises
/// E[C(fake)] - E[C(real)] + λ E[(‖∇C(x̂)‖ - 1)²] on random interpolates x̂; G minimises -E[C(fake)].
/// The penalty needs the critic itself, so the trainer adds it through <see cref="DiscriminatorPenalty"/>.
/// </summary>
/// <param name="penaltyWeight">λ; the paper's value is 10.</param>
public sealed class WassersteinGpLoss(double penaltyWeight = 10.0) : GanLoss
{
    /// <inheritdoc />
    public override string Name => TrainingVocabulary.Losses.NameOf(LossKind.WassersteinGp);

    /// <summary>λ, the weight of the gradient penalty.</summary>
    public double PenaltyWeight => penaltyWeight;

    /// <summary>The critic loss without the penalty: E[C(fake)] - E[C(real)].</summary>
    public override Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null) => fake.mean() - real.mean();

    /// <inheritdoc />
    public override Tensor Generator(Tensor fake, Tensor? labels = null) => -fake.mean();

    /// <summary>The gradient penalty, <see cref="GradientPenalty"/> with interpolation weights drawn uniformly.</summary>
    /// <inheritdoc />
    public override Tensor? DiscriminatorPenalty(Func<Tensor, Tensor> discriminator, Tensor real, Tensor fake) => GradientPenalty(discriminator, real, fake);

    /// <summary>λ E[(‖∇C(x̂)‖₂ - 1)²] with x̂ = εx + (1 - ε)x̃, ε ~ U[0, 1] per sample.</summary>
    /// <param name="critic">The critic, applied to interpolates.</param>
    /// <param name="real">A real batch.</param>
    /// <param name="fake">A generated batch of the same shape (detached from G).</param>
    /// <param name="epsilon">Interpolation weights <c>[batch]</c>; drawn uniformly when <c>null</c>.</param>
    public Tensor GradientPenalty(Func<Tensor, Tensor> critic, Tensor real, Tensor fake, Tensor? epsilon = null)
    {
        var shape = new long[real.dim()];
        Array.Fill(shape, 1L);
        shape[0] = real.shape[0];
        var weights = (epsilon ?? rand(real.shape[0], device: real.device)).view(shape);
        var interpolates = ((weights * real) + ((1 - weights) * fake.detach())).detach().requires_grad_(true);
        var scores = critic(interpolates);
        var norms = InputGradients.SquaredNorms(scores, interpolates, ones_like(scores)).sqrt();
        return penaltyWeight * (norms - 1).square().mean();
    }
}
