using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Runtime.Export;
using GanGen.Runtime.Specs;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Exports a spec-built model as ONNX and compares ONNX Runtime's output with TorchSharp's, in eval mode, at
/// batch sizes 1 and 5 through the one symbolic batch dimension. Shared by the runtime's tests and the
/// generator tests' fuzzing, which links this file.
/// </summary>
internal static class OnnxParity
{
    /// <summary>Float32 agreement: 1e-4, relative to the output's largest magnitude where that exceeds 1 (a critic's score).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>Each batch size checked, with the largest difference and the scale it is measured against.</summary>
    public static IReadOnlyList<(long Batch, float Difference, float Scale)> Compare(SpecModel module, torch.Generator random)
    {
        using var scope = NewDisposeScope();
        Perturb(module, random);
        module.eval();
        var model = module.Model;
        using var session = new InferenceSession(OnnxExport.Model(model, module, "input", "output").ToByteArray());
        var results = new List<(long, float, float)>();
        foreach (var batch in new long[] { 1, 5 })
        {
            var input = randn(new[] { batch }.Concat(model.Input.Dims).ToArray(), generator: random);
            var labels = model.IsConditional ? arange(batch, dtype: ScalarType.Int64) % model.Classes : null;
            var expected = module.forward(input, labels!);
            var (actual, shape) = Run(session, input, labels);
            if (!expected.shape.SequenceEqual(shape))
            {
                throw new InvalidOperationException($"{model.Name} at batch {batch}: ONNX Runtime's output is [{string.Join(",", shape)}], TorchSharp's [{string.Join(",", expected.shape)}]");
            }

            var difference = (expected - tensor(actual).reshape(shape)).abs().max().item<float>();
            results.Add((batch, difference, Math.Max(1, expected.abs().max().item<float>())));
        }

        return results;
    }

    /// <summary>
    /// Moves every weight, bias, running statistic, embedding and γ off its initial value, so that none of them
    /// can be left out unnoticed; then a few training-mode forwards take spectral norm's power iteration to the
    /// weights' largest singular vectors (random u and v would make σ tiny and the weights huge) and move the
    /// running statistics once more.
    /// </summary>
    private static void Perturb(SpecModel module, torch.Generator random)
    {
        using var noGrad = no_grad();
        foreach (var (name, value) in module.state_dict())
        {
            if (!value.is_floating_point() || name.EndsWith("weight_u", StringComparison.Ordinal) || name.EndsWith("weight_v", StringComparison.Ordinal))
            {
                continue;
            }

            if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                value.copy_(rand(value.shape, generator: random) + 0.5);
                continue;
            }

            var spread = value.numel() > 1 ? value.std().item<float>() : 0;
            value.add_(randn(value.shape, generator: random) * (spread > 0 ? spread : 0.1));
        }

        module.train();
        for (var i = 0; i < 20; i++)
        {
            var batch = randn(new long[] { 4 }.Concat(module.InputShape).ToArray(), generator: random);
            module.forward(batch, module.Classes > 0 ? arange(4L, dtype: ScalarType.Int64) % module.Classes : null!);
        }
    }

    private static (float[] Values, long[] Shape) Run(InferenceSession session, Tensor input, Tensor? labels)
    {
        var values = new List<OrtValue> { OrtValue.CreateTensorValueFromMemory(input.data<float>().ToArray(), input.shape) };
        if (labels is not null)
        {
            values.Add(OrtValue.CreateTensorValueFromMemory(labels.data<long>().ToArray(), labels.shape));
        }

        try
        {
            using var options = new RunOptions();
            using var results = session.Run(options, session.InputNames, values, session.OutputNames);
            return (results[0].GetTensorDataAsSpan<float>().ToArray(), results[0].GetTensorTypeAndShape().Shape);
        }
        finally
        {
            values.ForEach(v => v.Dispose());
        }
    }
}
