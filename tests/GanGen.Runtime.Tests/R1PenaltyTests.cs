using System.Linq;
using GanGen.Runtime.Losses;
using GanGen.Spec.Training;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>The R1 penalty against values worked by hand on tiny discriminators, and StyleGAN2's lazy schedule.</summary>
public sealed class R1PenaltyTests
{
    [Fact]
    public void ALinearDiscriminatorsGradientIsItsWeight()
    {
        // D(x) = w·x with w = [1, 2, -2]: ∇D = w for every x, ‖w‖² = 9; γ = 10, every 4: 4 · 10/2 · 9 = 180.
        using var weight = tensor(new[] { 1f, 2f, -2f });
        var penalty = new R1Penalty(new R1Settings(10, 4));

        using var value = penalty.Compute(x => x.matmul(weight).unsqueeze(1), tensor(new[,] { { 0.5f, -1f, 3f }, { 7f, 0f, 1f } }));

        Assert.Equal(180f, value.item<float>(), 4);
    }

    [Fact]
    public void ASquareDiscriminatorIsPenalisedPerSampleAndAveraged()
    {
        // D(x) = Σx²: ∇D = 2x, ‖2x‖² = 4‖x‖²: samples [1, 2] and [3, 0] give 20 and 36, mean 28; γ = 1, every 1: 14.
        var penalty = new R1Penalty(new R1Settings(1, 1));

        using var value = penalty.Compute(x => x.square().sum(1, keepdim: true), tensor(new[,] { { 1f, 2f }, { 3f, 0f } }));

        Assert.Equal(14f, value.item<float>(), 4);
    }

    [Fact]
    public void ThePenaltyHasAGradientInDsParameters()
    {
        // D(x) = a·Σx² with a = 0.5, γ = 1: penalty γ/2 · mean(4a²‖x‖²) = 0.5 · mean(5, 9) = 3.5;
        // d/da = γ/2 · mean(8a‖x‖²) = 0.5 · 8 · 0.5 · mean(5, 9) = 14.
        using var a = tensor(0.5f).requires_grad_(true);
        var penalty = new R1Penalty(new R1Settings(1, 1));

        using var value = penalty.Compute(x => a * x.square().sum(1, keepdim: true), tensor(new[,] { { 1f, 2f }, { 3f, 0f } }));
        value.backward();

        Assert.Equal(3.5f, value.item<float>(), 4);
        Assert.Equal(14f, a.grad!.item<float>(), 4);
    }

    [Fact]
    public void ItIsDueOnEveryKthUpdateFromTheFirst()
    {
        var penalty = new R1Penalty(new R1Settings(10, 4));
        Assert.Equal(new long[] { 0, 4, 8 }, Enumerable.Range(0, 10).Select(i => (long)i).Where(penalty.IsDue));
    }
}
