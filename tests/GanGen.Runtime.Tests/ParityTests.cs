using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Models;
using GanGen.Runtime.Specs;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Generated modules match PyTorch: the parameter counts below are what torchinfo / sum(p.numel())
/// report for the same architectures in PyTorch (and Keras' trainable counts for the Keras DCGAN).
/// </summary>
public sealed class ParityTests
{
    public static TheoryData<string, long> PyTorchParameterCounts => new()
    {
        { nameof(VanillaGenerator), 114_064 },
        { nameof(VanillaDiscriminator), 100_609 },
        { nameof(KerasDcganGenerator), 2_305_472 },
        { nameof(KerasDcganDiscriminator), 212_865 },
        { nameof(OneDGenerator), 13 },
        { nameof(OneDDiscriminator), 169 },
        { nameof(OneDMinibatchDiscriminator), 237 },
    };

    [Theory]
    [MemberData(nameof(PyTorchParameterCounts))]
    public void ParameterCountsMatchPyTorch(string model, long expected)
    {
        using var module = Zoo.Create(model);
        Assert.Equal(expected, module.parameters().Sum(p => p.numel()));
        Assert.Equal(expected, Zoo.Metadata(model).ParameterCount);
    }

    [Fact]
    public void TheZooHoldsEveryModelOfTheSeedSpec() =>
        Assert.Equal(
            LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "Models.yaml")).Models.Select(m => m.Name).Order(),
            Zoo.Names.Order());

    [Theory]
    [MemberData(nameof(Zoo.AllModels), MemberType = typeof(Zoo))]
    public void ForwardProducesTheDeclaredShape(string model)
    {
        using var scope = NewDisposeScope();
        using var module = Zoo.Create(model);
        module.eval();
        var meta = Zoo.Metadata(model);
        var input = randn(new long[] { 3 }.Concat(meta.Input).ToArray());
        var output = Zoo.Forward(module, input, arange(3, dtype: ScalarType.Int64));

        Assert.Equal(new long[] { 3 }.Concat(meta.Output).ToArray(), output.shape);
        Assert.Equal(meta.ParameterCount, module.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void KerasDcganGeneratorMakesImagesTheDiscriminatorTakes()
    {
        using var scope = NewDisposeScope();
        using var g = KerasDcgan.CreateGenerator();
        using var d = KerasDcgan.CreateDiscriminator();
        var images = g.forward(randn(2, 100));
        Assert.Equal(new long[] { 2, 1, 28, 28 }, images.shape);
        Assert.True(images.abs().max().item<float>() <= 1f, "tanh output lies in [-1, 1]");
        Assert.Equal(new long[] { 2, 1 }, d.forward(images).shape);
    }

    [Fact]
    public void ParameterNamesAreThoseOfTheSameNnSequential()
    {
        using var d = new KerasDcganDiscriminator();
        var names = d.named_parameters().Select(p => p.name).ToArray();

        // YAML entries 0 and 3 are the convolutions; Keras's odd 'same' padding puts a parameter-free ZeroPad2d
        // before each, so in the nn.Sequential a PyTorch user writes they are modules 1 and 5, the Linear 9.
        Assert.Equal(new[] { "1.weight", "1.bias", "5.weight", "5.bias", "9.weight", "9.bias" }, names);
        Assert.Equal(new long[] { 64, 1, 5, 5 }, d.named_parameters().First().parameter.shape);
    }

    [Fact]
    public void ConditionalDiscriminatorClassifiesIntoDigitsPlusFake()
    {
        using var scope = NewDisposeScope();
        using var g = new ConditionalDcganGenerator();
        using var d = new ConditionalDcganDiscriminator();
        g.eval();
        d.eval();
        var labels = tensor(new long[] { 0, 9 });
        var logits = d.forward(g.forward(randn(2, 100), labels), labels);
        Assert.Equal(new long[] { 2, 11 }, logits.shape);
        Assert.Equal(10, ConditionalDcganDiscriminator.Classes);
    }
}

/// <summary>Every generated model of src/Models.yaml, addressable by name for theories.</summary>
internal static class Zoo
{
    private static readonly Dictionary<string, (Func<IDisposable> Create, IReadOnlyList<long> Input, IReadOnlyList<long> Output, long ParameterCount)> Models = new()
    {
        [nameof(VanillaGenerator)] = (() => new VanillaGenerator(), VanillaGenerator.InputShape, VanillaGenerator.OutputShape, VanillaGenerator.ParameterCount),
        [nameof(VanillaDiscriminator)] = (() => new VanillaDiscriminator(), VanillaDiscriminator.InputShape, VanillaDiscriminator.OutputShape, VanillaDiscriminator.ParameterCount),
        [nameof(KerasDcganGenerator)] = (() => new KerasDcganGenerator(), KerasDcganGenerator.InputShape, KerasDcganGenerator.OutputShape, KerasDcganGenerator.ParameterCount),
        [nameof(KerasDcganDiscriminator)] = (() => new KerasDcganDiscriminator(), KerasDcganDiscriminator.InputShape, KerasDcganDiscriminator.OutputShape, KerasDcganDiscriminator.ParameterCount),
        [nameof(OneDGenerator)] = (() => new OneDGenerator(), OneDGenerator.InputShape, OneDGenerator.OutputShape, OneDGenerator.ParameterCount),
        [nameof(OneDDiscriminator)] = (() => new OneDDiscriminator(), OneDDiscriminator.InputShape, OneDDiscriminator.OutputShape, OneDDiscriminator.ParameterCount),
        [nameof(OneDMinibatchDiscriminator)] = (() => new OneDMinibatchDiscriminator(), OneDMinibatchDiscriminator.InputShape, OneDMinibatchDiscriminator.OutputShape, OneDMinibatchDiscriminator.ParameterCount),
        [nameof(DcganGenerator)] = (() => new DcganGenerator(), DcganGenerator.InputShape, DcganGenerator.OutputShape, DcganGenerator.ParameterCount),
        [nameof(DcganDiscriminator)] = (() => new DcganDiscriminator(), DcganDiscriminator.InputShape, DcganDiscriminator.OutputShape, DcganDiscriminator.ParameterCount),
        [nameof(ConditionalDcganGenerator)] = (() => new ConditionalDcganGenerator(), ConditionalDcganGenerator.InputShape, ConditionalDcganGenerator.OutputShape, ConditionalDcganGenerator.ParameterCount),
        [nameof(ConditionalDcganDiscriminator)] = (() => new ConditionalDcganDiscriminator(), ConditionalDcganDiscriminator.InputShape, ConditionalDcganDiscriminator.OutputShape, ConditionalDcganDiscriminator.ParameterCount),
        [nameof(SnganGenerator)] = (() => new SnganGenerator(), SnganGenerator.InputShape, SnganGenerator.OutputShape, SnganGenerator.ParameterCount),
        [nameof(SnganDiscriminator)] = (() => new SnganDiscriminator(), SnganDiscriminator.InputShape, SnganDiscriminator.OutputShape, SnganDiscriminator.ParameterCount),
        [nameof(ConditionalSnganGenerator)] = (() => new ConditionalSnganGenerator(), ConditionalSnganGenerator.InputShape, ConditionalSnganGenerator.OutputShape, ConditionalSnganGenerator.ParameterCount),
        [nameof(ConditionalSnganDiscriminator)] = (() => new ConditionalSnganDiscriminator(), ConditionalSnganDiscriminator.InputShape, ConditionalSnganDiscriminator.OutputShape, ConditionalSnganDiscriminator.ParameterCount),
        [nameof(OneDCritic)] = (() => new OneDCritic(), OneDCritic.InputShape, OneDCritic.OutputShape, OneDCritic.ParameterCount),
        [nameof(ColourDcganGenerator)] = (() => new ColourDcganGenerator(), ColourDcganGenerator.InputShape, ColourDcganGenerator.OutputShape, ColourDcganGenerator.ParameterCount),
        [nameof(ColourDcganDiscriminator)] = (() => new ColourDcganDiscriminator(), ColourDcganDiscriminator.InputShape, ColourDcganDiscriminator.OutputShape, ColourDcganDiscriminator.ParameterCount),
        [nameof(IconSnganGenerator)] = (() => new IconSnganGenerator(), IconSnganGenerator.InputShape, IconSnganGenerator.OutputShape, IconSnganGenerator.ParameterCount),
        [nameof(IconSnganDiscriminator)] = (() => new IconSnganDiscriminator(), IconSnganDiscriminator.InputShape, IconSnganDiscriminator.OutputShape, IconSnganDiscriminator.ParameterCount),
        [nameof(IconConditionalSnganGenerator)] = (() => new IconConditionalSnganGenerator(), IconConditionalSnganGenerator.InputShape, IconConditionalSnganGenerator.OutputShape, IconConditionalSnganGenerator.ParameterCount),
        [nameof(IconConditionalSnganDiscriminator)] = (() => new IconConditionalSnganDiscriminator(), IconConditionalSnganDiscriminator.InputShape, IconConditionalSnganDiscriminator.OutputShape, IconConditionalSnganDiscriminator.ParameterCount),
    };

    public static TheoryData<string> AllModels => new(Models.Keys);

    public static IEnumerable<string> Names => Models.Keys;

    public static nn.Module Create(string name) => (nn.Module)Models[name].Create();

    public static (IReadOnlyList<long> Input, IReadOnlyList<long> Output, long ParameterCount) Metadata(string name) =>
        (Models[name].Input, Models[name].Output, Models[name].ParameterCount);

    public static Tensor Forward(nn.Module module, Tensor input, Tensor labels) => module switch
    {
        nn.Module<Tensor, Tensor> plain => plain.forward(input),
        nn.Module<Tensor, Tensor, Tensor> conditional => conditional.forward(input, labels),
        _ => throw new ArgumentException($"{module.GetType().Name} is not a generated model"),
    };
}
