using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Tests;
using GanGen.Spec;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GanGen.Generator.Tests;

/// <summary>
/// ONNX export on a generated corpus: every model of the specs <see cref="RandomSpec"/> writes that the spec
/// engine accepts (random layers of the whole catalog, graphs, blocks, conditional pairs), exported and run
/// in ONNX Runtime at batch sizes 1 and 5, must give TorchSharp's output (<see cref="OnnxParity"/>). A longer
/// run is opt-in: <c>GANGEN_ONNX_FUZZ_SPECS=500 dotnet test tests/GanGen.Generator.Tests --filter OnnxFuzzTests</c>.
/// </summary>
public sealed class OnnxFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryModelOfRandomSpecsRunsTheSameInOnnxRuntime()
    {
        var specs = Environment.GetEnvironmentVariable("GANGEN_ONNX_FUZZ_SPECS") is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : 16;
        var random = new Random(3);
        using var weights = new torch.Generator(3);
        var failures = new List<string>();
        var models = 0;
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        var worst = 0.0;
        for (var i = 0; i < specs; i++)
        {
            var (yaml, recipe) = RandomSpec.Make(random);
            if (SpecEngine.Analyze("/fuzz/spec.yaml", yaml).Diagnostics.Count > 0)
            {
                continue;
            }

            var spec = LoadedSpec.Parse(yaml);
            foreach (var model in spec.Models)
            {
                models++;
                kinds.UnionWith(model.Layers.SelectMany(Kinds));
                try
                {
                    using var module = spec.CreateModel(model.Name);
                    foreach (var (batch, difference, scale) in OnnxParity.Compare(module, weights))
                    {
                        worst = Math.Max(worst, difference / scale);
                        if (difference > OnnxParity.Tolerance * scale)
                        {
                            failures.Add($"spec {i} ({recipe}), {model.Name} at batch {batch}: ONNX Runtime differs from TorchSharp by {difference} (largest output {scale})\n{yaml}");
                        }
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or NotSupportedException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
                {
                    failures.Add($"spec {i} ({recipe}), {model.Name}: {e.Message}\n{yaml}");
                }
            }
        }

        output.WriteLine($"{specs} random specs: {models} models with {kinds.Count} layer kinds exported; largest difference {worst:G3} of the output's scale");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));

        // The corpus must reach most of the vocabulary, or it checks little.
        Assert.InRange(models, specs / 2, int.MaxValue);
        Assert.InRange(kinds.Count, SpecEngine.Layers.Count * 2 / 3, SpecEngine.Layers.Count);
    }

    private static IEnumerable<string> Kinds(Spec.Model.ResolvedLayer layer) =>
        layer.Block is { } block ? block.Layers.SelectMany(Kinds) : new[] { layer.Kind };
}
