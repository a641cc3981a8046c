using System;
using System.Text;

namespace GanGen.Benchmarks;

/// <summary>Writes a deterministic spec of 100 generator/discriminator pairs (200 models) in realistic shapes.</summary>
internal static class SpecCorpus
{
    public static string TwoHundredModels(int seed = 42)
    {
        var random = new Random(seed);
        var yaml = new StringBuilder("models:\n");
        var gans = new StringBuilder("gans:\n");
        for (var i = 0; i < 100; i++)
        {
            var width = 32 * random.Next(1, 5);
            var latent = 64 * random.Next(1, 3);
            var image = random.Next(2) == 0 ? 28 : 32;
            var quarter = image / 4;

            yaml.Append($"  Generator{i}:\n    input: [{latent}]\n    layers:\n");
            yaml.Append($"      - Linear: {{ out_features: {width * 2 * quarter * quarter}, bias: false }}\n");
            yaml.Append("      - BatchNorm1d\n      - ReLU\n");
            yaml.Append($"      - Reshape: [{width * 2}, {quarter}, {quarter}]\n");
            yaml.Append($"      - ConvTranspose2d: {{ out_channels: {width}, kernel_size: 5, stride: 2, padding: same, bias: false }}\n");
            yaml.Append("      - BatchNorm2d\n      - LeakyReLU: { negative_slope: 0.2 }\n");
            yaml.Append("      - ConvTranspose2d: { out_channels: 1, kernel_size: 4, stride: 2, padding: 1 }\n");
            yaml.Append("      - Tanh\n");
            yaml.Append($"    output: [1, {image}, {image}]\n");

            yaml.Append($"  Discriminator{i}:\n    input: [1, {image}, {image}]\n    layers:\n");
            yaml.Append($"      - Conv2d: {{ out_channels: {width}, kernel_size: 5, stride: 2, padding: same }}\n");
            yaml.Append("      - LeakyReLU: { negative_slope: 0.2 }\n      - Dropout: { p: 0.3 }\n");
            yaml.Append($"      - Conv2d: {{ out_channels: {width * 2}, kernel_size: 3, padding: 1 }}\n");
            yaml.Append("      - MaxPool2d: { kernel_size: 2 }\n      - BatchNorm2d\n      - LeakyReLU: { negative_slope: 0.2 }\n");
            yaml.Append("      - Flatten\n      - Linear: { out_features: 1 }\n");
            yaml.Append("    output: [1]\n");

            gans.Append($"  Gan{i}: {{ generator: Generator{i}, discriminator: Discriminator{i} }}\n");
        }

        return yaml.Append(gans).ToString();
    }
}
