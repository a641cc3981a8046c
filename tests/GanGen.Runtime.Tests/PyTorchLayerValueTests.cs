using System;
using System.Linq;
using GanGen.Runtime.Specs;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>One case of <see cref="PyTorchLayerValues"/>: a YAML layer entry and what PyTorch computes for it.</summary>
/// <param name="Name">What the case checks.</param>
/// <param name="Layer">The layer entry as written in a spec.</param>
/// <param name="Input">The batched input shape.</param>
/// <param name="Parameters">The module's parameters in order, as PyTorch's module held them.</param>
/// <param name="OutputShape">PyTorch's output shape, batch included.</param>
/// <param name="Output">PyTorch's output, flattened.</param>
/// <param name="Buffers">PyTorch's floating-point buffers (running statistics) after the forward pass, in order.</param>
internal sealed record PyTorchLayerCase(string Name, string Layer, long[] Input, float[][] Parameters, long[] OutputShape, float[] Output, float[][] Buffers);

/// <summary>
/// The newer layers against PyTorch 1.13: each YAML entry of <see cref="PyTorchLayerValues"/> is built by the
/// run-time loader (the same recipe the generator writes), given PyTorch's parameters and the same fixed
/// input, and must compute PyTorch's output (and running statistics) in training mode.
/// </summary>
public sealed class PyTorchLayerValueTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> CaseNames => new(PyTorchLayerValues.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void LayerComputesWhatPyTorchComputes(string name)
    {
        var expected = PyTorchLayerValues.Cases.Single(c => c.Name == name);
        using var scope = NewDisposeScope();
        var perSample = string.Join(", ", expected.Input.Skip(1));
        var spec = LoadedSpec.Parse($"models:\n  M:\n    input: [{perSample}]\n    layers:\n      - {expected.Layer}\n");
        using var model = spec.CreateModel("M");

        var parameters = model.parameters().ToArray();
        Assert.Equal(expected.Parameters.Length, parameters.Length);
        using (no_grad())
        {
            foreach (var (parameter, values) in parameters.Zip(expected.Parameters))
            {
                Assert.Equal(values.Length, parameter.numel());
                parameter.copy_(tensor(values).reshape(parameter.shape));
            }
        }

        var output = model.forward(Input(expected.Input));

        Assert.Equal(expected.OutputShape, output.shape);
        AssertClose(expected.Output, output, "output");
        var buffers = model.buffers().Where(b => b.is_floating_point()).ToArray();
        Assert.Equal(expected.Buffers.Length, buffers.Length);
        foreach (var (buffer, values) in buffers.Zip(expected.Buffers))
        {
            AssertClose(values, buffer, "buffer");
        }
    }

    /// <summary>The script's input: element i of the whole batch is ((7 i) mod 11 - 5) / 2.</summary>
    private static Tensor Input(long[] shape)
    {
        var values = Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(i => (((7 * i) % 11) - 5) / 2f).ToArray();
        return tensor(values).reshape(shape);
    }

    private static void AssertClose(float[] expected, Tensor actual, string what)
    {
        var values = actual.detach().contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - values[i]) <= Tolerance * Math.Max(1, Math.Abs(expected[i])), $"{what}[{i}]: PyTorch {expected[i]}, GanGen {values[i]}");
        }
    }
}
