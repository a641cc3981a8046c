using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GanGen.Runtime.Specs;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Cli.Tests;

/// <summary>
/// A small MLP GAN (no batch norm, no dropout) trained to the end by one process and by two MPI ranks with
/// the same global batch: the references the data-parallel tests compare against. Made on first use, so a
/// machine without Open MPI makes none.
/// </summary>
public sealed class MpiRuns : IDisposable
{
    /// <summary>Steps of the runs; checkpoints every 25.</summary>
    public const int Steps = 200;

    /// <summary>G 4-16-1 and D 1-16-1 with Adam, global batch 64.</summary>
    public const string Spec = """
        models:
          G:
            input: [4]
            layers:
              - Linear: { out_features: 16 }
              - ReLU
              - Linear: { out_features: 1 }
          D:
            input: [1]
            layers:
              - Linear: { out_features: 16 }
              - LeakyReLU: { negative_slope: 0.2 }
              - Linear: { out_features: 1 }
        gans:
          Mlp:
            generator: G
            discriminator: D
            training:
              data: { normal: { mean: 4, std: 0.5 } }
              loss: { non-saturating: { logits: true } }
              optimizer: { Adam: { lr: 0.001, betas: [0.5, 0.999] } }
              batch_size: 64
              steps: 200
              sample_every: 25
              seed: 5
        """;

    private readonly Lazy<string> one;
    private readonly Lazy<string> two;

    public MpiRuns()
    {
        Root = Directory.CreateTempSubdirectory("gangen-mpi-").FullName;
        SpecPath = Path.Combine(Root, "mlp.yaml");
        File.WriteAllText(SpecPath, Spec);
        one = new(() => Trained("one", []));
        two = new(() => Trained("two", OpenMpiLauncher.Local(2)));
    }

    /// <summary>A temporary folder for the tests' runs, removed at the end.</summary>
    public string Root { get; }

    /// <summary>The spec file.</summary>
    public string SpecPath { get; }

    /// <summary>The run folder of the one-process run.</summary>
    public string OneProcess => one.Value;

    /// <summary>The run folder of the two-rank run.</summary>
    public string TwoRanks => two.Value;

    /// <summary>The arguments of <c>gangen train</c> into <paramref name="folder"/>, one libtorch thread per process.</summary>
    public string[] Train(string folder, int? steps = null) =>
        ["train", "--spec", SpecPath, "--gan", "Mlp", "--run", folder, "--threads", "1", "--no-eval", .. Total(steps)];

    /// <summary>The arguments of <c>gangen resume</c> of <paramref name="folder"/>.</summary>
    public static string[] Resume(string folder, int? steps = null) => ["resume", folder, "--threads", "1", "--no-eval", .. Total(steps)];

    /// <summary>Runs <c>gangen</c> to its end, through <paramref name="launcher"/> when it is not empty, and checks it succeeded.</summary>
    public static string Succeed(string[] launcher, string[] arguments)
    {
        using var gangen = GanGenProcess.Launch(launcher, arguments);
        var code = gangen.WaitForExit();
        Assert.True(code == 0, $"exit code {code}: {gangen.Output}");
        return gangen.Output;
    }

    /// <summary>The final generator's weights of a run, by PyTorch's names.</summary>
    public static Dictionary<string, float[]> Generator(string folder)
    {
        using var generator = LoadedSpec.Parse(Spec).Gan("Mlp").CreateGenerator();
        generator.load(Path.Combine(folder, "generator.pt"));
        return generator.state_dict().ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());
    }

    /// <summary>A run's metrics.csv as rows of numbers, header left out.</summary>
    public static double[][] Metrics(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Skip(1)
            .Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    /// <summary>Asserts two generators' weights agree to <paramref name="tolerance"/>, relative to each weight's size (at least 1).</summary>
    public static void AssertClose(Dictionary<string, float[]> expected, Dictionary<string, float[]> actual, double tolerance)
    {
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, values) in expected)
        {
            var worst = values.Zip(actual[name]).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.First)));
            Assert.True(worst <= tolerance, $"{name} differs by up to {worst:G3} (tolerance {tolerance:G3})");
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string[] Total(int? steps) => steps is { } total ? ["--steps", total.ToString(CultureInfo.InvariantCulture)] : [];

    private string Trained(string name, string[] launcher)
    {
        var folder = Path.Combine(Root, name);
        Succeed(launcher, Train(folder));
        return folder;
    }
}
