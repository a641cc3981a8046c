using System;
using static TorchSharp.torch;

namespace GanGen.Runtime.Losses;

/// <summary>
/// A GAN objective: what the discriminator and the generator each minimise, given the
/// discriminator's outputs on a real and a generated batch.
/// </summary>
public abstract class GanLoss
{
    /// <summary>A short name for logs and metrics (<c>non-saturating</c>, <c>hinge</c>, ...).</summary>
    public abstract string Name { get; }

    /// <summary>The discriminator's loss.</summary>
    /// <param name="real">Discriminator outputs on real samples, <c>[batch, outputs]</c>.</param>
    /// <param name="fake">Discriminator outputs on generated samples.</param>
    /// <param name="labels">Class labels (int64 <c>[batch]</c>) for losses that use them, else <c>null</c>.</param>
    public abstract Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null);

    /// <summary>The generator's loss.</summary>
    /// <param name="fake">Discriminator outputs on generated samples.</param>
    /// <param name="labels">The labels the samples were generated for, for losses that use them.</param>
    public abstract Tensor Generator(Tensor fake, Tensor? labels = null);

    /// <summary>
    /// A term added to D's loss that needs D itself, not only its outputs on the two batches: WGAN-GP's
    /// gradient penalty is one. The trainer adds it after <see cref="Discriminator"/> on every D update.
    /// </summary>
    /// <param name="discriminator">D, with the batch's labels already bound for conditional pairs.</param>
    /// <param name="real">The real batch D was scored on.</param>
    /// <param name="fake">The generated batch D was scored on, made without gradients to G.</param>
    /// <returns>The term to add to D's loss, or <c>null</c> for none (the default).</returns>
    public virtual Tensor? DiscriminatorPenalty(Func<Tensor, Tensor> discriminator, Tensor real, Tensor fake) => null;

    /// <summary>
    /// D's outputs read as the probability that samples are real, for progress and metrics (D(x), D(G(z))).
    /// Losses without a probability reading (least squares, hinge, Wasserstein) return the raw scores.
    /// </summary>
    public virtual Tensor RealProbability(Tensor scores) => scores;
}
