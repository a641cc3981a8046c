using GanGen.Runtime.Losses;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>Each GAN loss against values worked out by hand (σ is the logistic sigmoid, sp softplus).</summary>
public sealed class LossTests
{
    private const int Digits = 5;

    [Fact]
    public void NonSaturatingOnLogitsIsBinaryCrossEntropy()
    {
        using var scope = NewDisposeScope();
        var loss = new NonSaturatingLoss();

        // D: -(log σ(2) + log(1 - σ(-1))) = sp(-2) + sp(-1) = 0.126928 + 0.313262.
        Assert.Equal(0.440190, Value(loss.Discriminator(Column(2), Column(-1))), Digits);

        // G: -log σ(-1) = sp(1).
        Assert.Equal(1.313262, Value(loss.Generator(Column(-1))), Digits);

        // At D's indifference point both terms are log 2.
        Assert.Equal(2 * System.Math.Log(2), Value(loss.Discriminator(Column(0), Column(0))), Digits);
    }

    [Fact]
    public void NonSaturatingOnProbabilitiesUsesLogs()
    {
        using var scope = NewDisposeScope();
        var loss = new NonSaturatingLoss(fromLogits: false);

        // D: -(ln 0.8 + ln 0.7); G: -ln 0.3.
        Assert.Equal(0.579818, Value(loss.Discriminator(Column(0.8), Column(0.3))), Digits);
        Assert.Equal(1.203973, Value(loss.Generator(Column(0.3))), Digits);
    }

    [Fact]
    public void OneSidedLabelSmoothingWeightsTheRealTerm()
    {
        using var scope = NewDisposeScope();
        var loss = new NonSaturatingLoss(realLabel: 0.9);

        // Real: -(0.9 log σ(2) + 0.1 log(1 - σ(2))) = 0.9·0.126928 + 0.1·2.126928; fake: sp(-1) = 0.313262.
        Assert.Equal(0.640190, Value(loss.Discriminator(Column(2), Column(-1))), Digits);
    }

    [Fact]
    public void MinimaxGeneratorMinimisesLogOneMinusD()
    {
        using var scope = NewDisposeScope();
        var loss = new MinimaxLoss();

        // log(1 - σ(0)) = -log 2; D's loss is the same as the non-saturating one.
        Assert.Equal(-0.693147, Value(loss.Generator(Column(0))), Digits);
        Assert.Equal(0.440190, Value(loss.Discriminator(Column(2), Column(-1))), Digits);
    }

    [Fact]
    public void LeastSquaresRegressesToOneAndZero()
    {
        using var scope = NewDisposeScope();
        var loss = new LeastSquaresLoss();

        // D: 0.5 (mean(0.25, 0.25) + 0.04); G: 0.5 · 0.64.
        Assert.Equal(0.145, Value(loss.Discriminator(Column(0.5, 1.5), Column(0.2))), Digits);
        Assert.Equal(0.32, Value(loss.Generator(Column(0.2))), Digits);
    }

    [Fact]
    public void HingeClipsAtTheMargin()
    {
        using var scope = NewDisposeScope();
        var loss = new HingeLoss();

        // D: mean(relu(1 - [0.5, 2])) + mean(relu(1 + [-2, 0.5])) = 0.25 + 0.75; G: -mean([-2, 0.5]).
        Assert.Equal(1.0, Value(loss.Discriminator(Column(0.5, 2), Column(-2, 0.5))), Digits);
        Assert.Equal(0.75, Value(loss.Generator(Column(-2, 0.5))), Digits);
    }

    [Fact]
    public void ClassConditionalLossPutsFakesInClassK()
    {
        using var scope = NewDisposeScope();
        var loss = new ClassConditionalLoss(classes: 2);
        var real = tensor(new float[] { 0, 0, 0 }, new long[] { 1, 3 });
        var fake = tensor(new float[] { 0, 0, (float)System.Math.Log(2) }, new long[] { 1, 3 });

        // Real, label 1 of 3 equal logits: log 3. Fake in class 2 with softmax (1, 1, 2)/4: -log(1/2).
        Assert.Equal(1.098612 + 0.693147, Value(loss.Discriminator(real, fake, tensor(new long[] { 1 }))), Digits);

        // G wants the fake classified as label 0: -log(1/4).
        Assert.Equal(1.386294, Value(loss.Generator(fake, tensor(new long[] { 0 }))), Digits);
    }

    [Fact]
    public void WassersteinCriticLossIsTheMeanGap()
    {
        using var scope = NewDisposeScope();
        var loss = new WassersteinGpLoss();
        Assert.Equal(-3.0, Value(loss.Discriminator(Column(2, 4), Column(0))), Digits);
        Assert.Equal(-1.5, Value(loss.Generator(Column(1, 2))), Digits);
    }

    [Fact]
    public void GradientPenaltyOfALinearCriticIsItsSlopeExcess()
    {
        using var scope = NewDisposeScope();
        var loss = new WassersteinGpLoss(penaltyWeight: 10);
        var w = tensor(new float[] { 3, 4 }, new long[] { 2, 1 });

        // C(x) = x·(3, 4) has gradient (3, 4) everywhere: ‖∇C‖ = 5, penalty 10 · (5 - 1)² = 160.
        var penalty = loss.GradientPenalty(x => x.matmul(w), randn(4, 2), randn(4, 2));
        Assert.Equal(160.0, Value(penalty), 3);
    }

    private static Tensor Column(params double[] values) =>
        tensor(System.Array.ConvertAll(values, v => (float)v), new long[] { values.Length, 1 });

    private static double Value(Tensor scalar) => scalar.item<float>();
}
