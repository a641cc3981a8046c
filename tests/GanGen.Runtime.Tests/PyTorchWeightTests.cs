using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using GanGen.Models;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Weights;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Weights move between GanGen and PyTorch: every model's state dict has the keys and shapes PyTorch gives
/// the same modules, PyTorch-written state_dicts load to PyTorch's outputs (files and outputs made by
/// bench/pytorch/pytorch_weights.py and committed, as CI has no PyTorch), mismatches are named, and
/// GanGen's generator files from before checkpoint format 4 still load.
/// </summary>
public sealed class PyTorchWeightTests : IDisposable
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "PyTorchWeights");
    private static readonly LoadedSpec Models = LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, "Models.yaml"));
    private static readonly LoadedSpec Small = LoadedSpec.Load(Path.Combine(Data, "Small.yaml"));

    private readonly string folder = Directory.CreateTempSubdirectory("gangen-pytorch-").FullName;

    public static TheoryData<string> SmallModels => new(Small.Models.Select(m => m.Name));

    [Theory]
    [MemberData(nameof(Zoo.AllModels), MemberType = typeof(Zoo))]
    public void StateDictHasPyTorchsKeysAndShapes(string model)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Data, "state-dict-keys.json")));
        var expected = json.RootElement.GetProperty(model).EnumerateObject()
            .ToDictionary(p => p.Name, p => string.Join(",", p.Value.EnumerateArray().Select(d => d.GetInt64())));
        using var generated = Zoo.Create(model);
        using var loaded = Models.CreateModel(model);

        Assert.Equal(expected.OrderBy(e => e.Key), Keys(generated).OrderBy(e => e.Key));
        Assert.Equal(expected.OrderBy(e => e.Key), Keys(loaded).OrderBy(e => e.Key));
    }

    [Theory]
    [MemberData(nameof(SmallModels))]
    public void PyTorchStateDictGivesPyTorchsOutputs(string model)
    {
        using var scope = NewDisposeScope();
        using var module = Small.CreateModel(model);
        PyTorchWeights.Load(module, Path.Combine(Data, model + ".pt"));
        var io = PyTorchUnpickler.UnpickleStateDict(Path.Combine(Data, model + ".io.pt"));
        var expected = (Tensor)io["output"]!;

        module.eval();
        var output = module.forward((Tensor)io["input"]!, (io["labels"] as Tensor)!);

        Assert.Equal(expected.shape, output.shape);
        var difference = (output - expected).abs().max().item<float>();
        Assert.True(difference < 1e-5, $"{model}: max |GanGen - PyTorch| = {difference}");
    }

    [Fact]
    public void PyTorchStateDictFillsAGeneratedClass()
    {
        using var scope = NewDisposeScope();
        using var module = new OneDMinibatchDiscriminator();
        PyTorchWeights.Load(module, Path.Combine(Data, "OneDMinibatchDiscriminator.pt"));
        var io = PyTorchUnpickler.UnpickleStateDict(Path.Combine(Data, "OneDMinibatchDiscriminator.io.pt"));

        module.eval();
        var difference = (module.forward((Tensor)io["input"]!) - (Tensor)io["output"]!).abs().max().item<float>();

        Assert.True(difference < 1e-6, $"max |GanGen - PyTorch| = {difference}");
    }

    [Fact]
    public void ParametrizedSpectralNormLoadsAsThePlainOne()
    {
        using var scope = NewDisposeScope();
        using var module = Small.CreateModel("SmallSnganDiscriminator");
        PyTorchWeights.Load(module, Path.Combine(Data, "SmallSnganDiscriminator.parametrized.pt"));
        var io = PyTorchUnpickler.UnpickleStateDict(Path.Combine(Data, "SmallSnganDiscriminator.io.pt"));

        module.eval();
        var difference = (module.forward((Tensor)io["input"]!) - (Tensor)io["output"]!).abs().max().item<float>();

        Assert.True(difference < 1e-5, $"max |GanGen - PyTorch| = {difference}");
    }

    [Fact]
    public void SavedStateDictLoadsBackWithEveryTensorEqual()
    {
        using var scope = NewDisposeScope();
        using var original = Small.CreateModel("SmallConditionalSnganDiscriminator");
        PyTorchWeights.Load(original, Path.Combine(Data, "SmallConditionalSnganDiscriminator.pt"));
        var path = Path.Combine(folder, "d.pt");

        PyTorchWeights.Save(original, path);
        using var copy = Small.CreateModel("SmallConditionalSnganDiscriminator");
        PyTorchWeights.Load(copy, path);

        Assert.True(PyTorchWeights.IsPyTorchFile(path));
        var expected = original.state_dict();
        foreach (var (key, tensor) in copy.state_dict())
        {
            Assert.True(tensor.equal(expected[key]).all().item<bool>(), $"{key} differs after save and load");
        }

        // The file holds PyTorch's names, u and v included, exactly as the PyTorch peer wrote them.
        var written = PyTorchUnpickler.UnpickleStateDict(path);
        var pytorch = PyTorchUnpickler.UnpickleStateDict(Path.Combine(Data, "SmallConditionalSnganDiscriminator.pt"));
        Assert.Equal(pytorch.Keys.Cast<string>().Order(), written.Keys.Cast<string>().Order());
        Assert.True(((Tensor)written["1.theta.weight_u"]!).equal((Tensor)pytorch["1.theta.weight_u"]!).all().item<bool>());
    }

    [Fact]
    public void ShapeMismatchNamesTheKeyAndBothShapes()
    {
        using var module = Small.CreateModel("SmallKerasGenerator");
        var path = Path.Combine(Data, "SmallSnganGenerator.pt");

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(module, path));

        Assert.Equal($"{path}: '0.weight' is [512,16] in the file but [392,8] in SmallKerasGenerator; was it saved from a model with other layer sizes?", error.Message);
    }

    [Fact]
    public void MissingAndExtraKeysAreNamed()
    {
        const string Yaml = "models:\n  Longer:\n    input: [8]\n    layers:\n      - Linear: { out_features: 392, bias: false }\n      - BatchNorm1d\n      - Linear: { out_features: 3 }\n"
            + "  Shorter:\n    input: [8]\n    layers:\n      - Linear: { out_features: 392, bias: false }\n";
        var spec = LoadedSpec.Parse(Yaml);
        var path = Path.Combine(Data, "SmallKerasGenerator.pt");
        using var longer = spec.CreateModel("Longer");
        using var shorter = spec.CreateModel("Shorter");

        var missing = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(longer, path));
        var extra = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(shorter, path));

        Assert.StartsWith($"{path}: has no '2.weight' [3,392] (and 1 more), which Longer needs; it has '4.weight' [8,4,5,5] (and 6 more) that Longer lacks.", missing.Message, StringComparison.Ordinal);
        Assert.Equal($"{path}: has '1.bias' [392] (and 11 more), which Shorter does not have; was it saved from a model with more layers?", extra.Message);
    }

    [Fact]
    public void GanGenFileIsNotTakenForAPyTorchOne()
    {
        using var module = Small.CreateModel("SmallKerasGenerator");
        var path = Path.Combine(folder, "generator.pt");
        WeightFile.Save(module, path);

        var error = Assert.Throws<InvalidDataException>(() => PyTorchWeights.Load(module, path));

        Assert.False(PyTorchWeights.IsPyTorchFile(path));
        Assert.StartsWith($"{path}: not a PyTorch state_dict (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("); save one with torch.save(model.state_dict(), path)", error.Message, StringComparison.Ordinal);
        Assert.Equal(WeightFormat.GanGen, WeightFile.Load(module, path));
    }

    [Fact]
    public void GeneratorFromBeforeTheKeyChangeSamplesAsItDidThen()
    {
        // LegacyRun: `gangen train --spec spec.yaml --gan Legacy` and `gangen sample --count 6` by GanGen at
        // commit d88b176, the last before state-dict keys became PyTorch's (keys: linear0.weight, batchNorm1d1.running_mean, conv2d4.weight, ...).
        var run = Path.Combine(AppContext.BaseDirectory, "LegacyRun");
        var gan = LoadedSpec.Load(Path.Combine(run, "spec.yaml")).Gan("Legacy");
        using var generator = gan.CreateGenerator();

        Assert.Equal(WeightFormat.GanGenFieldNames, WeightFile.Load(generator, Path.Combine(run, "generator.pt")));

        using var scope = NewDisposeScope();
        var samples = gan.Generate(generator, 6, seed: 0).data<float>().ToArray();
        var then = File.ReadAllLines(Path.Combine(run, "samples.csv")).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(then, samples.Select(s => (double)s), new Tolerance(1e-7));
    }

    [Fact]
    public void GeneratorFromBeforeTheKeyChangeInAGeneratedClassSaysHowToConvertIt()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "LegacyRun", "generator.pt");
        using var generator = new OneDGenerator();

        var error = Assert.Throws<InvalidDataException>(() => WeightFile.Load(generator, path));

        Assert.StartsWith($"{path}: does not fit OneDGenerator (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; if it comes from a GanGen before checkpoint format 4 (keys named by C# field, linear0.weight), convert it with: gangen import {path} --gan NAME --spec SPEC.yaml --run NEW-FOLDER", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static IEnumerable<KeyValuePair<string, string>> Keys(nn.Module module) =>
        module.state_dict().Select(e => KeyValuePair.Create(e.Key, string.Join(",", e.Value.shape)));

    private sealed class Tolerance(double limit) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= limit;

        public int GetHashCode(double obj) => 0;
    }
}
