using System;
using System.IO;
using System.Linq;
using GanGen.Spec;
using GanGen.Spec.Model;
using Xunit;

namespace GanGen.Spec.Tests;

/// <summary>Shape inference against PyTorch's formulas (<see cref="LayerShapeTable"/>), the seeds' counts, and <c>same</c> padding.</summary>
public sealed class ShapeInferenceTests
{
    [Theory]
    [MemberData(nameof(LayerShapeTable.Layers), MemberType = typeof(LayerShapeTable))]
    public void LayerOutputFollowsPyTorch(string input, string layer, string output)
    {
        var analysis = SpecEngine.Analyze("spec.yaml", $"models:\n  M:\n    input: {input}\n    layers:\n      - {layer}\n");
        Assert.Empty(analysis.Diagnostics);
        Assert.Equal(output, analysis.Models.Single().Output.ToString());
    }

    [Theory]
    [MemberData(nameof(LayerShapeTable.Parameters), MemberType = typeof(LayerShapeTable))]
    public void LayerParametersFollowPyTorch(string input, string layer, long parameters)
    {
        var analysis = SpecEngine.Analyze("spec.yaml", $"models:\n  M:\n    input: {input}\n    layers:\n      - {layer}\n");
        Assert.Empty(analysis.Diagnostics);
        Assert.Equal(parameters, analysis.Models.Single().ParameterCount);
    }

    [Theory]
    [MemberData(nameof(LayerShapeTable.ConditionalLayers), MemberType = typeof(LayerShapeTable))]
    public void ConditionalLayerOutputFollowsItsRule(string input, int classes, string layer, string output)
    {
        var analysis = SpecEngine.Analyze("spec.yaml", $"models:\n  M:\n    input: {input}\n    condition: {{ classes: {classes} }}\n    layers:\n      - {layer}\n");
        Assert.Empty(analysis.Diagnostics);
        Assert.Equal(output, analysis.Models.Single().Output.ToString());
    }

    [Theory]
    [InlineData("[64, 8, 8]", 0, "SelfAttention", 5_121)]                                  // 1.25 * 64^2 + 1
    [InlineData("[16, 4, 4]", 3, "ConditionalBatchNorm2d", 96)]                            // 2 * 3 * 16
    [InlineData("[12]", 5, "ConditionalBatchNorm1d", 120)]                                 // 2 * 5 * 12
    [InlineData("[10]", 4, "Projection", 51)]                                              // 10 + 1 + 4 * 10
    [InlineData("[10]", 0, "Linear: { out_features: 4, spectral_norm: true }", 44)]        // u and v are buffers
    [InlineData("[3, 8, 8]", 0, "Conv2d: { out_channels: 4, kernel_size: 3, spectral_norm: true }", 112)]
    [InlineData("[3, 8, 8]", 0, "ConvTranspose2d: { out_channels: 4, kernel_size: 3, spectral_norm: true }", 112)]
    public void GanLayersHaveTheirParameterCounts(string input, int classes, string layer, long parameters)
    {
        var condition = classes > 0 ? $"    condition: {{ classes: {classes} }}\n" : string.Empty;
        var analysis = SpecEngine.Analyze("spec.yaml", $"models:\n  M:\n    input: {input}\n{condition}    layers:\n      - {layer}\n");
        Assert.Empty(analysis.Diagnostics);
        Assert.Equal(parameters, analysis.Models.Single().ParameterCount);
    }

    [Theory]
    [InlineData("Linear: { out_features: 4 }", "linear0", "TorchSharp.Modules.Linear")]
    [InlineData("Linear: { out_features: 4, spectral_norm: false }", "linear0", "TorchSharp.Modules.Linear")]
    [InlineData("Linear: { out_features: 4, spectral_norm: true }", "linear0", "GanGen.Runtime.Layers.SpectralNormLinear")]
    [InlineData("Conv2d: { out_channels: 4, kernel_size: 1, spectral_norm: true }", "conv2d0", "GanGen.Runtime.Layers.SpectralNormConv2d")]
    [InlineData("ConvTranspose2d: { out_channels: 4, kernel_size: 1, spectral_norm: true }", "convTranspose2d0", "GanGen.Runtime.Layers.SpectralNormConvTranspose2d")]
    public void SpectralNormChoosesGanGensModuleUnderTheSameName(string layer, string field, string moduleType)
    {
        var resolved = SpecEngine.Analyze("spec.yaml", $"models:\n  M:\n    input: [3, 2, 2]\n    layers:\n      - {layer}\n").Models.Single().Layers.Single();
        Assert.Equal((layer.Substring(0, layer.IndexOf(':')), field, moduleType), (resolved.Kind, resolved.FieldName, resolved.Recipe.ModuleType));
    }

