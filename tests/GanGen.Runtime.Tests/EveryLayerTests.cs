using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Layers;
using GanGen.Runtime.Modules;
using GanGen.Runtime.Specs;
using GanGen.Spec;
using GanGen.Spec.Model;
using GanGen.Spec.Training;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Every layer of the catalog (every class of GanGen.Runtime.Layers included), and a graph of blocks, built
/// from one spec (EveryLayer.yaml) by both of its interpreters: the generator's emitted C# and the run-time
/// loader. Both must build the same modules under the same names (PyTorch's), with the same parameters and
/// buffers, and compute the same outputs.
/// </summary>
/// <remarks>
/// In the seeded collection because the bf16-mixed comparison reseeds libtorch's global generator before each
/// of its two training-mode passes, so that Dropout draws the same masks in both: a test drawing from that
/// generator on another thread in between would hand the two passes different masks.
/// </remarks>
[Collection(SeededTraining.Name)]
public sealed class EveryLayerTests
{
    private static readonly LoadedSpec Spec = LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "EveryLayer.yaml"));

    [Fact]
    public void TheSpecUsesEveryLayerOfTheCatalog()
    {
        var used = Spec.Models.SelectMany(m => m.Layers).Select(l => l.Kind).Where(k => SpecEngine.Layers.Contains(k)).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(SpecEngine.Layers, used);
    }

    [Fact]
    public void TheSpecBuildsEveryLayerClassOfGanGen()
    {
        // Layers an argument chooses (spectral_norm: true) are classes of their own, and need the same check.
        var built = Spec.Models.SelectMany(m => m.Layers).Where(l => l.Recipe.Library == LayerLibrary.GanGen).Select(l => l.Recipe.ModuleType).Distinct().Order(StringComparer.Ordinal);
        var classes = typeof(Reshape).Assembly.GetTypes()
            .Where(t => t.Namespace == LayerRecipe.GanGenLayersNamespace && t.IsPublic && !t.IsAbstract && typeof(nn.Module).IsAssignableFrom(t))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal);
        Assert.Equal(classes, built);
    }

    public static TheoryData<string> ModelNames => new(Spec.Models.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void GeneratedAndRunTimeModulesAreTheSame(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var type = typeof(EveryLayer).Assembly.GetType($"GanGen.Models.{name}", throwOnError: true)!;
        using var generated = (nn.Module)Activator.CreateInstance(type)!;
        using var loaded = Spec.CreateModel(name);

        Assert.Equal(Children(generated), Children(loaded));
        Assert.Equal(Parameters(generated), Parameters(loaded));
        Assert.Equal(Buffers(generated), Buffers(loaded));
        Assert.Equal(loaded.Model.ParameterCount, generated.parameters().Sum(p => p.numel()));
        Assert.Equal(loaded.Model.ParameterCount, loaded.parameters().Sum(p => p.numel()));

        loaded.load_state_dict(generated.state_dict());
        generated.eval();
        loaded.eval();
        var input = randn(new long[] { 5 }.Concat(loaded.InputShape).ToArray());
        var labels = tensor(new long[] { 0, 1, 2, 0, 1 });
        var expected = generated is nn.Module<Tensor, Tensor, Tensor> conditional ? conditional.forward(input, labels) : ((nn.Module<Tensor, Tensor>)generated).forward(input);
        var actual = loaded.forward(input, labels);
        Assert.Equal(new long[] { 5 }.Concat(loaded.OutputShape), actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "the two modules compute different outputs");
    }

    /// <summary>
    /// Under bf16-mixed both paths place the same casts at the same layers: bit-identical float32 outputs,
    /// and input gradients, in training mode (batch statistics, spectral norm's power iteration).
    /// </summary>
    [Theory]
    [MemberData(nameof(ModelNames))]
    public void GeneratedAndRunTimeModulesAreTheSameInBf16Mixed(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        var type = typeof(EveryLayer).Assembly.GetType($"GanGen.Models.{name}", throwOnError: true)!;
        using var generated = (nn.Module)Activator.CreateInstance(type)!;
        using var loaded = Spec.CreateModel(name);
        loaded.load_state_dict(generated.state_dict());
        var input = randn(new long[] { 5 }.Concat(loaded.InputShape).ToArray());
        var labels = tensor(new long[] { 0, 1, 2, 0, 1 });

        (Tensor Output, Tensor Gradient) Run(Func<Tensor, Tensor> forward)
        {
            // Dropout draws from the global generator: both runs draw the same masks.
            manual_seed(9);
            var x = input.clone().requires_grad_(true);
            Tensor output;
            using (MixedPrecision.Enter(PrecisionKind.Bf16Mixed))
            {
                output = forward(x);
            }

            output.pow(2).sum().backward();
            return (output, x.grad!);
        }

        var expected = Run(x => generated is nn.Module<Tensor, Tensor, Tensor> conditional ? conditional.forward(x, labels) : ((nn.Module<Tensor, Tensor>)generated).forward(x));
        var actual = Run(x => loaded.forward(x, labels));

        Assert.Equal(ScalarType.Float32, actual.Output.dtype);
        Assert.True(expected.Output.eq(actual.Output).all().item<bool>(), "the two modules compute different outputs in bf16-mixed");
        Assert.True(expected.Gradient.eq(actual.Gradient).all().item<bool>(), "the two modules compute different input gradients in bf16-mixed");
    }

    [Fact]
    public void StateDictKeysFollowTheYamlAsPyTorchWouldNameTheModules()
    {
        using var list = new EveryLayer();
        using var graph = new EveryGraph();

        // A layer list is an nn.Sequential: children 0, 1, ... Module 1 is the first Conv2d; the second Conv2d's
        // odd 'same' padding is a ZeroPad2d of its own (module 2), so that Conv2d is module 3.
        Assert.Equal(new[] { "1.weight", "3.weight", "3.bias" }, list.state_dict().Keys.Take(3));

        // A graph's chains are children named by their node; a block at index i of a chain is child i,
        // its own chains inside it.
        Assert.Equal(
            new[]
            {
                "down.0.main.0.weight", "down.0.main.0.bias", "down.0.main.2.weight", "down.0.main.2.bias", "down.0.shortcut.0.weight", "down.0.shortcut.0.bias",
                "deeper.0.main.0.weight", "deeper.0.main.0.bias", "deeper.0.main.2.weight", "deeper.0.main.2.bias", "deeper.0.shortcut.0.weight", "deeper.0.shortcut.0.bias",
                "up.0.weight", "up.0.bias", "out.0.1.weight", "out.0.1.bias",
            },
            graph.state_dict().Keys);
    }

    /// <summary>Each child's name and kind; a block is its generated class or its run-time twin, both a "block".</summary>
    private static string[] Children(nn.Module module) =>
        module.named_modules().Where(c => c.name.Length > 0)
            .Select(c => $"{c.name}: {(c.module.GetType().Name == "SpecBlock" || c.module.GetType().Namespace == "GanGen.Models" ? "block" : c.module.GetType().FullName)}")
            .ToArray();

    private static string[] Parameters(nn.Module module) =>
        module.named_parameters().Select(p => $"{p.name} [{string.Join(",", p.parameter.shape)}]").ToArray();

    private static string[] Buffers(nn.Module module) =>
        module.named_buffers().Select(b => $"{b.name} [{string.Join(",", b.buffer.shape)}]").ToArray();
}
