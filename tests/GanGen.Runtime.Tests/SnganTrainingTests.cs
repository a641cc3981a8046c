using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// The conditional SNGAN pair of Models.yaml trains: a few hinge-loss steps on random 32x32 RGB batches
/// with labels (there is no colour data set yet), through conditional batch norm, self-attention, spectral
/// norm and the projection head.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class SnganTrainingTests
{
    private const int Classes = 10;

    [Fact]
    public void ConditionalSnganTrainsWithFiniteLossesAndMovesEveryParameter()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var g = new ConditionalSnganGenerator();
        using var d = new ConditionalSnganDiscriminator();
        var before = g.parameters().Concat(d.parameters()).Select(p => p.detach().clone()).ToArray();

        Sampler noise = (batch, generator) => randn(new[] { batch, 128L }, generator: generator);
        LabeledSampler data = (batch, generator) =>
            (rand(new[] { batch, 3L, 32, 32 }, generator: generator) * 2 - 1, randint(Classes, new[] { batch }, generator: generator));
        var trainer = new GanTrainer(g, d, Classes, new HingeLoss(),
            optim.Adam(g.parameters(), 2e-4, 0.0, 0.9), optim.Adam(d.parameters(), 2e-4, 0.0, 0.9),
            noise, data, batchSize: 4, seed: 1);

        for (var i = 0; i < 3; i++)
        {
            var step = trainer.Step();
            Assert.True(double.IsFinite(step.DiscriminatorLoss) && double.IsFinite(step.GeneratorLoss), $"step {step.Step}: {step}");
        }

        // Self-attention's convolutions get no gradient while γ is 0, so they move only from the second step on.
        var after = g.parameters().Concat(d.parameters()).ToArray();
        Assert.All(Enumerable.Range(0, after.Length), i => Assert.False(after[i].eq(before[i]).all().item<bool>(), $"parameter {i} did not change"));
    }

    [Fact]
    public void LabelsReachTheScoreAndEveryGeneratorBlock()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var g = new ConditionalSnganGenerator();
        using var d = new ConditionalSnganDiscriminator();
        g.eval();
        d.eval();
        var images = rand(2, 3, 32, 32) * 2 - 1;
        var (some, others) = (tensor(new long[] { 0, 1 }), tensor(new long[] { 7, 8 }));

        Assert.False(d.forward(images, some).allclose(d.forward(images, others)), "D's score ignores the labels");

        // Each conditional block's embedding gets a gradient only if the labels reach its batch norms.
        g.train();
        g.forward(randn(2, 128), some).sum().backward();
        var embeddings = g.named_parameters().Where(p => p.name.Contains("embed")).ToArray();
        Assert.Equal(6, embeddings.Length);
        Assert.All(embeddings, p => Assert.True(p.parameter.grad is { } grad && grad.abs().sum().item<float>() > 0, $"{p.name} gets no gradient"));
    }
}
