using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Modules;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Benchmarks;

/// <summary>
/// Where a training step's time goes, layer by layer: each layer of the Keras-DCGAN's and the DCGAN's G and
/// D timed alone, forward and backward (input and weight gradients), on the input it gets in the model, in
/// training mode, in float32 and in bf16-mixed (the layer called as the generated forward calls it). A step
/// runs G forward twice (once without gradients, for D's batch) and backward once, D forward three times
/// and backward three times; that sum is set against the whole step through <see cref="GanTrainer"/>, and
/// the rest is what the step does besides the layers (losses, optimizers, sampling, casts, GanGen's loop).
/// Run with <c>-- --profile [repetitions] [32 | bf16-mixed]</c> (both precisions when none is named).
/// </summary>
public static class LayerProfile
{
    /// <summary>Profiles both GANs, each timing the median of <paramref name="repetitions"/>.</summary>
    /// <param name="repetitions">Timings per layer and pass.</param>
    /// <param name="precisions">The precisions to profile.</param>
    /// <param name="output">Where the tables go.</param>
    public static void Run(int repetitions, PrecisionKind[] precisions, TextWriter output)
    {
        torch.set_num_threads(2);
        using var images = PrecisionBenchmarks.RealImages();
        foreach (var precision in precisions)
        {
            Gan("KerasDcgan", KerasDcgan.CreateGenerator, KerasDcgan.CreateDiscriminator, images, 128, precision, repetitions, output);
            Gan("Dcgan", Dcgan.CreateGenerator, Dcgan.CreateDiscriminator, images, 64, precision, repetitions, output);
        }
    }

    private static void Gan(
        string name, Func<nn.Module<Tensor, Tensor>> generator, Func<nn.Module<Tensor, Tensor>> discriminator, Tensor images, long batch, PrecisionKind precision, int repetitions, TextWriter output)
    {
        torch.manual_seed(7);
        using var g = generator();
        using var d = discriminator();
        output.WriteLine(FormattableString.Invariant($"### {name}, batch {batch}, {TrainingVocabulary.Precisions.NameOf(precision)} (median of {repetitions}; ms)"));
        var (gForward, gBackward) = Model(g, torch.randn(batch, 100), precision, repetitions, output);
        var (dForward, dBackward) = Model(d, images.narrow(0, 0, batch), precision, repetitions, output);

        var trainer = new GanTrainer(
            g, d, new NonSaturatingLoss(), torch.optim.Adam(g.parameters(), 1e-4), torch.optim.Adam(d.parameters(), 1e-4),
            Samplers.Normal(100), Samplers.FromTensor(images, 1, 28, 28), batch, 11)
        {
            Precision = precision,
        };
        var step = Median(repetitions, () => trainer.Step());
        var layers = (2 * gForward) + gBackward + (3 * dForward) + (3 * dBackward);
        output.WriteLine(FormattableString.Invariant(
            $"Whole step: step {step:F1}: layers {layers:F1} (G 2 x {gForward:F1} forward + {gBackward:F1} backward, D 3 x {dForward:F1} + 3 x {dBackward:F1}), rest {step - layers:F1}"));
        output.WriteLine();
    }

    private static (double Forward, double Backward) Model(nn.Module model, Tensor input, PrecisionKind precision, int repetitions, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"**{model.GetName()}**");
        output.WriteLine();
        output.WriteLine("| layer | output | forward | backward |");
        output.WriteLine("|---|---|---:|---:|");
        model.train();
        var x = input.detach();
        var (forwardSum, backwardSum) = (0.0, 0.0);
        foreach (var (name, layer) in model.named_children())
        {
            var module = (nn.Module<Tensor, Tensor>)layer;
            var inputCopy = x;
            var forward = Median(repetitions, () =>
            {
                using var scope = torch.NewDisposeScope();
                using var mixed = MixedPrecision.Enter(precision);
                Call(module, inputCopy);
            });
            var backward = Backward(module, inputCopy, precision, repetitions);
            using (var mixed = MixedPrecision.Enter(precision))
            using (torch.no_grad())
            {
                x = Call(module, x).DetachFromDisposeScope();
            }

            output.WriteLine(FormattableString.Invariant($"| {name} {layer.GetType().Name} | [{string.Join(",", x.shape.Skip(1))}] {x.dtype} | {forward:F2} | {backward:F2} |"));
            forwardSum += forward;
            backwardSum += backward;
        }

        output.WriteLine(FormattableString.Invariant($"| total | | {forwardSum:F1} | {backwardSum:F1} |"));
        output.WriteLine();
        return (forwardSum, backwardSum);
    }

    /// <summary>A layer called as the generated forward calls it (the precision placement of its kind).</summary>
    private static Tensor Call(nn.Module<Tensor, Tensor> layer, Tensor x) => layer switch
    {
        Linear or Conv2d or ConvTranspose2d => MixedPrecision.Forward(layer, x),
        BatchNorm1d or BatchNorm2d => layer.forward(MixedPrecision.Float32(x)),
        _ => layer.forward(x),
    };

    private static double Backward(nn.Module<Tensor, Tensor> layer, Tensor input, PrecisionKind precision, int repetitions)
    {
        var times = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            using var scope = torch.NewDisposeScope();
            var x = input.detach().requires_grad_(input.is_floating_point());
            Tensor y;
            using (MixedPrecision.Enter(precision))
            {
                y = Call(layer, x);
            }

            var grad = torch.randn_like(y);
            var start = Stopwatch.GetTimestamp();
            y.backward(new[] { grad });
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            layer.zero_grad();
        }

        return Statistics.Median(times.ToArray());
    }

    private static double Median(int repetitions, Action action)
    {
        action();
        var times = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        return Statistics.Median(times);
    }
}
