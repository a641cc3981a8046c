using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Runtime.Layers;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Runs;

/// <summary>Turns checked training settings into the runtime's objects: device, loss, optimizers, schedules, noise, initial weights.</summary>
public static class TrainingParts
{
    /// <summary>The device a <c>device:</c> setting names.</summary>
    /// <param name="name"><c>cpu</c> or <c>cuda</c>.</param>
    /// <exception cref="InvalidOperationException">The setting asks for CUDA, which this build of TorchSharp does not find.</exception>
    public static Device DeviceFor(string name)
    {
        if (name != "cuda")
        {
            return CPU;
        }

        return cuda.is_available()
            ? CUDA
            : throw new InvalidOperationException("The spec asks for device: cuda, but TorchSharp finds no CUDA device (this build uses TorchSharp-cpu); use device: cpu");
    }

    /// <summary>The loss a <c>loss:</c> setting names; <paramref name="classes"/> is K for the (K+1)-class loss.</summary>
    public static GanLoss Loss(LossSettings loss, int classes) => loss.Kind switch
    {
        LossKind.NonSaturating => new NonSaturatingLoss(loss.Logits, 1 - loss.LabelSmoothing),
        LossKind.Minimax => new MinimaxLoss(loss.Logits),
        LossKind.LeastSquares => new LeastSquaresLoss(),
        LossKind.Hinge => new HingeLoss(),
        LossKind.WassersteinGp => new WassersteinGpLoss(loss.Penalty),
        _ => new ClassConditionalLoss(classes),
    };

    /// <summary>An optimizer over <paramref name="parameters"/>.</summary>
    public static optim.Optimizer Optimizer(OptimizerSettings settings, IEnumerable<TorchSharp.Modules.Parameter> parameters) =>
        settings.Kind == OptimizerKind.Adam
            ? optim.Adam(parameters, settings.LearningRate, settings.Beta1, settings.Beta2)
            : optim.SGD(parameters, settings.LearningRate, settings.Momentum);

    /// <summary>The learning-rate schedule of an optimizer setting.</summary>
    public static LearningRateSchedule Schedule(OptimizerSettings settings) =>
        new(settings.LearningRate, settings.Decay.Rate, settings.Decay.Steps, settings.Decay.Staircase);

    /// <summary>
    /// Redraws the weights of <paramref name="network"/> as <paramref name="init"/> says; leaves them as
    /// created for <see cref="InitKind.PyTorch"/>. Spectrally normalized layers are redrawn as their plain
    /// forms are. Layers with their own scheme (minibatch discrimination's
    /// N(0, 0.02²) projection, as in the seed) keep it. Draws from the global generator, so the run's seed
    /// decides the result.
    /// </summary>
    public static void Initialize(nn.Module network, InitSettings init)
    {
        if (init.Kind == InitKind.PyTorch)
        {
            return;
        }

        using var noGrad = no_grad();
        foreach (var module in network.modules())
        {
            var (weight, bias, mean) = module switch
            {
                TorchSharp.Modules.Linear linear => (linear.weight, linear.bias, 0.0),
                TorchSharp.Modules.Convolution convolution => (convolution.weight, convolution.bias, 0.0),
                TorchSharp.Modules.NormBase norm => (norm.weight, norm.bias, 1.0),

                // The trainable weight_orig; u and v stay as drawn, they only estimate its largest singular value.
                SpectralNormLayer normalized => (normalized.Weight, normalized.Bias, 0.0),
                _ => (null, null, 0.0),
            };
            weight?.normal_(mean, init.Std);
            bias?.zero_();
        }
    }

    /// <summary>G's noise of per-sample shape <paramref name="shape"/>.</summary>
    public static Sampler Noise(NoiseSettings noise, IReadOnlyList<long> shape) => noise.Kind switch
    {
        NoiseKind.Uniform => Samplers.Uniform(noise.Low, noise.High, shape.ToArray()),
        NoiseKind.Stratified => Samplers.Stratified(noise.High),
        _ => Samplers.Normal(shape.ToArray()),
    };
}
