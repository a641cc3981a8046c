using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanGen.Benchmarks;

/// <summary>
/// float32 against bf16-mixed, interleaved in one process (no BenchmarkDotNet: it runs each benchmark in
/// processes of its own, one after another, and this machine drifts by 20% between processes): the
/// Keras-DCGAN step at batch 128 through <see cref="GanTrainer"/> in both precisions, the same step written
/// by hand in TorchSharp with the casts placed by hand (channels-first and channels-last, float32 and
/// bf16-mixed), and the DCGAN step at the sample's batch 64 in both precisions. Every round runs each
/// variant once, the order rotated each round so that drift and a neighbour's load fall on all alike;
/// ratios are taken per round, with a 95% interval. Run with <c>-- --precision [rounds]</c>.
/// </summary>
public static class PrecisionBenchmarks
{
    private const long LatentSize = 100;
    private const long ImageCount = 1024;
    private const long ModelSeed = 7;
    private const long DrawSeed = 11;
    private const double LearningRate = 1e-4;

    /// <summary>Runs <paramref name="rounds"/> rounds and writes each variant's times and the ratios that matter.</summary>
    public static void Run(int rounds, TextWriter output)
    {
        torch.set_num_threads(2);
        using var images = RealImages();
        var variants = new (string Name, Func<object> Step)[]
        {
            ("Keras runtime 32", RuntimeStep(KerasDcgan.CreateGenerator, KerasDcgan.CreateDiscriminator, images, 128, PrecisionKind.Float32)),
            ("Keras runtime bf16-mixed", RuntimeStep(KerasDcgan.CreateGenerator, KerasDcgan.CreateDiscriminator, images, 128, PrecisionKind.Bf16Mixed)),
            ("Keras by hand 32", new HandWrittenKerasStep(images, low: false, channelsLast: false).Step),
            ("Keras by hand 32 channels-last", new HandWrittenKerasStep(images, low: false, channelsLast: true).Step),
            ("Keras by hand bf16-mixed", new HandWrittenKerasStep(images, low: true, channelsLast: false).Step),
            ("Keras by hand bf16-mixed channels-last", new HandWrittenKerasStep(images, low: true, channelsLast: true).Step),
            ("Keras by hand, every tensor bfloat16", new HandWrittenKerasStep(images, low: true, channelsLast: false, everything: true).Step),
            ("DCGAN runtime 32 (batch 64)", RuntimeStep(Dcgan.CreateGenerator, Dcgan.CreateDiscriminator, images, 64, PrecisionKind.Float32)),
            ("DCGAN runtime bf16-mixed (batch 64)", RuntimeStep(Dcgan.CreateGenerator, Dcgan.CreateDiscriminator, images, 64, PrecisionKind.Bf16Mixed)),
        };

        foreach (var (_, step) in variants)
        {
            step();
            step();
        }

        var times = variants.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < variants.Length; k++)
            {
                var v = (round + k) % variants.Length;
                var start = Stopwatch.GetTimestamp();
                variants[v].Step();
                times[v][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        output.WriteLine(FormattableString.Invariant($"{rounds} interleaved rounds, {torch.get_num_threads()} threads; per step, ms"));
        for (var v = 0; v < variants.Length; v++)
        {
            output.WriteLine(FormattableString.Invariant(
                $"  {variants[v].Name,-40} mean {times[v].Average(),7:F1}  median {Statistics.Median(times[v]),7:F1}  min {times[v].Min(),7:F1}"));
        }

        output.WriteLine("Per-round ratios, mean (95% CI), median:");
        Ratio(output, "Keras: runtime 32 / runtime bf16-mixed (speed-up)", times[0], times[1]);
        Ratio(output, "Keras: runtime bf16-mixed / by hand bf16-mixed", times[1], times[4]);
        Ratio(output, "Keras: runtime 32 / by hand 32", times[0], times[2]);
        Ratio(output, "Keras by hand 32: channels-last / channels-first", times[3], times[2]);
        Ratio(output, "Keras by hand bf16-mixed: channels-last / channels-first", times[5], times[4]);
        Ratio(output, "Keras: by hand 32 / by hand every tensor bfloat16", times[2], times[6]);
        Ratio(output, "DCGAN: runtime 32 / runtime bf16-mixed (speed-up)", times[7], times[8]);
    }

    private static void Ratio(TextWriter output, string what, double[] numerator, double[] denominator)
    {
        var ratios = numerator.Zip(denominator, (a, b) => a / b).ToArray();
        var (mean, half) = Statistics.MeanWithInterval(ratios);
        output.WriteLine(FormattableString.Invariant($"  {what,-58} {mean:F3} ({mean - half:F3} to {mean + half:F3}), {Statistics.Median(ratios):F3}"));
    }

    /// <summary>1,024 random "real" images in [-1, 1], the range G's Tanh produces.</summary>
    internal static Tensor RealImages()
    {
        using var draws = new torch.Generator(3);
        return ((torch.rand(new[] { ImageCount, 1L, 28L, 28L }, generator: draws) * 2) - 1).DetachFromDisposeScope();
    }

    private static Func<object> RuntimeStep(Func<nn.Module<Tensor, Tensor>> generator, Func<nn.Module<Tensor, Tensor>> discriminator, Tensor images, long batch, PrecisionKind precision)
    {
        torch.manual_seed(ModelSeed);
        var g = generator();
        var d = discriminator();
        var trainer = new GanTrainer(
            g, d, new NonSaturatingLoss(), torch.optim.Adam(g.parameters(), LearningRate), torch.optim.Adam(d.parameters(), LearningRate),
            Samplers.Normal(LatentSize), Samplers.FromTensor(images, 1, 28, 28), batch, DrawSeed)
        {
            Precision = precision,
        };
        return () => trainer.Step();
    }

    /// <summary>
    /// The Keras-DCGAN step as a TorchSharp user would write mixed precision by hand: the generated modules
    /// hold the float32 weights, and the forward passes are written out with <c>functional</c> calls, casting
    /// to bfloat16 before each convolution and linear layer and back to float32 before each batch norm and
    /// at each output. <c>channelsLast</c> hands the convolutions channels-last tensors (D's input and G's
    /// first feature map; oneDNN keeps the layout through the layers that follow).
    /// </summary>
    private sealed class HandWrittenKerasStep
    {
        private const long BatchSize = 128;

        private readonly Tensor images;
        private readonly bool low;
        private readonly bool channelsLast;
        private readonly bool everything;
        private readonly Linear gLinear;
        private readonly BatchNorm1d gNorm0;
        private readonly ConvTranspose2d[] gConvs;
        private readonly BatchNorm2d[] gNorms;
        private readonly Conv2d[] dConvs;
        private readonly Linear dLinear;
        private readonly Parameter[] dParameters;
        private readonly Adam generatorOptimizer;
        private readonly Adam discriminatorOptimizer;
        private readonly torch.Generator random = new((ulong)DrawSeed);

        public HandWrittenKerasStep(Tensor images, bool low, bool channelsLast, bool everything = false)
        {
            this.images = images;
            this.low = low;
            this.channelsLast = channelsLast;
            this.everything = everything;
            torch.manual_seed(ModelSeed);
            var g = KerasDcgan.CreateGenerator();
            var d = KerasDcgan.CreateDiscriminator();
            if (everything)
            {
                // Not mixed precision: weights, batch norm and Adam's state in bfloat16 too (the comparison the issue quotes).
                g.to(ScalarType.BFloat16);
                d.to(ScalarType.BFloat16);
            }

            g.train();
            d.train();
            var gLayers = g.children().ToArray();
            var dLayers = d.children().ToArray();
            gLinear = (Linear)gLayers[0];
            gNorm0 = (BatchNorm1d)gLayers[1];
            gConvs = gLayers.OfType<ConvTranspose2d>().ToArray();
            gNorms = gLayers.OfType<BatchNorm2d>().ToArray();
            dConvs = dLayers.OfType<Conv2d>().ToArray();
            dLinear = (Linear)dLayers[9];
            dParameters = d.parameters().ToArray();
            generatorOptimizer = torch.optim.Adam(g.parameters(), LearningRate);
            discriminatorOptimizer = torch.optim.Adam(d.parameters(), LearningRate);
        }

        public object Step()
        {
            using var scope = torch.NewDisposeScope();
            discriminatorOptimizer.zero_grad();
            var real = images.index(torch.randint(0, images.shape[0], new[] { BatchSize }, generator: random));
            Tensor fake;
            using (torch.no_grad())
            {
                fake = Generator(torch.randn(new[] { BatchSize, LatentSize }, generator: random));
            }

            var realScores = Discriminator(real);
            var fakeScores = Discriminator(fake);
            var dLoss = F.binary_cross_entropy_with_logits(realScores, torch.ones_like(realScores))
                + F.binary_cross_entropy_with_logits(fakeScores, torch.zeros_like(fakeScores));
            dLoss.backward();
            discriminatorOptimizer.step();

            // As GanTrainer does: D's weights need no gradients in G's update.
            generatorOptimizer.zero_grad();
            SetRequiresGrad(dParameters, false);
            var scores = Discriminator(Generator(torch.randn(new[] { BatchSize, LatentSize }, generator: random)));
            var gLoss = F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores));
            gLoss.backward();
            SetRequiresGrad(dParameters, true);
            generatorOptimizer.step();
            return (dLoss.item<float>(), gLoss.item<float>(), realScores.sigmoid().mean().item<float>(), fakeScores.sigmoid().mean().item<float>());
        }

