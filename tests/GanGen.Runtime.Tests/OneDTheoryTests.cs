using System;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Losses;
using GanGen.Runtime.Metrics;
using GanGen.Spec.Collections;
using GanGen.Spec.Training;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Goodfellow et al.'s 1-D theory, checked against independent numerical integration: JSD, the optimal
/// discriminator, the game's value at the optimum, and what D's loss says about the JSD.
/// </summary>
[Collection(SeededTraining.Name)]
public sealed class OneDTheoryTests(ITestOutputHelper output)
{
    /// <summary>The 1-D seed's data, N(4, 0.5²), as the spec states it.</summary>
    private static readonly DataSettings Data = OneD.Training.Data;

    [Fact]
    public void SeedDataIsTheNormalTheseTestsAssume() =>
        Assert.Equal(new DataSettings(DataKind.Normal, "", new EquatableArray<double>([4.0]), 0.5, PixelScale.None), Data);

    [Fact]
    public void DiscreteJsdByHand()
    {
        Assert.Equal(0, OneDTheory.Jsd([0.2, 0.3, 0.5], [2, 3, 5]), tolerance: 1e-15);
        Assert.Equal(Math.Log(2), OneDTheory.Jsd([1, 0, 0], [0, 3, 1]), tolerance: 1e-15);
        // p = (1, 0), q = (1/2, 1/2), m = (3/4, 1/4): ½ ln(1/(3/4)) + ½ (½ ln((1/2)/(3/4)) + ½ ln((1/2)/(1/4))).
        var expected = (0.5 * Math.Log(4.0 / 3)) + (0.25 * Math.Log(2.0 / 3)) + (0.25 * Math.Log(2));
        Assert.Equal(expected, OneDTheory.Jsd([1, 0], [0.5, 0.5]), tolerance: 1e-15);
        Assert.Throws<ArgumentException>(() => OneDTheory.Jsd([0, 0], [1, 1]));
    }

    [Fact]
    public void DensityJsdOfTwoGaussiansMatchesSimpsonOnAFinerWiderGrid()
    {
        var grid = Grid(-10, 12, 2001);
        var jsd = OneDTheory.DensityJsd(grid, grid.Select(x => Normal(x, 0, 1)).ToArray(), grid.Select(x => Normal(x, 1, 2)).ToArray());
        var reference = ReferenceJsd(x => Normal(x, 0, 1), x => Normal(x, 1, 2));
        output.WriteLine($"JSD(N(0,1), N(1,2²)): {jsd} (reference {reference})");
        Assert.Equal(reference, jsd, tolerance: 1e-3);
        // The same densities as masses of the grid's cells: the discrete JSD is the same integral.
        var masses = OneDTheory.Jsd(grid.Select(x => Normal(x, 0, 1)).ToArray(), grid.Select(x => Normal(x, 1, 2)).ToArray());
        Assert.Equal(reference, masses, tolerance: 1e-3);
    }

    [Fact]
    public void DensityJsdIsZeroForEqualAndLogTwoForDisjointDensities()
    {
        var grid = Grid(-40, 40, 8001);
        var p = grid.Select(x => Normal(x, -20, 1)).ToArray();
        Assert.Equal(0, OneDTheory.DensityJsd(grid, p, p), tolerance: 1e-15);
        Assert.Equal(Math.Log(2), OneDTheory.DensityJsd(grid, p, grid.Select(x => Normal(x, 20, 1)).ToArray()), tolerance: 1e-9);
    }

    [Fact]
    public void HistogramAndKdeJsdOfSamplesFromTheDataAreSmall()
    {
        var samples = Draw(200_000, 4, 0.5, seed: 1);
        var histogram = OneDTheory.HistogramJsd(samples, Data);
        var kde = OneDTheory.KdeJsd(samples, Data);
        output.WriteLine($"data vs itself, 200,000 samples: histogram {histogram}, KDE {kde}");
        Assert.InRange(histogram, 0, 0.01);
        Assert.InRange(kde, 0, 0.01);
    }

    [Fact]
    public void HistogramAndKdeJsdOfACollapsedGeneratorMatchTheExactJsd()
    {
        var samples = Draw(200_000, 4, 0.25, seed: 2);
        var exact = ReferenceJsd(x => Normal(x, 4, 0.5), x => Normal(x, 4, 0.25));
        var histogram = OneDTheory.HistogramJsd(samples, Data);
        var kde = OneDTheory.KdeJsd(samples, Data);
        output.WriteLine($"N(4, 0.25²) vs N(4, 0.5²): exact {exact}, histogram {histogram}, KDE {kde}");
        Assert.InRange(exact, 0.05, 0.2);
        Assert.Equal(exact, histogram, tolerance: 0.01);
        Assert.Equal(exact, kde, tolerance: 0.01);
    }

