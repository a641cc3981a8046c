using System;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Modules;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Training;
using GanGen.Spec.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace GanGen.Runtime.Tests;

/// <summary>
/// <c>precision: bf16-mixed</c>: which layers compute in bfloat16, that everything the optimizer and
/// checkpoints hold stays float32, how close a mixed forward stays to float32, exact resume, generated and
/// run-time modules alike, and training that still learns.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class MixedPrecisionTests(ITestOutputHelper output) : IDisposable
{
    // bfloat16 keeps 8 significant bits: 1 + 2^-8 lies halfway between 1 and the next bfloat16, 1 + 2^-7, and
    // rounds to even, to 1; 1 + 3·2^-8 rounds up to 1 + 2^-6... (to 1.015625). Float32 keeps both exactly.
    private const float HalfwayAboveOne = 1.00390625f;
    private const float ThreeStepsAboveOne = 1.01171875f;

    private readonly string folder = Directory.CreateTempSubdirectory("gangen-bf16-").FullName;

    [Fact]
    public void ALinearLayerRoundsItsInputAndWeightsToBfloat16AndItsGradientReachesTheFloat32Weight()
    {
        using var scope = NewDisposeScope();
        using var linear = nn.Linear(2, 1);
        using (no_grad())
        {
            linear.weight.copy_(tensor(new[] { HalfwayAboveOne, 1f }).view(1, 2));
            linear.bias!.zero_();
        }

        var x = tensor(new[] { ThreeStepsAboveOne, 1f }).view(1, 2);
        Tensor y;
        using (MixedPrecision.Enter(PrecisionKind.Bf16Mixed))
        {
            y = MixedPrecision.Forward(linear, x);
        }

        // bf16: 1 · 1.015625 + 1 · 1 = 2.015625, which bfloat16 holds exactly (2 + 2^-6). Float32: 2.02...
        Assert.Equal(ScalarType.BFloat16, y.dtype);
        Assert.Equal(2.015625f, y.to(ScalarType.Float32).item<float>());
        Assert.Equal(HalfwayAboveOne * ThreeStepsAboveOne + 1f, MixedPrecision.Forward(linear, x).item<float>(), 6);

        // dy/dw = x as the layer saw it: rounded to bfloat16, delivered to the float32 weight as float32.
        y.to(ScalarType.Float32).sum().backward();
        Assert.Equal(ScalarType.Float32, linear.weight.grad!.dtype);
        Assert.Equal(new[] { 1.015625f, 1f }, linear.weight.grad.data<float>().ToArray());
        Assert.Equal(ScalarType.Float32, linear.weight.dtype);
    }

    [Fact]
    public void ConvolutionsComputeInBfloat16WithinTheRoundingBoundOfFloat32()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var conv = nn.Conv2d(8, 16, (3, 3), stride: (2, 2), padding: (1, 1));
        using var transposed = nn.ConvTranspose2d(8, 4, (4, 4), stride: (2, 2), padding: (1, 1), output_padding: (1, 1));
        var x = randn(4, 8, 9, 9);

        foreach (var (layer, magnitudes) in new (nn.Module<Tensor, Tensor>, Func<Tensor, Tensor>)[]
        {
            (conv, input => F.conv2d(input, conv.weight.abs(), conv.bias!.abs(), conv.stride, conv.padding!, conv.dilation, conv.groups)),
            (transposed, input => F.conv_transpose2d(input, transposed.weight.abs(), transposed.bias!.abs(), transposed.stride, transposed.padding!, transposed.output_padding, transposed.dilation, transposed.groups)),
        })
        {
            var exact = layer.forward(x);
            Tensor mixed;
            using (MixedPrecision.Enter(PrecisionKind.Bf16Mixed))
            {
                mixed = MixedPrecision.Forward(layer, x);
            }

            // Rounding x and w to bfloat16 moves each product by at most (1 + 2^-9)² - 1 < 2^-7.99 of |w·x|, the
            // float32 accumulation adds far less, and the result's own rounding at most 2^-9 of it: so
            // |mixed - exact| <= 2^-8 · Σ|w||x| + 2^-8 · |exact| (taking 2^-8 for 2^-9 plus accumulation slack).
            Assert.Equal(ScalarType.BFloat16, mixed.dtype);
            var error = (mixed.to(ScalarType.Float32) - exact).abs();
            var bound = (magnitudes(x.abs()) + exact.abs()) * Math.Pow(2, -8);
            Assert.True(error.le(bound).all().item<bool>(), $"{layer.GetType().Name}: error beyond the bfloat16 bound");

            // And it did round: float32 and bfloat16 results differ.
            Assert.True(error.max().item<float>() > 0, $"{layer.GetType().Name} computed in float32");
        }
    }

    [Fact]
    public void OutsideMixedPrecisionEveryHelperIsTheFloat32Forward()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var linear = nn.Linear(5, 3);
        var x = randn(2, 5);

        Assert.False(MixedPrecision.IsActive);
        Assert.True(MixedPrecision.Forward(linear, x).eq(linear.forward(x)).all().item<bool>());
        Assert.Same(x, MixedPrecision.Lower(x));
        var low = x.to(ScalarType.BFloat16);
        Assert.Same(low, MixedPrecision.Float32(low));

        // A float32 scope inside a mixed one turns it off, and each scope restores what was before it.
        using (MixedPrecision.Enter(PrecisionKind.Bf16Mixed))
        {
            using (MixedPrecision.Enter(PrecisionKind.Float32))
            {
                Assert.False(MixedPrecision.IsActive);
            }

            Assert.True(MixedPrecision.IsActive);
        }

        Assert.False(MixedPrecision.IsActive);
    }

    [Fact]
    public void AGeneratedModelRunsItsLinearLayersInBfloat16AndReturnsFloat32()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var g = new OneDGenerator();
        var layers = g.children().OfType<Linear>().ToArray();
        var z = randn(16, 1) * 3;

        Tensor mixed;
        using (MixedPrecision.Enter(PrecisionKind.Bf16Mixed))
        {
            mixed = g.forward(z);
        }

        // The same chain written by hand in bfloat16: Linear, Softplus, Linear.
        Tensor Low(Tensor t) => t.to(ScalarType.BFloat16);
        var hidden = F.softplus(F.linear(Low(z), Low(layers[0].weight), Low(layers[0].bias!)));
        var byHand = F.linear(hidden, Low(layers[1].weight), Low(layers[1].bias!)).to(ScalarType.Float32);

        Assert.Equal(ScalarType.Float32, mixed.dtype);
        Assert.True(mixed.eq(byHand).all().item<bool>(), "the generated model does not compute the bfloat16 chain");
        Assert.False(mixed.eq(g.forward(z)).all().item<bool>(), "bf16-mixed gave the float32 output");
    }

    [Fact]
    public void AMixedForwardOfTheDcganStaysWithinBfloat16ToleranceOfFloat32()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        using var g = Dcgan.CreateGenerator();
        using var d = Dcgan.CreateDiscriminator();
        g.eval();
        d.eval();
        var z = randn(32, 100);

        var images = g.forward(z);
        var scores = d.forward(images);
        Tensor mixedImages;
        Tensor mixedScores;
        using (MixedPrecision.Enter(PrecisionKind.Bf16Mixed))
        {
            mixedImages = g.forward(z);
            mixedScores = d.forward(images);
        }

        // One lowered layer moves its output by at most about 2^-8 of its scale (the bound above); G has three
        // lowered layers, D three, so at most about 3 · 2^-8 ≈ 0.012 of the scale where the errors add up in
        // the same direction. Measured (seed 6): G's pixels (in [-1, 1]) within 0.005, D's logits within 0.4% of
        // their largest magnitude. The bound, 2^-5 ≈ 0.031, is 2.5 times the worst case of three layers: room
        // for other CPUs' summation order, yet a layer left in float32 (error 0) or computed in a
        // format of 4 significant bits (2^-5 per rounding) would fail one side.
        var pixelError = (mixedImages - images).abs().max().item<float>();
        var scoreError = (mixedScores - scores).abs().max().item<float>() / scores.abs().max().item<float>();
        output.WriteLine($"G max pixel error {pixelError}, D max logit error {scoreError} of the largest logit");
        Assert.Equal(ScalarType.Float32, mixedImages.dtype);
        Assert.Equal(ScalarType.Float32, mixedScores.dtype);
        Assert.InRange(pixelError, 1e-6, 0.032);
        Assert.InRange(scoreError, 1e-6, 0.032);
    }

    [Fact]
    public void AMixedStepKeepsWeightsGradientsOptimizerStateAndBatchNormStatisticsInFloat32()
    {
        var (trainer, g, d, optimizers) = NewDcganTrainer(PrecisionKind.Bf16Mixed, initSeed: 7);
        var before = g.parameters().Select(p => p.clone()).ToArray();

        var step = trainer.Step();

        Assert.True(double.IsFinite(step.DiscriminatorLoss) && double.IsFinite(step.GeneratorLoss), step.ToString());
        Assert.All(g.parameters().Concat(d.parameters()), p =>
        {
            Assert.Equal(ScalarType.Float32, p.dtype);
            Assert.Equal(ScalarType.Float32, p.grad!.dtype);
        });
        Assert.All(g.buffers().Concat(d.buffers()).Where(b => b.is_floating_point()), b => Assert.Equal(ScalarType.Float32, b.dtype));
        var states = optimizers.SelectMany(o => o.state_dict().State).Cast<Adam.State>().ToArray();
        Assert.Equal(g.parameters().Count() + d.parameters().Count(), states.Length);
        Assert.All(states, s =>
        {
            Assert.Equal(1, s.step);
            Assert.Equal(ScalarType.Float32, s.exp_avg.dtype);
            Assert.Equal(ScalarType.Float32, s.exp_avg_sq.dtype);
        });
        Assert.Contains(g.parameters().Zip(before), pair => !pair.First.eq(pair.Second).all().item<bool>());
        Assert.False(MixedPrecision.IsActive);
    }

    [Fact]
    public void AMixedStepDiffersFromAFloat32StepOnlyByRounding()
    {
        var (mixed, gMixed, _, _) = NewDcganTrainer(PrecisionKind.Bf16Mixed, initSeed: 8);
        var (full, gFull, _, _) = NewDcganTrainer(PrecisionKind.Float32, initSeed: 8);

        manual_seed(30);
        var a = mixed.Step();
        manual_seed(30);
        var b = full.Step();

        output.WriteLine($"bf16-mixed {a}; float32 {b}");
        Assert.NotEqual(a.DiscriminatorLoss, b.DiscriminatorLoss);
        Assert.Equal(b.DiscriminatorLoss, a.DiscriminatorLoss, 0.02);
        Assert.Equal(b.GeneratorLoss, a.GeneratorLoss, 0.02);
        Assert.All(gMixed.parameters().Zip(gFull.parameters()), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 1e-3)));
    }

    [Fact]
    public void AResumedMixedRunEndsWithTheUninterruptedRunsWeights()
    {
        var path = Path.Combine(folder, "run.ckpt");
        // D's dropout draws from libtorch's global generator, which checkpoints do not hold: each step seeds it
        // alike in both runs, so the test sees what the checkpoint restores (weights, Adam, batch-norm
        // statistics, the trainer's own generator).
        var (straight, g1, d1, _) = NewDcganTrainer(PrecisionKind.Bf16Mixed, initSeed: 9);
        for (var i = 0; i < 8; i++)
        {
            manual_seed(100 + i);
            straight.Step();
            if (i == 3)
            {
                Checkpoint.Save(straight, path);
            }
        }

        var (resumed, g2, d2, _) = NewDcganTrainer(PrecisionKind.Bf16Mixed, initSeed: 99);
        Checkpoint.Load(resumed, path);
        Assert.Equal(4, resumed.StepsDone);
        while (resumed.StepsDone < 8)
        {
            manual_seed(100 + resumed.StepsDone);
            resumed.Step();
        }

        foreach (var (a, b) in g1.state_dict().Concat(d1.state_dict()).Zip(g2.state_dict().Concat(d2.state_dict())))
        {
            Assert.Equal(a.Key, b.Key);
            Assert.True(a.Value.eq(b.Value).all().item<bool>(), $"{a.Key} differs after resume");
        }
    }

    [Fact]
    public void GeneratedAndRunTimeLoadedDcgansTrainIdenticallyInBf16Mixed()
    {
        var (generated, g1, d1, _) = NewDcganTrainer(PrecisionKind.Bf16Mixed, initSeed: 10);
        var spec = LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "Models.yaml"));
        using var g2 = spec.CreateModel("DcganGenerator");
        using var d2 = spec.CreateModel("DcganDiscriminator");
        g2.load_state_dict(g1.state_dict());
        d2.load_state_dict(d1.state_dict());
        var loaded = Trainer(g2, d2, PrecisionKind.Bf16Mixed).Trainer;

        for (var i = 0; i < 3; i++)
        {
            manual_seed(20 + i);
            var a = generated.Step();
            manual_seed(20 + i);
            var b = loaded.Step();
            Assert.Equal(a, b);
        }

        foreach (var (a, b) in g1.parameters().Concat(d1.parameters()).Zip(g2.parameters().Concat(d2.parameters())))
        {
            Assert.True(a.eq(b).all().item<bool>(), "generated and run-time loaded parameters differ");
        }
    }

    // The 1-D seed's own test (OneDGanTrainingTests), in bf16-mixed: its Linear layers compute in bfloat16,
    // minibatch discrimination and the loss in float32. G's samples near 4 are bfloat16 steps of 2^-5 apart,
    // far finer than the targets.
    [Fact]
    public void TheOneDGanLearnsTheTargetGaussianInBf16Mixed()
    {
        torch.manual_seed(42);
        using var g = new OneDGenerator();
        using var d = new OneDMinibatchDiscriminator();
        GanTrainer.PretrainDiscriminator(d, optim.SGD(d.parameters(), 0.005), Samplers.Uniform(-5, 5, 1), x => Samplers.GaussianDensity(x, 4, 0.5), steps: 1000, batchSize: 12, seed: 1);
        var trainer = new GanTrainer(g, d, new NonSaturatingLoss(fromLogits: false), optim.SGD(g.parameters(), 0.005), optim.SGD(d.parameters(), 0.005),
            Samplers.Stratified(8), Samplers.Gaussian(4, 0.5), batchSize: 12, seed: 2)
        {
            GeneratorSchedule = new LearningRateSchedule(0.005, Decay: 0.95, DecaySteps: 150),
            DiscriminatorSchedule = new LearningRateSchedule(0.005, Decay: 0.95, DecaySteps: 150),
            Precision = PrecisionKind.Bf16Mixed,
        };
        for (var i = 0; i < 5000; i++)
        {
            trainer.Step();
        }

        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var samples = g.forward(Samplers.Stratified(8)(10_000, null));
            var (mean, std) = (samples.mean().item<float>(), samples.std().item<float>());
            output.WriteLine($"mean {mean}, std {std}");
            Assert.InRange(mean, 4 - 0.3, 4 + 0.3);
            Assert.InRange(std, 0.5 * 0.5, 0.5 * 1.5);
        }
    }

    [Fact]
    public void TheGeneratedGanClassCarriesThePrecisionAsTheLoaderReadsIt()
    {
        var spec = LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "EveryLayer.yaml"));

        Assert.Equal(PrecisionKind.Bf16Mixed, MixedPair.Training.Precision);
        Assert.Equal(MixedPair.Training, spec.Gan("MixedPair").Training);
        Assert.Equal(PrecisionKind.Float32, KerasDcgan.Training.Precision);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static (GanTrainer Trainer, nn.Module G, nn.Module D, Adam[] Optimizers) NewDcganTrainer(PrecisionKind precision, int initSeed)
    {
        manual_seed(initSeed);
        var g = Dcgan.CreateGenerator();
        var d = Dcgan.CreateDiscriminator();
        var (trainer, optimizers) = Trainer(g, d, precision);
        return (trainer, g, d, optimizers);
    }

    private static (GanTrainer Trainer, Adam[] Optimizers) Trainer(nn.Module g, nn.Module d, PrecisionKind precision)
    {
        Sampler images = (batch, random) => (rand(new[] { batch, 1L, 28, 28 }, generator: random) * 2) - 1;
        var optimizers = new[] { optim.Adam(g.parameters(), 2e-4, 0.5), optim.Adam(d.parameters(), 2e-4, 0.5) };
        var trainer = new GanTrainer(g, d, 0, new NonSaturatingLoss(), optimizers[0], optimizers[1], Samplers.Normal(100), Samplers.Unlabelled(images), batchSize: 8, seed: 4)
        {
            Precision = precision,
        };
        return (trainer, optimizers);
    }
}
