using System;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>
/// A small 1-D GAN trained by <c>gangen train</c> from start to end without interruption: the result every
/// interrupted, killed or damaged run of the same spec and seed must reach after <c>gangen resume</c>.
/// </summary>
public sealed class UninterruptedRun : IDisposable
{
    /// <summary>Steps of the run; checkpoints every 100.</summary>
    public const int Steps = 1000;

    /// <summary>G 1-4-1 with Softplus, D 1-8-1 ending in Sigmoid, plain SGD: a fast spec of the seed's shape.</summary>
    public const string Spec = """
        models:
          G:
            input: [1]
            layers:
              - Linear: { out_features: 4 }
              - Softplus
              - Linear: { out_features: 1 }
          D:
            input: [1]
            layers:
              - Linear: { out_features: 8 }
              - Tanh
              - Linear: { out_features: 1 }
              - Sigmoid
        gans:
          OneD:
            generator: G
            discriminator: D
            training:
              data: { normal: { mean: 4, std: 0.5 } }
              loss: { non-saturating: { logits: false } }
              optimizer: { SGD: { lr: 0.005 } }
              batch_size: 12
              steps: 1000
              sample_every: 100
              seed: 3
        """;

    public UninterruptedRun()
    {
        Root = Directory.CreateTempSubdirectory("gangen-faults-").FullName;
        SpecPath = Path.Combine(Root, "oned.yaml");
        File.WriteAllText(SpecPath, Spec);

        var folder = Path.Combine(Root, "uninterrupted");
        var clock = Stopwatch.StartNew();
        var (code, output) = GanGenProcess.Run(Train(folder));
        Duration = clock.Elapsed;
        Assert.True(code == 0, output);
        Generator = File.ReadAllBytes(Path.Combine(folder, "generator.pt"));
    }

    /// <summary>A temporary folder for the tests' runs, removed at the end.</summary>
    public string Root { get; }

    /// <summary>The spec file.</summary>
    public string SpecPath { get; }

    /// <summary>The final generator's weights.</summary>
    public byte[] Generator { get; }

    /// <summary>How long the whole run took, process start included.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The arguments of <c>gangen train</c> into <paramref name="folder"/>; one thread, so every run computes alike.</summary>
    public string[] Train(string folder, int? steps = null) =>
        steps is { } total
            ? ["train", "--spec", SpecPath, "--gan", "OneD", "--run", folder, "--threads", "1", "--steps", total.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["train", "--spec", SpecPath, "--gan", "OneD", "--run", folder, "--threads", "1"];

    /// <summary>The arguments of <c>gangen resume</c> of <paramref name="folder"/>.</summary>
    public static string[] Resume(string folder, int? steps = null) =>
        steps is { } total
            ? ["resume", folder, "--threads", "1", "--steps", total.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["resume", folder, "--threads", "1"];

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
