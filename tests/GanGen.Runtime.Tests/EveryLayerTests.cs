using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Specs;
using GanGen.Spec;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Every layer of the catalog, built from one definition by both of its interpreters: the generator's
/// emitted C# (<see cref="EveryLayer"/>, <see cref="FeatureMapLayers"/>) and the run-time loader. Both must
/// build the same modules under the same names, with the same parameters and buffers, and compute the
/// same outputs.
/// </summary>
public sealed class EveryLayerTests
{
    private static readonly LoadedSpec Spec = LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "EveryLayer.yaml"));

    /// <summary>The generated class of each model in EveryLayer.yaml.</summary>
    private static readonly Dictionary<string, Func<nn.Module>> Generated = new()
    {
        [nameof(EveryLayer)] = () => new EveryLayer(),
        [nameof(FeatureMapLayers)] = () => new FeatureMapLayers(),
    };

    public static TheoryData<string> ModelNames => new(Spec.Models.Select(m => m.Name));

    [Fact]
    public void TheSpecUsesEveryLayerOfTheCatalog()
    {
        var used = Spec.Models.SelectMany(m => m.Layers).Select(l => l.Kind).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(SpecEngine.Layers, used);
    }

    [Theory]
    [MemberData(nameof(ModelNames))]
    public void GeneratedAndRunTimeModulesAreTheSame(string name)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        using var generated = Generated[name]();
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
        var labels = tensor(new long[] { 0, 1, 2, 3, 1 });
        var expected = Forward(generated, input, labels);
        var actual = loaded.forward(input, labels);
        Assert.Equal(new long[] { 5 }.Concat(loaded.OutputShape), actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), "the two modules compute different outputs");
    }

    private static Tensor Forward(nn.Module module, Tensor input, Tensor labels) => module switch
    {
        nn.Module<Tensor, Tensor> plain => plain.forward(input),
        nn.Module<Tensor, Tensor, Tensor> conditional => conditional.forward(input, labels),
        _ => throw new ArgumentException($"{module.GetType().Name} is not a generated model"),
    };

    private static string[] Children(nn.Module module) =>
        module.named_children().Select(c => $"{c.name}: {c.module.GetType().FullName}").ToArray();

    private static string[] Parameters(nn.Module module) =>
        module.named_parameters().Select(p => $"{p.name} [{string.Join(",", p.parameter.shape)}]").ToArray();

    private static string[] Buffers(nn.Module module) =>
        module.named_buffers().Select(b => $"{b.name} [{string.Join(",", b.buffer.shape)}]").ToArray();
}
