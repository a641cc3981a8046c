using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Specs;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// A spec loaded at run time builds exactly the module the generator writes: same parameter names,
/// shapes and count, and identical outputs for identical weights and inputs.
/// </summary>
public sealed class RunTimeLoadingTests
{
    private static readonly LoadedSpec Spec = LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "Models.yaml"));

    [Theory]
    [MemberData(nameof(Zoo.AllModels), MemberType = typeof(Zoo))]
    public void RunTimeModuleMatchesTheGeneratedClass(string model)
    {
        using var scope = NewDisposeScope();
        using var generated = Zoo.Create(model);
        using var loaded = Spec.CreateModel(model);

        var expected = generated.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))).ToArray();
        var actual = loaded.named_parameters().Select(p => (p.name, string.Join(",", p.parameter.shape))).ToArray();
        Assert.Equal(expected, actual);
        Assert.Equal(generated.named_buffers().Select(b => b.name), loaded.named_buffers().Select(b => b.name));
        Assert.Equal(Zoo.Metadata(model).ParameterCount, loaded.parameters().Sum(p => p.numel()));

        loaded.load_state_dict(generated.state_dict());
        generated.eval();
        loaded.eval();
        var input = randn(new long[] { 4 }.Concat(Zoo.Metadata(model).Input).ToArray());
        var classes = Math.Max(loaded.Model.Classes, 1);
        var labels = tensor(new long[] { 0, 3, 7, 9 }.Select(label => label % classes).ToArray());
        Assert.True(Zoo.Forward(generated, input, labels).eq(loaded.forward(input, labels)).all().item<bool>(), $"{model}: outputs differ");
    }

    [Fact]
    public void SpecErrorsAtRunTimeAreTheBuildsDiagnostics()
    {
        const string Yaml = "models:\n  G:\n    input: [100]\n    layers:\n      - Linear: { out_features: 12000 }\n      - Reshape: [256, 7, 7]\n      - Dropout: { p: 1.5 }\n";
        var error = Assert.Throws<SpecException>(() => LoadedSpec.Parse(Yaml, "Spec.yaml"));

        Assert.Equal(
            new[]
            {
                "Spec.yaml(6,9): error GAN0009: Reshape [256,7,7] needs 12544 elements, but its input [12000] has 12000",
                "Spec.yaml(7,23): error GAN0007: Argument 'p' of Dropout must be in [0, 1), but is 1.5",
            },
            error.Diagnostics.Select(d => d.ToString()));
        Assert.Contains("The spec has 2 error(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownModelNamesTheOnesThereAre()
    {
        var error = Assert.Throws<ArgumentException>(() => Spec.CreateModel("Nope"));
        Assert.Contains("has no model 'Nope'; it has: VanillaGenerator, VanillaDiscriminator", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConditionalRunTimeModelNeedsLabels()
    {
        using var scope = NewDisposeScope();
        using var g = Spec.CreateModel("ConditionalDcganGenerator");
        var error = Assert.Throws<ArgumentException>(() => g.forward(randn(2, 100)));
        Assert.Contains("is conditional on 10 classes", error.Message, StringComparison.Ordinal);
    }
}
