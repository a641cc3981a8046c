using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>The 1-D seed, end to end: D pretrained on the true density, then the game, and G learns N(4, 0.5).</summary>
public sealed class OneDGanTrainingTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void GeneratorLearnsTheTargetGaussian(bool minibatch)
    {
        torch.manual_seed(42);
        using var g = new OneDGenerator();
        using nn.Module<Tensor, Tensor> d = minibatch ? new OneDMinibatchDiscriminator() : new OneDDiscriminator();

        var pretrain = optim.SGD(d.parameters(), 0.005);
        var pre = GanTrainer.PretrainDiscriminator(d, pretrain, Samplers.Uniform(-5, 5, 1), x => Samplers.GaussianDensity(x, 4, 0.5), steps: 1000, batchSize: 12, seed: 1);

        var gOpt = optim.SGD(g.parameters(), 0.005);
        var dOpt = optim.SGD(d.parameters(), 0.005);
        var trainer = new GanTrainer(g, d, new NonSaturatingLoss(fromLogits: false), gOpt, dOpt, Samplers.Stratified(8), Samplers.Gaussian(4, 0.5), batchSize: 12, seed: 2)
        {
            Schedulers = new[] { optim.lr_scheduler.StepLR(gOpt, 150, 0.95), optim.lr_scheduler.StepLR(dOpt, 150, 0.95) },
        };
        // The seed's schedule: 5,000 steps of batch 12, SGD from 0.005 decayed by 0.95 every 150 steps (staircase).
        TrainingStep last = default;
        for (var i = 0; i < 5000; i++)
        {
            last = trainer.Step();
        }

        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var samples = g.forward(Samplers.Stratified(8)(10_000, null));
            var mean = samples.mean().item<float>();
            var std = samples.std().item<float>();
            output.WriteLine($"pretrain {pre}, final {last}, mean {mean}, std {std}");
            Assert.InRange(mean, 4 - 0.3, 4 + 0.3);
            Assert.InRange(std, 0.5 * 0.5, 0.5 * 1.5);
        }
    }
}
