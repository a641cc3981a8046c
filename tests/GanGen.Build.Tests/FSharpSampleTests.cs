using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace GanGen.Build.Tests;

/// <summary>
/// The F# sample (samples/FSharpGan), run as a user runs it: it loads src/Models.yaml at run time, trains
/// the 1-D GAN to the spec's 5,000 steps and a few DCGAN steps, with no source generator involved.
/// </summary>
public sealed partial class FSharpSampleTests : IDisposable
{
    private readonly string workingDirectory = Directory.CreateTempSubdirectory("gangen-fsharp-").FullName;

    [Fact]
    public void TrainsTheOneDGanToTheDataAndADcganFromTheYaml()
    {
        var sample = Path.Combine(DotnetCli.FindRepositoryRoot(), "samples", "FSharpGan", "bin", DotnetCli.Configuration, "net10.0", "FSharpGan.dll");

        var (exitCode, output) = DotnetCli.Run(workingDirectory, sample, "--dcgan-steps", "4", "--no-eval");

        Assert.True(exitCode == 0, output);
        var learned = GeneratedMoments().Match(output);
        Assert.True(learned.Success, output);
        var mean = double.Parse(learned.Groups["mean"].Value, CultureInfo.InvariantCulture);
        var std = double.Parse(learned.Groups["std"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(mean, 3.7, 4.3);
        Assert.InRange(std, 0.25, 0.75);
        Assert.Matches(@"quality at step 5000: jsd 0\.\d+  jsd_kde 0\.\d+; best\.ckpt is step \d+", output);
        Assert.Contains("Trained Dcgan for 4 steps", output);
        var runs = Path.Combine(workingDirectory, "runs");
        Assert.True(File.Exists(Path.Combine(runs, "fsharp-oned", "training.gif")), output);
        Assert.True(File.Exists(Path.Combine(runs, "fsharp-dcgan", "samples.png")), output);
        Assert.True(File.Exists(Path.Combine(runs, "fsharp-dcgan", "generator.pt")), output);
    }

    [Fact]
    public void ABadArgumentIsOneLineAndExitCodeTwo()
    {
        var sample = Path.Combine(DotnetCli.FindRepositoryRoot(), "samples", "FSharpGan", "bin", DotnetCli.Configuration, "net10.0", "FSharpGan.dll");

        var (exitCode, output) = DotnetCli.Run(workingDirectory, sample, "--dcgan-steps", "-3");

        Assert.Equal(2, exitCode);
        Assert.Equal("error: unknown or incomplete argument '--dcgan-steps'", output.Trim());
    }

    public void Dispose() => Directory.Delete(workingDirectory, recursive: true);

    [GeneratedRegex(@"generated mean (?<mean>[-\d.]+), std (?<std>[-\d.]+)")]
    private static partial Regex GeneratedMoments();
}