        private Tensor Generator(Tensor z)
        {
            var x = F.linear(Low(z), Low(gLinear.weight));
            x = Layout(F.leaky_relu(gNorm0.call(NormInput(x)), 0.3).view(-1, 256, 7, 7));
            for (var i = 0; i < gConvs.Length; i++)
            {
                var conv = gConvs[i];
                x = F.conv_transpose2d(Low(x), Low(conv.weight), null, conv.stride, conv.padding!, conv.output_padding, conv.dilation, conv.groups);
                x = i < gNorms.Length ? F.leaky_relu(gNorms[i].call(NormInput(x)), 0.3) : x.tanh();
            }

            return High(x);
        }

        private Tensor Discriminator(Tensor x)
        {
            x = Layout(x);
            foreach (var conv in dConvs)
            {
                // Keras's 'same' at stride 2 pads one pixel before and two after (the generated ZeroPad2d).
                x = F.pad(x, new long[] { 1, 2, 1, 2 });
                x = F.conv2d(Low(x), Low(conv.weight), Low(conv.bias!), conv.stride, conv.padding!, conv.dilation, conv.groups);
                x = F.dropout(F.leaky_relu(x, 0.3), 0.3, training: true);
            }

            return High(F.linear(x.flatten(1), Low(dLinear.weight), Low(dLinear.bias!)));
        }

        private static void SetRequiresGrad(Parameter[] parameters, bool value)
        {
            foreach (var parameter in parameters)
            {
                parameter.requires_grad = value;
            }
        }

        private Tensor Low(Tensor t) => low ? t.to(ScalarType.BFloat16) : t;

        private Tensor High(Tensor t) => low ? t.to(ScalarType.Float32) : t;

        private Tensor NormInput(Tensor t) => everything ? t : High(t);

        // TorchSharp has no memory_format argument: NHWC storage viewed as NCHW is channels-last.
        private Tensor Layout(Tensor t) => channelsLast ? t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2) : t;
    }
}
