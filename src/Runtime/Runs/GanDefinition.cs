using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>
/// Everything a run needs to know about a GAN: how to build fresh G and D (after the run has seeded
/// the random generator), their shapes, classes and training settings. Generated GAN classes expose
/// one as <c>Definition</c>; <see cref="Specs.LoadedSpec.Gan"/> makes one from a spec at run time.
/// </summary>
/// <param name="Name">The GAN's name in the spec.</param>
/// <param name="NoiseShape">G's per-sample input shape.</param>
/// <param name="SampleShape">G's per-sample output shape, which is D's input shape.</param>
/// <param name="Classes">Number of condition classes; 0 for an unconditional GAN.</param>
/// <param name="Training">The spec's training settings, or <c>null</c> when it has none.</param>
/// <param name="CreateGenerator">Builds a freshly initialised G.</param>
/// <param name="CreateDiscriminator">Builds a freshly initialised D.</param>
public sealed record GanDefinition(
    string Name,
    IReadOnlyList<long> NoiseShape,
    IReadOnlyList<long> SampleShape,
    int Classes,
    TrainingSettings? Training,
    Func<nn.Module> CreateGenerator,
    Func<nn.Module> CreateDiscriminator)
{
    /// <summary>The training settings, or an error naming the GAN when the spec gives none.</summary>
    public TrainingSettings RequireTraining() =>
        Training ?? throw new InvalidOperationException($"GAN '{Name}' has no 'training:' section in its spec; add one (data, loss, optimizer, steps or epochs)");

    /// <summary>
    /// Draws <paramref name="count"/> samples from <paramref name="generator"/> (one of this GAN's, generated
    /// class or loaded from a spec) in eval mode, from the spec's noise seeded with <paramref name="seed"/>.
    /// Conditional GANs get <paramref name="label"/> for every sample, or labels 0, 1, …, K−1 in turn.
    /// </summary>
    /// <param name="generator">The generator, on any device.</param>
    /// <param name="count">How many samples.</param>
    /// <param name="seed">Seeds the noise, so the same seed gives the same samples.</param>
    /// <param name="label">The class to generate (conditional GANs only).</param>
    /// <returns>The samples, [count, ...SampleShape], on the generator's device; the caller disposes them.</returns>
    public Tensor Generate(nn.Module generator, long count, long seed, int? label = null)
    {
        if (count < 1)
        {
            throw new ArgumentException($"the sample count must be positive, not {count}", nameof(count));
        }

        if (label is { } wanted && (Classes == 0 || wanted < 0 || wanted >= Classes))
        {
            throw new ArgumentException(Classes == 0 ? $"{Name} is not conditional, so it takes no label" : $"the label must be from 0 to {Classes - 1}", nameof(label));
        }

        var settings = RequireTraining();
        var device = generator.parameters().Select(p => p.device).FirstOrDefault() ?? CPU;
        var wasTraining = generator.training;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var random = new Generator((ulong)seed);
        generator.eval();
        try
        {
            var noise = TrainingParts.Noise(settings.Noise, NoiseShape)(count, random).to(device);
            var labels = Classes == 0 ? null
                : label is { } fixedLabel ? full(count, (long)fixedLabel, dtype: ScalarType.Int64, device: device)
                : arange(count, dtype: ScalarType.Int64, device: device) % Classes;
            return GanNetwork.Of(generator).Call(noise, labels).MoveToOuterDisposeScope();
        }
        finally
        {
            generator.train(wasTraining);
        }
    }
}
