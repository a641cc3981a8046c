using System;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Losses;

/// <summary>
/// The R1 gradient penalty (Mescheder et al. 2018), γ/2 · E‖∇ₓD(x)‖² over real x, with StyleGAN2's lazy
/// regularization: it is added only on every <see cref="R1Settings.Every"/>-th D update, multiplied by that
/// interval so its weight over time stays γ/2. It is added to that update's D loss (StyleGAN2 takes a
/// separate optimizer step for it and adjusts Adam's rate and betas by k/(k+1); GanGen does neither).
/// </summary>
/// <param name="settings">γ and the interval.</param>
public sealed class R1Penalty(R1Settings settings)
{
    /// <summary>γ and the interval.</summary>
    public R1Settings Settings => settings;

    /// <summary>Whether D update number <paramref name="update"/> (counting from 0 over the whole run) carries the penalty.</summary>
    public bool IsDue(long update) => update % settings.Every == 0;

    /// <summary>Every · γ/2 · mean over the batch of ‖∇ₓD(x)‖², differentiable in D's parameters.</summary>
    /// <param name="discriminator">D, labels bound for conditional pairs.</param>
    /// <param name="real">The real batch as D sees it (after augmentation, when on).</param>
    public Tensor Compute(Func<Tensor, Tensor> discriminator, Tensor real)
    {
        var x = real.detach().requires_grad_(true);
        var squaredNorms = InputGradients.SquaredNorms(discriminator(x).sum(), x);
        return settings.Every * settings.Gamma / 2 * squaredNorms.mean();
    }
}
