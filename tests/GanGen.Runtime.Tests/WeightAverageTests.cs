using System;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Training;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>The generator's weight average, step by step against hand-computed values.</summary>
public sealed class WeightAverageTests
{
    [Fact]
    public void AverageFollowsTheExponentialMovingAverageFormula()
    {
        using var source = new OneDGenerator();
        using var average = new OneDGenerator();
        var first = source.parameters().First();
        using (no_grad())
        {
            first.fill_(1);
        }

        var ema = new WeightAverage(source, average, decay: 0.9, startStep: 2);
        var averaged = average.parameters().First();
        Assert.Equal(1f, averaged[0, 0].item<float>());

        using (no_grad())
        {
            first.fill_(3);
        }

        ema.Update(step: 1);
        Assert.Equal(3f, averaged[0, 0].item<float>()); // before startStep the average copies

        using (no_grad())
        {
            first.fill_(5);
        }

        ema.Update(step: 2);
        Assert.Equal((0.9f * 3) + (0.1f * 5), averaged[0, 0].item<float>(), 5); // 3.2
    }

    [Fact]
    public void AverageNeedsTheSameArchitecture()
    {
        using var g = new OneDGenerator();
        using var d = new OneDDiscriminator();
        Assert.Throws<ArgumentException>(() => new WeightAverage(g, d));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WeightAverage(g, new OneDGenerator(), decay: 1));
    }
}
