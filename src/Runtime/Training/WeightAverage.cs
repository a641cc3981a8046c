using System;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Training;

/// <summary>
/// An exponential moving average of a module's parameters (and a copy of its buffers), kept in a
/// second module of the same architecture: θ_avg ← decay·θ_avg + (1 − decay)·θ after each update
/// from <see cref="StartStep"/> on; before that the average simply tracks the weights. Sampling from
/// the average gives smoother, usually better, GAN samples. TorchSharp has no weight averaging, so
/// this is GanGen's own.
/// </summary>
public sealed class WeightAverage
{
    private readonly nn.Module source;

    /// <summary>Starts averaging <paramref name="source"/> into <paramref name="average"/> (same architecture).</summary>
    /// <param name="source">The module being trained.</param>
    /// <param name="average">A module of the same architecture that holds the average; its weights are overwritten now.</param>
    /// <param name="decay">Weight of the old average, in [0, 1); 0.999 is typical.</param>
    /// <param name="startStep">First step whose update is averaged rather than copied.</param>
    public WeightAverage(nn.Module source, nn.Module average, double decay = 0.999, long startStep = 0)
    {
        if (decay is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in [0, 1)");
        }

        var sourceNames = source.named_parameters().Select(p => $"{p.name}{string.Join(",", p.parameter.shape)}");
        var averageNames = average.named_parameters().Select(p => $"{p.name}{string.Join(",", p.parameter.shape)}");
        if (!sourceNames.SequenceEqual(averageNames))
        {
            throw new ArgumentException("The average module must have the same parameters (names and shapes) as the source", nameof(average));
        }

        this.source = source;
        Average = average;
        Decay = decay;
        StartStep = startStep;
        Update(step: 0);
    }

    /// <summary>The module holding the averaged weights; use it (in eval mode) to sample.</summary>
    public nn.Module Average { get; }

    /// <summary>Weight of the old average.</summary>
    public double Decay { get; }

    /// <summary>First step that averages instead of copying.</summary>
    public long StartStep { get; }

    /// <summary>Folds the source's current weights in; call after each optimizer step with the step number.</summary>
    public void Update(long step)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var decay = step >= StartStep && step > 0 ? Decay : 0;
        foreach (var (avg, current) in Average.parameters().Zip(source.parameters()))
        {
            avg.mul_(decay).add_(current, alpha: 1 - decay);
        }

        // Running statistics of batch norm are not averaged; the latest ones are the best estimate.
        foreach (var (avg, current) in Average.buffers().Zip(source.buffers()))
        {
            avg.copy_(current);
        }
    }
}
