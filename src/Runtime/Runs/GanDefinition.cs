using System;
using System.Collections.Generic;
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
}
