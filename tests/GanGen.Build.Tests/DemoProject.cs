namespace GanGen.Build.Tests;

/// <summary>
/// The small project both end-to-end builds use (from the source and from the package): a generator, a
/// critic and a GAN whose generated class uses the spec engine's settings types, and a program that
/// prints what it built.
/// </summary>
internal static class DemoProject
{
    public const string Spec = """
        models:
          Gen:
            input: [100]
            layers:
              - Linear: { out_features: 12544 }
              - Reshape: [256, 7, 7]
              - ConvTranspose2d: { out_channels: 1, kernel_size: 4, stride: 4 }
              - Tanh
            output: [1, 28, 28]
          Critic:
            input: [1, 28, 28]
            layers:
              - Flatten
              - Linear: { out_features: 1 }
        gans:
          Pair:
            generator: Gen
            discriminator: Critic
            training: { data: mnist, loss: hinge, batch_size: 32, steps: 10 }
        """;

    /// <summary>A spec whose Reshape (line 6, column 9) is fed 12000 elements instead of 12544.</summary>
    public const string BrokenSpec = """
        models:
          Gen:
            input: [100]
            layers:
              - Linear: { out_features: 12000 }
              - Reshape: [256, 7, 7]
        """;

    /// <summary>The GAN0009 error <see cref="BrokenSpec"/> gives, as MSBuild prints it.</summary>
    public const string BrokenSpecError = "Spec.yaml(6,9): error GAN0009: Reshape [256,7,7] needs 12544 elements, but its input [12000] has 12000";

    public const string Program = """
        using System;
        using Demo.Nets;
        using static TorchSharp.torch;

        using var g = new Gen();
        using var output = g.forward(randn(2, 100));
        Console.WriteLine($"shape [{string.Join(",", output.shape)}] parameters {Gen.ParameterCount} batch {Pair.Training.BatchSize} gan {Pair.Definition.Name}");
        """;

    /// <summary>What <see cref="Program"/> prints. Linear 100 x 12544 + 12544, ConvTranspose2d 256 x 1 x 4 x 4 + 1.</summary>
    public const string Output = "shape [2,1,28,28] parameters 1271041 batch 32 gan Pair";
}
