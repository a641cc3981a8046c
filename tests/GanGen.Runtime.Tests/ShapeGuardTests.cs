using System;
using GanGen.Models;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>A wrong input fails at the generated module's door, naming the model and both shapes.</summary>
public sealed class ShapeGuardTests
{
    [Fact]
    public void WrongInputShapeNamesModelAndShapes()
    {
        using var scope = NewDisposeScope();
        using var g = new VanillaGenerator();
        var error = Assert.Throws<ArgumentException>(() => g.forward(randn(2, 99)));
        Assert.StartsWith("VanillaGenerator takes input [batch,100], but got [2,99]", error.Message);
        Assert.Equal("input", error.ParamName);
    }

    [Fact]
    public void MissingBatchDimensionIsRejected()
    {
        using var scope = NewDisposeScope();
        using var d = new KerasDcganDiscriminator();
        var error = Assert.Throws<ArgumentException>(() => d.forward(randn(1, 28, 28)));
        Assert.StartsWith("KerasDcganDiscriminator takes input [batch,1,28,28], but got [1,28,28]", error.Message);
    }

    [Fact]
    public void LabelsMustBeInt64PerSample()
    {
        using var scope = NewDisposeScope();
        using var g = new ConditionalDcganGenerator();
        var error = Assert.Throws<ArgumentException>(() => g.forward(randn(2, 100), tensor(new float[] { 1, 2 })));
        Assert.StartsWith("ConditionalDcganGenerator takes labels as int64 [batch] class indices for a batch of 2, but got Float32 [2]", error.Message);
        Assert.Equal("labels", error.ParamName);
    }
}
