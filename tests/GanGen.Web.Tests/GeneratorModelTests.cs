using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>The ONNX generators as the web sample loads them: PyTorch's numbers, shapes, metadata.</summary>
public sealed class GeneratorModelTests
{
    [Theory]
    [InlineData("dcgan28.onnx")]
    [InlineData("conditional28.onnx")]
    public void Onnx_runtime_computes_what_pytorch_computed(string file)
    {
        using var model = GeneratorModel.Load(WebServer.GeneratorFile(file));
        var reference = JsonDocument.Parse(File.ReadAllText(WebServer.GeneratorFile("reference.json")))
            .RootElement.GetProperty("models").GetProperty(file);
        var shape = reference.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var count = shape[0];
        // The script's fixed noise: sin(0.37 k + 0.1) for k = 0, 1, ... in row-major order.
        var noise = Enumerable.Range(0, count * model.NoiseSize).Select(k => (float)Math.Sin((0.37 * k) + 0.1)).ToArray();
        var labels = reference.TryGetProperty("labels", out var given) ? given.EnumerateArray().Select(e => e.GetInt64()).ToArray() : null;

        var samples = model.Generate(noise, labels, count);

        Assert.Equal(shape[1..], new[] { model.Channels, model.Height, model.Width });
        var indices = reference.GetProperty("indices").EnumerateArray().Select(e => e.GetInt32());
        var values = reference.GetProperty("values").EnumerateArray().Select(e => e.GetSingle());
        foreach (var (index, value) in indices.Zip(values))
        {
            Assert.Equal(value, samples[index], 1e-5f);
        }
        Assert.Equal(reference.GetProperty("mean").GetDouble(), samples.Average(v => (double)v), 1e-5);
    }

    [Fact]
    public void Metadata_and_shapes_are_read_from_the_model()
    {
        using var dcgan = GeneratorModel.Load(WebServer.GeneratorFile("dcgan28.onnx"));
        using var conditional = GeneratorModel.Load(WebServer.GeneratorFile("conditional28.onnx"));

        Assert.Equal(new GeneratorMetadata("WebTestDcgan", 0, NoiseDistribution.Normal, PixelRange.MinusOneToOne), dcgan.Metadata);
        Assert.Equal([32], dcgan.NoiseShape);
        Assert.Equal((1, 28, 28), (dcgan.Channels, dcgan.Height, dcgan.Width));
        Assert.Equal(new GeneratorMetadata("WebTestConditionalDcgan", 10, new NoiseDistribution(false, -1, 1), PixelRange.ZeroToOne), conditional.Metadata);
        Assert.Equal([16, 1, 1], conditional.NoiseShape);
        Assert.Equal(16, conditional.NoiseSize);
        Assert.Equal((3, 28, 28), (conditional.Channels, conditional.Height, conditional.Width));
    }

    [Fact]
    public void Generate_refuses_labels_that_do_not_fit_the_model()
    {
        using var dcgan = GeneratorModel.Load(WebServer.GeneratorFile("dcgan28.onnx"));
        using var conditional = GeneratorModel.Load(WebServer.GeneratorFile("conditional28.onnx"));

        Assert.Equal("WebTestDcgan is unconditional: give no labels. (Parameter 'labels')",
            Assert.Throws<ArgumentException>(() => dcgan.Generate(new float[32], [0], 1)).Message);
        Assert.Equal("WebTestConditionalDcgan is conditional: give one label per sample (2). (Parameter 'labels')",
            Assert.Throws<ArgumentException>(() => conditional.Generate(new float[32], null, 2)).Message);
        Assert.Equal("2 samples need 64 noise values, got 32. (Parameter 'noise')",
            Assert.Throws<ArgumentException>(() => dcgan.Generate(new float[32], null, 2)).Message);
    }

    [Theory]
    [InlineData(GeneratorMetadata.NoiseKey, null, "m.onnx: the ONNX metadata has no 'gangen.noise' ('normal' or 'uniform LOW HIGH'); export the generator with `gangen export RUN --onnx FILE`, which writes it.")]
    [InlineData(GeneratorMetadata.ClassesKey, "ten", "m.onnx: metadata 'gangen.classes' is 'ten', expected a whole number (0 for an unconditional GAN).")]
    [InlineData(GeneratorMetadata.NoiseKey, "uniform 1 0", "m.onnx: metadata 'gangen.noise' is 'uniform 1 0', expected 'normal' or 'uniform LOW HIGH' with LOW < HIGH.")]
    [InlineData(GeneratorMetadata.PixelsKey, "0..255", "m.onnx: metadata 'gangen.pixels' is '0..255', expected '-1..1', '0..1' or 'none'.")]
    public void Bad_metadata_is_a_one_line_error(string key, string? value, string message)
    {
        var props = new Dictionary<string, string>
        {
            [GeneratorMetadata.GanKey] = "G",
            [GeneratorMetadata.ClassesKey] = "0",
            [GeneratorMetadata.NoiseKey] = "normal",
            [GeneratorMetadata.PixelsKey] = "-1..1",
        };
        if (value is null)
        {
            props.Remove(key);
        }
        else
        {
            props[key] = value;
        }

        Assert.Equal(message, Assert.Throws<ModelLoadException>(() => GeneratorMetadata.Parse(props, "m.onnx")).Message);
    }
}
