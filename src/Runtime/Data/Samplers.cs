using System;
using System.Linq;
using static TorchSharp.torch;

namespace GanGen.Runtime.Data;

/// <summary>Draws a batch of per-sample tensors.</summary>
/// <param name="batch">Batch size.</param>
/// <param name="generator">The random generator to draw from (seeded for reproducible runs).</param>
public delegate Tensor Sampler(long batch, Generator? generator);

/// <summary>Draws a batch of samples with their class labels (int64 <c>[batch]</c>), or <c>null</c> labels for unlabelled data.</summary>
/// <param name="batch">Batch size.</param>
/// <param name="generator">The random generator to draw from.</param>
public delegate (Tensor Samples, Tensor? Labels) LabeledSampler(long batch, Generator? generator);

/// <summary>Noise for generators and the 1-D seed's data distributions.</summary>
public static class Samplers
{
    /// <summary>Standard normal noise <c>[batch, *shape]</c>.</summary>
    public static Sampler Normal(params long[] shape) =>
        (batch, generator) => randn(new[] { batch }.Concat(shape).ToArray(), generator: generator);

    /// <summary>Uniform noise on [low, high) <c>[batch, *shape]</c>.</summary>
    public static Sampler Uniform(double low, double high, params long[] shape) =>
        (batch, generator) => (rand(new[] { batch }.Concat(shape).ToArray(), generator: generator) * (high - low)) + low;

    /// <summary>
    /// The 1-D seed's generator input: an evenly spaced grid over [-range, range] plus a little uniform
    /// jitter (<c>linspace(-r, r, N) + U[0, 1) * 0.01</c>), shape <c>[batch, 1]</c>. Stratified noise
    /// covers the whole range in every batch, which makes the learned map easy to plot.
    /// </summary>
    public static Sampler Stratified(double range) =>
        (batch, generator) => (linspace(-range, range, batch) + (rand(batch, generator: generator) * 0.01)).unsqueeze(1);

    /// <summary>Samples from N(mean, std²), shape <c>[batch, 1]</c> (the 1-D seed's data: N(4, 0.5)).</summary>
    public static Sampler Gaussian(double mean, double std) =>
        (batch, generator) => (randn(batch, 1, generator: generator) * std) + mean;

    /// <summary>
    /// An equal-weight mixture of Gaussians, shape <c>[batch, 1]</c>: a generator that collapses onto
    /// one mode shows up at once.
    /// </summary>
    public static Sampler GaussianMixture(double[] means, double std)
    {
        if (means.Length == 0)
        {
            throw new ArgumentException("A mixture needs at least one mean", nameof(means));
        }

        var held = tensor(means).DetachFromDisposeScope();
        return (batch, generator) =>
        {
            var component = randint(0, means.Length, new[] { batch }, generator: generator);
            return (held.index(component) + (randn(batch, generator: generator) * std)).unsqueeze(1).to(ScalarType.Float32);
        };
    }

    /// <summary>
    /// Draws random samples (with replacement) from a tensor of examples <c>[N, ...]</c>, reshaped to
    /// <c>[batch, *shape]</c> (e.g. <c>[784]</c> for an MLP discriminator on 28x28 images).
    /// </summary>
    public static Sampler FromTensor(Tensor examples, params long[] shape) =>
        (batch, generator) =>
        {
            var index = randint(0, examples.shape[0], new[] { batch }, generator: generator);
            var picked = examples.index(index);
            return shape.Length == 0 ? picked : picked.reshape(new[] { batch }.Concat(shape).ToArray());
        };

    /// <summary>
    /// Draws random images (with replacement) with their labels from a dataset, reshaped to
    /// <c>[batch, *shape]</c>; the same index picks image and label.
    /// </summary>
    public static LabeledSampler FromDataset(ImageDataset dataset, params long[] shape) =>
        (batch, generator) =>
        {
            var index = randint(0, dataset.Count, new[] { batch }, generator: generator);
            var images = dataset.Images.index(index);
            return (images.reshape(new[] { batch }.Concat(shape).ToArray()), dataset.Labels.index(index));
        };

    /// <summary>Unlabelled samples from a <see cref="Sampler"/>.</summary>
    public static LabeledSampler Unlabelled(Sampler sampler) => (batch, generator) => (sampler(batch, generator), null);

    /// <summary>The density of N(mean, std²) at <paramref name="x"/> (the target of the 1-D seed's D pretraining).</summary>
    public static Tensor GaussianDensity(Tensor x, double mean, double std) =>
        exp(-((x - mean) / std).square() / 2) / (std * Math.Sqrt(2 * Math.PI));
}