    [Fact]
    public void SamplesOutsideTheRangeStillCount()
    {
        // Far beyond the range: no bin holds them, yet the generator is as wrong as can be.
        var far = Enumerable.Repeat(100.0, 1000).ToArray();
        Assert.Equal(Math.Log(2), OneDTheory.HistogramJsd(far, Data), tolerance: 1e-9);
        Assert.Equal(Math.Log(2), OneDTheory.KdeJsd(far, Data), tolerance: 1e-9);

        // A fifth off the plot: p_g = 0.8 p_data + 0.2 δ, m = 0.9 p_data + 0.1 δ,
        // JSD = ½ KL(p_data ‖ m) + ½ KL(p_g ‖ m) = ½ ln(1/0.9) + ½ (0.8 ln(0.8/0.9) + 0.2 ln(0.2/0.1)).
        var strays = Draw(160_000, 4, 0.5, seed: 3).Concat(Enumerable.Repeat(-100.0, 40_000)).ToArray();
        var expected = 0.5 * (Math.Log(1 / 0.9) + (0.8 * Math.Log(0.8 / 0.9)) + (0.2 * Math.Log(2)));
        Assert.Equal(expected, OneDTheory.HistogramJsd(strays, Data), tolerance: 0.002);
        Assert.Equal(expected, OneDTheory.KdeJsd(strays, Data), tolerance: 0.002);
    }

    [Fact]
    public void MixtureDataIsTheAverageOfItsComponents()
    {
        var mixture = new DataSettings(DataKind.Mixture, "", new EquatableArray<double>([-2.0, 2.0]), 0.5, PixelScale.None);
        // A generator that found one of the two modes.
        var samples = Draw(100_000, 2, 0.5, seed: 4);
        var exact = ReferenceJsd(x => (Normal(x, -2, 0.5) + Normal(x, 2, 0.5)) / 2, x => Normal(x, 2, 0.5));
        Assert.Equal(exact, OneDTheory.HistogramJsd(samples, mixture), tolerance: 0.005);
        Assert.Equal(exact, OneDTheory.KdeJsd(samples, mixture), tolerance: 0.005);
    }

