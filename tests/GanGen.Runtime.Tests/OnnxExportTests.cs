using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Runtime.Export;
using GanGen.Runtime.Specs;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>
/// ONNX export checked by running the exported model in ONNX Runtime: every model of src/Models.yaml,
/// EveryLayer.yaml (every layer of the catalog) and OnnxCorpus.yaml (the other branches of layers whose
/// export depends on an argument, blocks used at several sizes), with perturbed weights and statistics,
/// at batch sizes 1 and 5 through the one symbolic batch dimension, gives TorchSharp's eval-mode output.
/// </summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private static readonly string[] SpecFiles = { "Models.yaml", "EveryLayer.yaml", "OnnxCorpus.yaml" };

    private static readonly Dictionary<string, LoadedSpec> Specs = SpecFiles.ToDictionary(f => f, f => LoadedSpec.Load(Path.Combine(AppContext.BaseDirectory, f)));

    public static TheoryData<string, string> Models()
    {
        var data = new TheoryData<string, string>();
        foreach (var (file, spec) in Specs)
        {
            foreach (var model in spec.Models)
            {
                data.Add(file, model.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OnnxRuntimeComputesWhatTorchSharpComputes(string file, string name)
    {
        using var random = new Generator(11);
        using var module = Specs[file].CreateModel(name);

        foreach (var (batch, difference, scale) in OnnxParity.Compare(module, random))
        {
            output.WriteLine($"{name}, batch {batch}: largest difference {difference:G3}, largest output {scale:G3}");
            Assert.True(difference <= OnnxParity.Tolerance * scale, $"{name} at batch {batch}: ONNX Runtime differs from TorchSharp by {difference} (largest output {scale})");
        }
    }

    [Fact]
    public void AGeneratorHasTheContractsInputsOutputAndMetadata()
    {
        using var scope = NewDisposeScope();
        var spec = Specs["Models.yaml"];
        var gan = spec.Gan("ConditionalDcgan");
        using var generator = spec.CreateModel("ConditionalDcganGenerator");

        using var session = new InferenceSession(OnnxExport.Generator(gan, generator.Model, generator).ToByteArray());

        Assert.Equal(new[] { "noise", "labels" }, session.InputNames);
        Assert.Equal(new[] { "samples" }, session.OutputNames);
        var noise = session.InputMetadata["noise"];
        Assert.Equal(typeof(float), noise.ElementType);
        Assert.Equal(new[] { -1, 100 }, noise.Dimensions);
        Assert.Equal("batch", noise.SymbolicDimensions[0]);
        Assert.Equal(typeof(long), session.InputMetadata["labels"].ElementType);
        Assert.Equal(new[] { -1 }, session.InputMetadata["labels"].Dimensions);
        Assert.Equal("batch", session.InputMetadata["labels"].SymbolicDimensions[0]);
        Assert.Equal(new[] { -1, 1, 28, 28 }, session.OutputMetadata["samples"].Dimensions);
        Assert.Equal("batch", session.OutputMetadata["samples"].SymbolicDimensions[0]);
        Assert.Equal(
            new Dictionary<string, string> { ["gangen.gan"] = "ConditionalDcgan", ["gangen.classes"] = "10", ["gangen.noise"] = "normal", ["gangen.pixels"] = "-1..1" },
            session.ModelMetadata.CustomMetadataMap);
    }

    [Theory]
    [InlineData("Vanilla", "VanillaGenerator", "0", "normal", "0..1")]
    [InlineData("OneD", "OneDGenerator", "0", "stratified 8", "none")]
    public void AnUnconditionalGeneratorHasNoLabelsInput(string ganName, string generatorName, string classes, string noise, string pixels)
    {
        using var scope = NewDisposeScope();
        var spec = Specs["Models.yaml"];
        using var generator = spec.CreateModel(generatorName);

        using var session = new InferenceSession(OnnxExport.Generator(spec.Gan(ganName), generator.Model, generator).ToByteArray());

        Assert.Equal(new[] { "noise" }, session.InputNames);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.Equal((classes, noise, pixels), (metadata["gangen.classes"], metadata["gangen.noise"], metadata["gangen.pixels"]));
    }

    [Fact]
    public void UniformNoiseIsWrittenWithItsBoundsInTheInvariantCulture()
    {
        using var scope = NewDisposeScope();
        var yaml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models.yaml")).Replace("noise: { stratified: { range: 8 } }", "noise: { uniform: { low: -1.5, high: 2 } }");
        var spec = LoadedSpec.Parse(yaml);
        using var generator = spec.CreateModel("OneDGenerator");
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            var onnx = OnnxExport.Generator(spec.Gan("OneD"), generator.Model, generator);

            Assert.Equal("uniform -1.5 2", onnx.MetadataProps.Single(p => p.Key == "gangen.noise").Value);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void AModuleOfAnotherModelIsRefusedWithTheMissingLayer()
    {
        using var scope = NewDisposeScope();
        using var graph = Specs["EveryLayer.yaml"].CreateModel("EveryGraph");
        var list = Specs["Models.yaml"].Models.Single(m => m.Name == "VanillaGenerator");

        var error = Assert.Throws<InvalidOperationException>(() => OnnxExport.Model(list, graph, "input", "output"));

        Assert.Equal("the module has no child '0' for Linear: it was not built from this spec", error.Message);
    }
}
