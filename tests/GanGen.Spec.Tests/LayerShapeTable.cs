using Xunit;

namespace GanGen.Spec.Tests;

/// <summary>
/// Shape inference cases against PyTorch's documented formulas, worked by hand in each comment. The spec
/// engine's tests check the inferred shapes; the generator's tests (which link this file) compile each
/// row and run it on libtorch.
/// </summary>
public static class LayerShapeTable
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
        // AvgPool2d: MaxPool2d's formula without dilation; stride defaults to kernel_size.
        { "[3, 5, 5]", "AvgPool2d: { kernel_size: 2 }", "[3,2,2]" },                                                // floor(3/2)+1
        { "[3, 5, 5]", "AvgPool2d: { kernel_size: 2, ceil_mode: true }", "[3,3,3]" },                               // ceil(3/2)+1 = 3; (3-1)*2 = 4 < 5
        { "[3, 6, 7]", "AvgPool2d: { kernel_size: 3, stride: 2, padding: 1 }", "[3,3,4]" },                         // H: floor(5/2)+1, W: floor(6/2)+1
        { "[3, 5, 5]", "AvgPool2d: { kernel_size: 2, stride: 2, padding: 1, ceil_mode: true }", "[3,3,3]" },        // ceil(5/2)+1 = 4, but (4-1)*2 = 6 >= 5+1: 3
        { "[3, 8, 6]", "AvgPool2d: { kernel_size: [4, 2], stride: [2, 1], count_include_pad: false, divisor_override: 3 }", "[3,3,5]" }, // H: 4/2+1, W: 4/1+1
        // AdaptiveAvgPool2d: output_size whatever the input, larger included.
        { "[3, 7, 9]", "AdaptiveAvgPool2d: { output_size: 1 }", "[3,1,1]" },
        { "[3, 7, 9]", "AdaptiveAvgPool2d: { output_size: [2, 4] }", "[3,2,4]" },
        { "[3, 2, 2]", "AdaptiveAvgPool2d: { output_size: 5 }", "[3,5,5]" },
        { "[4, 3, 5]", "GlobalSumPool", "[4]" },                                                                    // sum over 3x5
        // Upsample: floor(size * scale_factor), per dimension.
        { "[2, 3, 4]", "Upsample: { scale_factor: 2 }", "[2,6,8]" },
        { "[2, 5, 4]", "Upsample: { scale_factor: 1.5, mode: bilinear }", "[2,7,6]" },                              // floor(7.5) = 7, 4 * 1.5 = 6
        { "[2, 3, 4]", "Upsample: { scale_factor: [2, 0.5] }", "[2,6,2]" },
        { "[2, 7, 7]", "Upsample: { scale_factor: 0.3 }", "[2,2,2]" },                                              // floor(2.1)
        { "[2, 10, 10]", "Upsample: { scale_factor: 0.3, mode: bilinear, align_corners: true }", "[2,3,3]" },      // floor(10 * 0.3), which is 3.0000000000000004 in doubles
        // PixelShuffle: [C*r*r, H, W] -> [C, H*r, W*r].
        { "[8, 3, 5]", "PixelShuffle: { upscale_factor: 2 }", "[2,6,10]" },
        { "[18, 2, 2]", "PixelShuffle: { upscale_factor: 3 }", "[2,6,6]" },
        { "[5, 2, 2]", "PixelShuffle: { upscale_factor: 1 }", "[5,2,2]" },
        // Per-sample normalizations and the newer activations keep the shape.
        { "[4, 3, 3]", "InstanceNorm2d", "[4,3,3]" },
        { "[4, 3, 3]", "InstanceNorm2d: { affine: true, track_running_stats: true }", "[4,3,3]" },
        { "[6, 4, 4]", "GroupNorm: { num_groups: 3 }", "[6,4,4]" },
        { "[6]", "GroupNorm: { num_groups: 6, affine: false }", "[6]" },
        { "[2, 3, 4]", "LayerNorm", "[2,3,4]" },
        { "[5]", "LayerNorm: { bias: false }", "[5]" },
        { "[2, 3]", "GELU", "[2,3]" },
        { "[2, 3]", "GELU: { approximate: tanh }", "[2,3]" },
        { "[2, 3]", "SiLU", "[2,3]" },
        { "[2, 3]", "ELU: { alpha: 0.5 }", "[2,3]" },
        // SelfAttention keeps the shape; spectral_norm changes no shape.
        { "[16, 4, 6]", "SelfAttention", "[16,4,6]" },
        { "[8, 6, 6]", "Conv2d: { out_channels: 4, kernel_size: 3, stride: 2, padding: 1, spectral_norm: true }", "[4,3,3]" },      // (6+2-2-1)/2+1 = 3
        { "[8, 3, 3]", "ConvTranspose2d: { out_channels: 4, kernel_size: 4, stride: 2, padding: 1, spectral_norm: true }", "[4,6,6]" }, // 4-2+3+1 = 6
        { "[3, 10]", "Linear: { out_features: 4, bias: false, spectral_norm: true }", "[3,4]" },
    };

    /// <summary>Parameter counts of the newer layers as PyTorch's <c>sum(p.numel())</c> gives them, worked by hand.</summary>
    public static TheoryData<string, string, long> Parameters => new()
    {
        { "[4, 3, 3]", "InstanceNorm2d", 0 },                                                  // affine is false by default
        { "[4, 3, 3]", "InstanceNorm2d: { affine: true }", 8 },                                // weight and bias of 4
        { "[4, 3, 3]", "InstanceNorm2d: { track_running_stats: true }", 0 },                   // running statistics are buffers
        { "[6, 4, 4]", "GroupNorm: { num_groups: 3 }", 12 },                                   // weight and bias per channel, not per group
        { "[6, 4, 4]", "GroupNorm: { num_groups: 2, affine: false }", 0 },
        { "[2, 3, 4]", "LayerNorm", 48 },                                                      // weight and bias of 2x3x4
        { "[2, 3, 4]", "LayerNorm: { bias: false }", 24 },
        { "[2, 3, 4]", "LayerNorm: { elementwise_affine: false }", 0 },
        { "[8, 3, 5]", "PixelShuffle: { upscale_factor: 2 }", 0 },
        { "[2, 3, 4]", "Upsample: { scale_factor: 2, mode: bilinear }", 0 },
        { "[3, 5, 5]", "AvgPool2d: { kernel_size: 2 }", 0 },
        { "[3, 7, 9]", "AdaptiveAvgPool2d: { output_size: 2 }", 0 },
        { "[4, 3, 5]", "GlobalSumPool", 0 },
        { "[2, 3]", "GELU", 0 },
        { "[2, 3]", "SiLU", 0 },
        { "[2, 3]", "ELU", 0 },
    };

    /// <summary>Layers that take the class labels, in a model with <c>condition: { classes: K }</c>: input, K, layer, output.</summary>
    public static TheoryData<string, int, string, string> ConditionalLayers => new()
    {
        { "[16, 4, 6]", 3, "ConditionalBatchNorm2d", "[16,4,6]" },
        { "[12]", 5, "ConditionalBatchNorm1d: { eps: 0.001, momentum: 0.2 }", "[12]" },
        { "[10]", 4, "Projection", "[1]" },
    };
}
