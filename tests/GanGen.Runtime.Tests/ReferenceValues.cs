using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>Setting and checking the values of <see cref="GanLayerReference"/>'s cases.</summary>
internal static class ReferenceValues
{
    /// <summary>
    /// ((a·i + b) mod m − m div 2) / 16 for i = 0, 1, ... in row-major order: multiples of 1/16, exact in
    /// float32, and the same formula as <c>fixed()</c> in bench/pytorch/gan_layers_reference.py.
    /// </summary>
    public static Tensor Fixed(long[] shape, int a, int b, int m = 17)
    {
        var count = shape.Aggregate(1L, (x, y) => x * y);
        var values = Enumerable.Range(0, (int)count).Select(i => (float)((((a * i) + b) % m) - (m / 2)) / 16f).ToArray();
        return tensor(values, shape);
    }

    /// <summary>A parameter or buffer by its state-dict name (the tensor itself, so it can be set in place).</summary>
    public static Tensor State(nn.Module module, string key) => module.state_dict()[key];

    /// <summary>Sets a parameter or buffer without recording the copy for autograd.</summary>
    public static void Set(nn.Module module, string key, Tensor value)
    {
        using var noGrad = no_grad();
        State(module, key).copy_(value);
    }

    /// <summary>Asserts that <paramref name="actual"/> holds <paramref name="expected"/> (row-major) to within rounding.</summary>
    public static void Close(float[] expected, Tensor actual, double tolerance = 1e-5)
    {
        var values = actual.detach().contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        var worst = expected.Zip(values, (e, v) => Math.Abs(e - v)).Max();
        Assert.True(worst <= tolerance, $"largest difference from PyTorch {worst:g3} (tolerance {tolerance:g3}); got [{string.Join(", ", values.Take(6))}, ...]");
    }
}
