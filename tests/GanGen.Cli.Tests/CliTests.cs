using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GanGen.Cli;
using GanGen.Runtime.Runs;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>The <c>gangen</c> command on a tiny run: train, resume, sample, list, summary, and its errors.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class CliTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-cli-").FullName;

    [Fact]
    public void TrainsResumesAndSamplesATinyRun()
    {
        var run = Path.Combine(root, "oned");

        Assert.Equal(0, GanGenCommand.Run(new[] { "train", "--spec", "Models.yaml", "--gan", "OneD", "--run", run, "--steps", "120", "--seed", "7" }));

        Assert.Equal(new RunManifest("OneD", 120, 7), new RunFolder(run).ReadManifest());
        Assert.True(File.Exists(Path.Combine(run, "spec.yaml")));
        Assert.True(File.Exists(Path.Combine(run, "generator.pt")));

        Assert.Equal(0, GanGenCommand.Run(new[] { "resume", run, "--steps", "150" }));
        Assert.Equal(150, new RunFolder(run).ReadManifest().TotalSteps);

        var output = Path.Combine(root, "samples.csv");
        Assert.Equal(0, GanGenCommand.Run(new[] { "sample", run, "--count", "500", "--output", output }));
        var values = File.ReadAllLines(output).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(500, values.Length);
        Assert.All(values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void AWallClockBudgetFinishesTheRunAtItsStepAndResumeContinuesIt()
    {
        var run = Path.Combine(root, "budget");

        Assert.Equal(0, GanGenCommand.Run(new[] { "train", "--spec", "Models.yaml", "--gan", "OneD", "--run", run, "--steps", "1000000", "--minutes", "0.002", "--no-eval" }));

        // Finished, not interrupted: generator.pt is written only when a run completes.
        var steps = File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1;
        Assert.InRange(steps, 1, 100_000);
        Assert.True(File.Exists(Path.Combine(run, "generator.pt")));
        Assert.Equal(1_000_000, new RunFolder(run).ReadManifest().TotalSteps);

        Assert.Equal(0, GanGenCommand.Run(new[] { "resume", run, "--minutes", "0.002", "--no-eval" }));
        Assert.True(File.ReadAllLines(Path.Combine(run, "metrics.csv")).Length - 1 > steps, "resume did not continue the budgeted run");

        var (bad, badText) = Capture(() => GanGenCommand.Run(new[] { "train", "--spec", "Models.yaml", "--gan", "OneD", "--run", Path.Combine(root, "never"), "--minutes", "0" }), error: true);
        Assert.NotEqual(0, bad);
        Assert.Contains("--minutes must be a positive number of minutes, but is 0", badText, StringComparison.Ordinal);
    }

    [Fact]
    public void PrecisionIsChosenOnTheCommandLineRecordedInRunJsonAndKeptOnResume()
    {
        var run = Path.Combine(root, "bf16");

        Assert.Equal(0, GanGenCommand.Run(new[] { "train", "--spec", "Models.yaml", "--gan", "OneD", "--run", run, "--steps", "40", "--precision", "bf16-mixed", "--no-eval" }));
        Assert.Equal("bf16-mixed", new RunFolder(run).ReadManifest().Precision);

        Assert.Equal(0, GanGenCommand.Run(new[] { "resume", run, "--steps", "50", "--no-eval" }));
        Assert.Equal(new RunManifest("OneD", 50, 2, Precision: "bf16-mixed"), new RunFolder(run).ReadManifest());

        Assert.Equal(0, GanGenCommand.Run(new[] { "resume", run, "--steps", "60", "--precision", "32", "--no-eval" }));
        Assert.Equal("32", new RunFolder(run).ReadManifest().Precision);

        var (code, text) = Capture(() => GanGenCommand.Run(new[] { "resume", run, "--steps", "70", "--precision", "fp16" }), error: true);
        Assert.Equal(1, code);
        Assert.Equal("error: --precision fp16: unknown precision; use 32 or bf16-mixed", text.Trim());
    }

    [Fact]
    public void ListAndSummaryReadTheSpec()
    {
        var (code, text) = Capture(() => GanGenCommand.Run(new[] { "summary", "--spec", "Models.yaml", "VanillaGenerator" }));

        Assert.Equal(0, code);
        Assert.Contains("114,064", text);
        Assert.Equal(0, GanGenCommand.Run(new[] { "list", "--spec", "Models.yaml" }));
    }

    [Fact]
    public void MistakesAreOneLineErrors()
    {
        var (unknown, unknownText) = Capture(() => GanGenCommand.Run(new[] { "train", "--spec", "Models.yaml", "--gan", "Nope", "--run", Path.Combine(root, "x") }), error: true);
        Assert.Equal(1, unknown);
        Assert.StartsWith("error: The spec ", unknownText);
        Assert.Contains("has no GAN 'Nope'; it has: Vanilla, KerasDcgan, KerasDcganQuick, OneD, OneDMinibatch, OneDNormalInit, OneDLeastSquares, Dcgan, ConditionalDcgan", unknownText);

        var broken = Path.Combine(root, "broken.yaml");
        File.WriteAllText(broken, "models:\n  G:\n    input: [4]\n    layers: [Relu]\n");
        var (spec, specText) = Capture(() => GanGenCommand.Run(new[] { "list", "--spec", broken }), error: true);
        Assert.Equal(1, spec);
        Assert.Contains("broken.yaml(4,14): error GAN0003: Unknown layer 'Relu' in model 'G'; did you mean 'ReLU'?", specText);

        var (notRun, notRunText) = Capture(() => GanGenCommand.Run(new[] { "sample", root }), error: true);
        Assert.Equal(1, notRun);
        Assert.Equal($"error: {root} is not a GanGen run folder: it has no run.json", notRunText.Trim());
    }

    [Fact]
    public void ABadDatasetIsOneErrorLineBeforeTraining()
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "empty")).FullName;
        var spec = Path.Combine(root, "spec.yaml");
        File.WriteAllText(spec, "models:\n  G:\n    input: [8]\n    layers: [{ Linear: { out_features: 784 } }, Tanh]\n  D:\n    input: [784]\n    layers: [{ Linear: { out_features: 1 } }]\n"
            + $"gans:\n  Pair:\n    generator: G\n    discriminator: D\n    training: {{ data: {{ idx: {{ path: {folder} }} }}, steps: 10 }}\n");
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(1, GanGenCommand.Run(["train", "--spec", spec, "--gan", "Pair", "--run", Path.Combine(root, "cli-run")]));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal($"error: {folder}: has no train-images-idx3-ubyte or train-images-idx3-ubyte.gz; put train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] there, or fix data: {{ idx: {{ path: ... }} }}{Environment.NewLine}", error.ToString());
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static (int Code, string Text) Capture(Func<int> action, bool error = false)
    {
        var writer = new StringWriter();
        var original = error ? Console.Error : Console.Out;
        if (error)
        {
            Console.SetError(writer);
        }
        else
        {
            Console.SetOut(writer);
        }

        try
        {
            return (action(), writer.ToString());
        }
        finally
        {
            if (error)
            {
                Console.SetError(original);
            }
            else
            {
                Console.SetOut(original);
            }
        }
    }
}
