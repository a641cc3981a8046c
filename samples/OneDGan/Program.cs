using System;
using System.Diagnostics;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

// The 1-D GAN seed: G (softplus, hidden width 4) maps stratified noise on [-8, 8] to samples; D (tanh,
// widths 8, minibatch discrimination unless --no-minibatch) is pretrained on the true density with
// MSE, then both play the non-saturating game with SGD decayed by 0.95 every 150 steps.
var minibatch = Array.IndexOf(args, "--no-minibatch") < 0;
torch.set_num_threads(Math.Min(Environment.ProcessorCount, 2));
torch.manual_seed(42);

using var g = OneD.CreateGenerator();
using nn.Module<Tensor, Tensor> d = minibatch ? OneDMinibatch.CreateDiscriminator() : OneD.CreateDiscriminator();
Console.WriteLine(OneDGenerator.Summary);
Console.WriteLine(minibatch ? OneDMinibatchDiscriminator.Summary : OneDDiscriminator.Summary);

var pretrainLoss = GanTrainer.PretrainDiscriminator(
    d, optim.SGD(d.parameters(), 0.005), Samplers.Uniform(-5, 5, 1), x => Samplers.GaussianDensity(x, 4, 0.5), steps: 1000, batchSize: 12, seed: 1);
Console.WriteLine($"D pretrained on the density of N(4, 0.5): MSE {pretrainLoss:F4}");

var gOpt = optim.SGD(g.parameters(), 0.005);
var dOpt = optim.SGD(d.parameters(), 0.005);
var trainer = new GanTrainer(g, d, new NonSaturatingLoss(fromLogits: false), gOpt, dOpt, Samplers.Stratified(8), Samplers.Gaussian(4, 0.5), batchSize: 12, seed: 2)
{
    GeneratorSchedule = new LearningRateSchedule(0.005, Decay: 0.95, DecaySteps: 150),
    DiscriminatorSchedule = new LearningRateSchedule(0.005, Decay: 0.95, DecaySteps: 150),
};

var clock = Stopwatch.StartNew();
for (var i = 1; i <= 5000; i++)
{
    var step = trainer.Step();
    if (i % 500 == 0)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var samples = g.forward(Samplers.Stratified(8)(10_000, null));
        Console.WriteLine($"step {i,5}  D loss {step.DiscriminatorLoss:F3}  G loss {step.GeneratorLoss:F3}  D(x) {step.RealScore:F3}  D(G(z)) {step.FakeScore:F3}  generated mean {samples.mean().item<float>():F3} std {samples.std().item<float>():F3}");
    }
}

Console.WriteLine($"5000 steps in {clock.Elapsed.TotalSeconds:F1} s; target: mean 4, std 0.5");
