using System;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Layers;
using GanGen.Runtime.Specs;
using GanGen.Spec;
using GanGen.Spec.Model;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Every layer of the catalog, built from one definition by both of its interpreters: the generator's
/// emitted C# (<see cref="EveryLayer"/> and the other models of EveryLayer.yaml) and the run-time loader.
/// Both must build the same modules under the same names, with the same parameters and buffers, and
/// compute the same outputs.
/// </summary>
public sealed class EveryLayerTests
{
    private static readonly LoadedSpec Spec = LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "EveryLayer.yaml"));

    [Fact]
    public void TheSpecUsesEveryLayerOfTheCatalog()
    {
        var used = Spec.Models.SelectMany(m => m.Layers).Select(l => l.Kind).Distinct().Order(StringComparer.Ordinal);
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
        Assert.Equal((long)type.GetField(nameof(EveryLayer.ParameterCount))!.GetValue(null)!, loaded.parameters().Sum(p => p.numel()));

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

    private static string[] Children(nn.Module module) =>
        module.named_children().Select(c => $"{c.name}: {c.module.GetType().FullName}").ToArray();

    private static string[] Parameters(nn.Module module) =>
        module.named_parameters().Select(p => $"{p.name} [{string.Join(",", p.parameter.shape)}]").ToArray();

    private static string[] Buffers(nn.Module module) =>
        module.named_buffers().Select(b => $"{b.name} [{string.Join(",", b.buffer.shape)}]").ToArray();
}