    [Fact]
    public void NonFiniteSamplesAreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => OneDTheory.HistogramJsd([1, double.NaN], Data));
        Assert.Contains("finite", ex.Message);
    }

    [Fact]
    public void SilvermanBandwidthByHand()
    {
        // 1..5: σ̂ = √2.5, quartiles 2 and 4 (IQR 2, 2/1.34 = 1.49 < 1.58).
        Assert.Equal(0.9 * (2 / 1.34) * Math.Pow(5, -0.2), OneDTheory.SilvermanBandwidth([5, 1, 4, 2, 3]), tolerance: 1e-12);
        Assert.Equal(0, OneDTheory.SilvermanBandwidth([3, 3, 3]));
        Assert.Equal(0.1, OneDTheory.KdeBandwidth([3, 3, 3], gridStep: 0.1));
    }

    [Fact]
    public void KernelDensityIsTheAverageOfGaussianBumps()
    {
        var density = OneDTheory.KernelDensity([0, 2], [0, 1], bandwidth: 0.5);
        Assert.Equal((Normal(0, 0, 0.5) + Normal(0, 2, 0.5)) / 2, density[0], tolerance: 1e-12);
        Assert.Equal(Normal(1, 0, 0.5), density[1], tolerance: 1e-12);
    }

    [Fact]
    public void OptimalDiscriminatorIsTheDensityRatio()
    {
        Assert.Equal(new[] { 0.75, 0.5, 0, 1, 0.5 }, OneDTheory.OptimalDiscriminator([3, 1, 0, 2, 0], [1, 1, 5, 0, 0]));
    }

    [Fact]
    public void GameValueAndDiscriminatorLossAgreeAtTheOptimum()
    {
        Assert.Equal(-Math.Log(4), OneDTheory.MinimumGameValue);
        Assert.Equal(-Math.Log(4), OneDTheory.GameValueAtOptimum(0));
        Assert.Equal(2 * Math.Log(2) - Math.Log(4), OneDTheory.GameValueAtOptimum(Math.Log(2)), tolerance: 1e-15);

        // p_data = N(4, 0.5²), p_g = N(3, 1): D*'s expected cross-entropy, integrated in the test, gives back the JSD.
        var grid = Grid(-6, 14, 20_001);
        var data = grid.Select(x => Normal(x, 4, 0.5)).ToArray();
        var generated = grid.Select(x => Normal(x, 3, 1)).ToArray();
        var optimal = OneDTheory.OptimalDiscriminator(data, generated);
        var loss = -Trapezoid(grid, grid.Select((_, i) => (data[i] * Math.Log(optimal[i])) + (generated[i] * Math.Log(1 - optimal[i]))).ToArray());
        var jsd = OneDTheory.DensityJsd(grid, data, generated);
        Assert.Equal(jsd, OneDTheory.JsdFromDiscriminatorLoss(loss), tolerance: 1e-9);
        Assert.Equal(-loss, OneDTheory.GameValueAtOptimum(jsd), tolerance: 1e-9);
    }

    [Fact]
    public void TrainedDiscriminatorApproachesTheOptimalOne()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(1);
        var d = nn.Sequential(nn.Linear(1, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1));
        // Where p_data + p_g is above 0.1 (about [1.3, 5.1]): further out D* is decided by tails that batches rarely sample.
        var grid = Grid(-2, 9, 1101).Where(x => Normal(x, 4, 0.5) + Normal(x, 3, 1) > 0.1).ToArray();
        var optimal = OneDTheory.OptimalDiscriminator(grid.Select(x => Normal(x, 4, 0.5)).ToArray(), grid.Select(x => Normal(x, 3, 1)).ToArray());
        var untrained = MaxError(d, grid, optimal);

        var random = new TorchSharp.torch.Generator(2);
        var optimizer = optim.Adam(d.parameters(), 0.01);
        var loss = new NonSaturatingLoss();
        for (var step = 0; step < 1500; step++)
        {
            using var stepScope = NewDisposeScope();
            // A large step to get near D*, then a small one so that batch noise does not keep D jittering around it.
            optimizer.ParamGroups.First().LearningRate = step < 1000 ? 0.01 : 0.001;
            optimizer.zero_grad();
            loss.Discriminator(D(d, (randn(256, 1, generator: random) * 0.5) + 4), D(d, randn(256, 1, generator: random) + 3)).backward();
            optimizer.step();
        }

        var trained = MaxError(d, grid, optimal);
        using (no_grad())
        {
            // The trainer's own D loss on large batches: near D* it reads as the JSD (from below, on average).
            var measured = loss.Discriminator(D(d, (randn(200_000, 1, generator: random) * 0.5) + 4), D(d, randn(200_000, 1, generator: random) + 3)).item<float>();
            var exact = ReferenceJsd(x => Normal(x, 4, 0.5), x => Normal(x, 3, 1));
            var implied = OneDTheory.JsdFromDiscriminatorLoss(measured);
            output.WriteLine($"max |D − D*|: untrained {untrained}, trained {trained}; JSD exact {exact}, implied by D's loss {implied}");
            Assert.Equal(exact, implied, tolerance: 0.01);
        }

        Assert.True(untrained > 0.2, $"an untrained D should be far from D*, but is within {untrained}");
        // Measured 0.034, at the region's right edge (x ≈ 5.1, where D* turns down); 0.02 or less elsewhere.
        Assert.True(trained < 0.05, $"a trained D should be within 0.05 of D*, but is {trained} off");
    }

    /// <summary>D's logits at x, with x centred where the data are: tanh units then start in their responsive range.</summary>
    private static Tensor D(nn.Module<Tensor, Tensor> d, Tensor x) => d.forward(x - 3.5);

    private static double MaxError(nn.Module<Tensor, Tensor> d, double[] grid, double[] optimal)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var probability = D(d, tensor(grid.Select(x => (float)x).ToArray()).unsqueeze(1)).sigmoid().flatten().to(ScalarType.Float64).data<double>().ToArray();
        return probability.Zip(optimal, (a, b) => Math.Abs(a - b)).Max();
    }

    /// <summary>
    /// JSD by composite Simpson's rule on [−30, 30] with 60,000 intervals, written out here rather than
    /// taken from <see cref="OneDTheory"/>: KL of each density to their midpoint.
    /// </summary>
    private static double ReferenceJsd(Func<double, double> p, Func<double, double> q)
    {
        const int intervals = 60_000;
        const double low = -30, high = 30;
        var h = (high - low) / intervals;
        var sum = 0.0;
        for (var i = 0; i <= intervals; i++)
        {
            var x = low + (i * h);
            var (a, b) = (p(x), q(x));
            var value = (a > 0 ? a * Math.Log(2 * a / (a + b)) : 0) + (b > 0 ? b * Math.Log(2 * b / (a + b)) : 0);
            sum += value * (i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2);
        }

        return sum * h / 3 / 2;
    }

    private static double Trapezoid(double[] x, double[] y) =>
        Enumerable.Range(1, x.Length - 1).Sum(i => (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2);

    private static double Normal(double x, double mean, double std) =>
        Math.Exp(-0.5 * Math.Pow((x - mean) / std, 2)) / (std * Math.Sqrt(2 * Math.PI));

    private static double[] Grid(double low, double high, int points) =>
        Enumerable.Range(0, points).Select(i => low + ((high - low) * i / (points - 1))).ToArray();

    private static double[] Draw(int count, double mean, double std, ulong seed)
    {
        using var scope = NewDisposeScope();
        var random = new TorchSharp.torch.Generator(seed);
        return ((randn(count, ScalarType.Float64, generator: random) * std) + mean).data<double>().ToArray();
    }
}
