using System;

namespace GanGen.Runtime.Training;

/// <summary>
/// A learning rate as a function of the step: constant, or TensorFlow's <c>exponential_decay</c>
/// (the 1-D seed's: 0.005 x 0.95^(step / 150), staircase). A pure function of the step, so a resumed
/// run gets exactly the rates an uninterrupted one would, with no scheduler state to save.
/// </summary>
/// <param name="Initial">The rate at step 0.</param>
/// <param name="Decay">Factor applied every <paramref name="DecaySteps"/> steps; 1 for a constant rate.</param>
/// <param name="DecaySteps">Steps per decay.</param>
/// <param name="Staircase">Decay in whole steps of <paramref name="DecaySteps"/> (true) or continuously (false).</param>
public sealed record LearningRateSchedule(double Initial, double Decay = 1.0, long DecaySteps = 1, bool Staircase = true)
{
    /// <summary>A constant rate.</summary>
    public static LearningRateSchedule Constant(double rate) => new(rate);

    /// <summary>The rate for the step with 0-based index <paramref name="step"/>.</summary>
    public double At(long step)
    {
        var exponent = Staircase ? step / DecaySteps : (double)step / DecaySteps;
        return Initial * Math.Pow(Decay, exponent);
    }
}
