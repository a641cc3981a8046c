using System;
using System.Collections.Generic;
using GanGen.Runtime.Data;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// <see cref="GanLoss.DiscriminatorPenalty"/> as the trainer uses it, on a pair whose every value is known:
/// G = Linear(1, 1) with weight 1 and bias 0 on zero noise (fakes are 0), real data all 2, a linear
/// D(x) = 3x + 0.5, and learning rate 0 so the step reports the loss of exactly these weights.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class PenaltyHookTests
{
    [Fact]
    public void WassersteinGpPenaltyReachesTheCriticLossThroughTheHook()
    {
        var step = OneStep(new WassersteinGpLoss(penaltyWeight: 10));

        // E[C(fake)] - E[C(real)] = 0.5 - 6.5; ‖∇C‖ = 3 everywhere, so the penalty is 10 · (3 - 1)² = 40.
        Assert.Equal(34.0, step.DiscriminatorLoss, 4);
        Assert.Equal(-0.5, step.GeneratorLoss, 5);
    }

    [Fact]
    public void ALossOfOnesOwnAddsItsPenaltyAndSeesDAndBothBatches()
    {
        var loss = new PenalisedLeastSquares(5);

        var step = OneStep(loss);

        // Least squares: 0.5 · ((6.5 - 1)² + 0.5²) = 15.25; the hook adds 5. G's loss has no penalty: 0.5 · (0.5 - 1)².
        Assert.Equal(20.25, step.DiscriminatorLoss, 4);
        Assert.Equal(0.125, step.GeneratorLoss, 5);
        var call = Assert.Single(loss.Calls);
        Assert.Equal((2.0, 0.0, 3.5), call);
    }

    [Fact]
    public void OnlyWassersteinGpHasAPenalty()
    {
        using var scope = NewDisposeScope();
        Func<Tensor, Tensor> critic = x => x * 3;
        var batch = ones(2, 1);
        foreach (var loss in new GanLoss[] { new NonSaturatingLoss(), new MinimaxLoss(), new LeastSquaresLoss(), new HingeLoss(), new ClassConditionalLoss(2) })
        {
            Assert.Null(loss.DiscriminatorPenalty(critic, batch, batch));
        }

        Assert.NotNull(new WassersteinGpLoss().DiscriminatorPenalty(critic, batch, batch));
    }

    private static TrainingStep OneStep(GanLoss loss)
    {
        using var g = nn.Linear(1, 1);
        using var d = nn.Linear(1, 1);
        using (no_grad())
        {
            g.weight!.fill_(1);
            g.bias!.zero_();
            d.weight!.fill_(3);
            d.bias!.fill_(0.5);
        }

        Sampler noise = (batch, _) => zeros(batch, 1);
        Sampler data = (batch, _) => full(batch, 1, 2f);
        var trainer = new GanTrainer(g, d, loss, optim.SGD(g.parameters(), 0), optim.SGD(d.parameters(), 0), noise, data, batchSize: 4, seed: 1);
        return trainer.Step();
    }

    /// <summary>Least squares plus a constant penalty; records the real and fake values and D(1) the hook saw.</summary>
    private sealed class PenalisedLeastSquares(float penalty) : GanLoss
    {
        private readonly LeastSquaresLoss inner = new();

        public List<(double Real, double Fake, double DOfOne)> Calls { get; } = new();

        public override string Name => "penalised";

        public override Tensor Discriminator(Tensor real, Tensor fake, Tensor? labels = null) => inner.Discriminator(real, fake, labels);

        public override Tensor Generator(Tensor fake, Tensor? labels = null) => inner.Generator(fake, labels);

        public override Tensor? DiscriminatorPenalty(Func<Tensor, Tensor> discriminator, Tensor real, Tensor fake)
        {
            Calls.Add((real.mean().item<float>(), fake.mean().item<float>(), discriminator(ones(1, 1)).item<float>()));
            return tensor(penalty);
        }
    }
}
