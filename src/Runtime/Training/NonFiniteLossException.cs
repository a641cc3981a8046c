using System;

namespace GanGen.Runtime.Training;

/// <summary>A loss became NaN or infinite: training cannot go on from this state.</summary>
public sealed class NonFiniteLossException : InvalidOperationException
{
    /// <summary>Creates the exception for the step whose losses were not finite.</summary>
    public NonFiniteLossException(TrainingStep step)
        : base($"Step {step.Step}: loss is not finite (D {step.DiscriminatorLoss}, G {step.GeneratorLoss})") => Measured = step;

    /// <summary>What the failed step measured.</summary>
    public TrainingStep Measured { get; }
}
