using System.Linq;
using GanGen.Spec;
using GanGen.Spec.Model;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>Shape inference against PyTorch's documented formulas, worked by hand in each comment.</summary>
public sealed class ShapeInferenceTests
{
    public static TheoryData<string, string, string> Layers => new()
    {
        // Conv2d: floor((H + 2p - d(k-1) - 1) / s) + 1.
        { "[3, 32, 32]", "Conv2d: { out_channels: 8, kernel_size: 3 }", "[8,30,30]" },                             // 32 - 2
        { "[3, 32, 32]", "Conv2d: { out_channels: 8, kernel_size: 4, stride: 2, padding: 1 }", "[8,16,16]" },      // (32+2-3-1)/2+1 = 16
        { "[3, 32, 32]", "Conv2d: { out_channels: 8, kernel_size: 3, dilation: 2 }", "[8,28,28]" },                // 32-4-1+1
        { "[3, 32, 20]", "Conv2d: { out_channels: 8, kernel_size: [5, 3], stride: [1, 2], padding: [2, 0] }", "[8,32,9]" }, // W: (20-3)/2+1 = 9
        { "[1, 28, 28]", "Conv2d: { out_channels: 8, kernel_size: 5, padding: valid }", "[8,24,24]" },
        { "[1, 28, 28]", "Conv2d: { out_channels: 8, kernel_size: 5, stride: 2, padding: same }", "[8,14,14]" },   // ceil(28/2)
        { "[1, 27, 27]", "Conv2d: { out_channels: 8, kernel_size: 3, stride: 2, padding: same }", "[8,14,14]" },   // ceil(27/2)
        { "[1, 28, 28]", "Conv2d: { out_channels: 8, kernel_size: 4, padding: same }", "[8,28,28]" },              // even kernel: pad 1 + 2
        { "[1, 28, 28]", "Conv2d: { out_channels: 8, kernel_size: 3, padding: same }", "[8,28,28]" },              // total 2: pad 1 + 1
        { "[1, 28, 28]", "Conv2d: { out_channels: 8, kernel_size: 3, dilation: 2, padding: same }", "[8,28,28]" }, // total 2(3-1) = 4
        { "[4, 9, 9]", "Conv2d: { out_channels: 8, kernel_size: 3, stride: 3, groups: 4 }", "[8,3,3]" },           // (9-2-1)/3+1 = 3
        // ConvTranspose2d: (H-1)s - 2p + d(k-1) + output_padding + 1.
        { "[256, 7, 7]", "ConvTranspose2d: { out_channels: 64, kernel_size: 4, stride: 2, padding: 1 }", "[64,14,14]" }, // 12-2+3+1
        { "[16, 7, 7]", "ConvTranspose2d: { out_channels: 8, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }", "[8,14,14]" }, // 12-2+2+1+1
        { "[16, 7, 7]", "ConvTranspose2d: { out_channels: 8, kernel_size: 5, stride: 2, padding: same }", "[8,14,14]" },  // 7 x 2
        { "[16, 7, 7]", "ConvTranspose2d: { out_channels: 8, kernel_size: 5, padding: same }", "[8,7,7]" },
        { "[16, 7, 7]", "ConvTranspose2d: { out_channels: 8, kernel_size: 1, stride: 3, padding: same }", "[8,21,21]" },  // k < s: output_padding 2
        { "[128, 7, 7]", "ConvTranspose2d: { out_channels: 64, kernel_size: 4, stride: 2, padding: same }", "[64,14,14]" }, // crop 2: padding 1
        { "[4, 5, 5]", "ConvTranspose2d: { out_channels: 2, kernel_size: 3, stride: 2, padding: 1, output_padding: 1, dilation: 2 }", "[2,12,12]" }, // 8-2+4+1+1
        { "[4, 5, 6]", "ConvTranspose2d: { out_channels: 2, kernel_size: [2, 3], stride: [1, 2] }", "[2,6,13]" },  // H: 4+1+1, W: 10+2+1
        // MaxPool2d: floor or ceil((H + 2p - d(k-1) - 1) / s) + 1; a ceil window must start inside the input or left padding.
        { "[4, 5, 5]", "MaxPool2d: { kernel_size: 2 }", "[4,2,2]" },                                                // floor(3/2)+1
        { "[4, 5, 5]", "MaxPool2d: { kernel_size: 2, ceil_mode: true }", "[4,3,3]" },                               // ceil(3/2)+1
        { "[4, 6, 6]", "MaxPool2d: { kernel_size: 3, stride: 2, padding: 1, ceil_mode: true }", "[4,4,4]" },        // ceil(5/2)+1 = 4; (4-1)*2 = 6 < 6+1
        { "[4, 5, 5]", "MaxPool2d: { kernel_size: 2, stride: 2, padding: 1, ceil_mode: true }", "[4,3,3]" },        // ceil(5/2)+1 = 4, but (4-1)*2 = 6 >= 5+1: 3
        { "[4, 10, 10]", "MaxPool2d: { kernel_size: 3, stride: 1, dilation: 2 }", "[4,6,6]" },                      // (10-4-1)/1+1 = 6
        { "[4, 6, 6]", "MaxPool2d: { kernel_size: 3, stride: 2, padding: 1 }", "[4,3,3]" },                         // floor(5/2)+1 = 3
        { "[4, 7, 8]", "MaxPool2d: { kernel_size: [3, 2], stride: [2, 3], ceil_mode: true }", "[4,3,3]" },         // H: ceil(4/2)+1 = 3; W: ceil(6/3)+1 = 3, (3-1)*3 = 6 < 8
        // Flatten counts the batch as dimension 0.
        { "[2, 3, 4]", "Flatten", "[24]" },
        { "[2, 3, 4]", "Flatten: { start_dim: 2 }", "[2,12]" },
        { "[2, 3, 4]", "Flatten: { start_dim: 1, end_dim: 2 }", "[6,4]" },
        // Reshape may infer one size.
        { "[12544]", "Reshape: [256, -1, 7]", "[256,7,7]" },
        { "[784]", "Reshape: [1, 28, 28]", "[1,28,28]" },
        { "[2, 3, 4]", "Reshape: [-1]", "[24]" },
        { "[6272]", "Reshape: [-1, 7, 7]", "[128,7,7]" },
        // Linear acts on the last dimension; BatchNorm1d takes [C] or [C,L].
        { "[3, 10]", "Linear: { out_features: 4 }", "[3,4]" },
        { "[3, 10]", "BatchNorm1d", "[3,10]" },
        { "[2, 4, 4]", "ZeroPad2d: { padding: [1, 2, 3, 4] }", "[2,11,7]" },                                        // H + 3 + 4, W + 1 + 2
        { "[8]", "MinibatchDiscrimination: { num_kernels: 5, kernel_dim: 3 }", "[13]" },
        { "[2, 3, 4]", "Identity", "[2,3,4]" },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void LayerOutputFollowsPyTorch(string input, string layer, string output)
    {
        var analysis = SpecEngine.Analyze("spec.yaml", $"models:\n  M:\n    input: {input}\n    layers:\n      - {layer}\n");
        Assert.Empty(analysis.Diagnostics);
        Assert.Equal(output, analysis.Models.Single().Output.ToString());
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
        var resolved = SpecEngine.Analyze("Models.yaml", GeneratorHarness.ModelsYaml).Models.Single(m => m.Name == model);
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