    [Theory]
    [InlineData("VanillaGenerator", 114_064, "[784]")]
    [InlineData("VanillaDiscriminator", 100_609, "[1]")]
    [InlineData("KerasDcganGenerator", 2_305_472, "[1,28,28]")]
    [InlineData("KerasDcganDiscriminator", 212_865, "[1]")]
    [InlineData("OneDGenerator", 13, "[1]")]
    [InlineData("OneDDiscriminator", 169, "[1]")]
    [InlineData("ConditionalDcganDiscriminator", 6_598_987, "[11]")]
    public void SeedModelsHavePyTorchsParameterCounts(string model, long parameters, string output)
    {
        var resolved = SpecEngine.Analyze("Models.yaml", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Models.yaml"))).Models.Single(m => m.Name == model);
        Assert.Equal(parameters, resolved.ParameterCount);
        Assert.Equal(output, resolved.Output.ToString());
    }

    [Fact]
    public void OddSamePaddingBecomesAnExplicitTensorFlowStylePad()
    {
        var layers = SpecEngine.Analyze("spec.yaml", "models:\n  D:\n    input: [1, 28, 28]\n    layers:\n      - Conv2d: { out_channels: 4, kernel_size: 5, stride: 2, padding: same }\n")
            .Models.Single().Layers;

        // Total padding (14-1)*2 + 5 - 28 = 3: TensorFlow puts 1 before and 2 after.
        Assert.Equal(new[] { "ZeroPad2d", "Conv2d" }, layers.Select(l => l.Kind));
        Assert.Equal("[1,2,1,2]", layers[0].Arg("padding").ToString());
        Assert.Equal("[0,0]", layers[1].Arg("padding").ToString());
        Assert.Equal(new[] { "zeroPad2d0", "conv2d0" }, layers.Select(l => l.FieldName));
    }

    [Theory]
    [InlineData(28, 3, 1, 1, 1)] // total (28-1)*1 + 3 - 28 = 2: symmetric, no extra layer
    [InlineData(28, 4, 2, 1, 1)] // output 14, total 13*2 + 4 - 28 = 2
    [InlineData(28, 1, 1, 0, 0)] // total 0
    [InlineData(28, 6, 4, 1, 1)] // output 7, total 6*4 + 6 - 28 = 2
    public void EvenSamePaddingStaysInsideTheConvolution(int size, int kernel, int stride, int padH, int padW)
    {
        var layers = SpecEngine.Analyze("spec.yaml", $"models:\n  D:\n    input: [1, {size}, {size}]\n    layers:\n      - Conv2d: {{ out_channels: 4, kernel_size: {kernel}, stride: {stride}, padding: same }}\n")
            .Models.Single().Layers;

        var conv = Assert.Single(layers);
        Assert.Equal(ArgValue.Of(padH, padW), conv.Arg("padding"));
        Assert.Equal((size + stride - 1) / stride, conv.Output[1]);
    }

    [Fact]
    public void TransposedSamePaddingUsesOutputPaddingForOddCrops()
    {
        var layer = SpecEngine.Analyze("spec.yaml", "models:\n  G:\n    input: [8, 7, 7]\n    layers:\n      - ConvTranspose2d: { out_channels: 4, kernel_size: 5, stride: 2, padding: same }\n")
            .Models.Single().Layers.Single();

        // Crop 5 - 2 = 3: padding 2 both sides, output_padding 1 back at the end: 12 - 4 + 4 + 1 + 1 = 14.
        Assert.Equal(ArgValue.Of(2, 2), layer.Arg("padding"));
        Assert.Equal(ArgValue.Of(1, 1), layer.Arg("output_padding"));
    }
}
