using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GanGen.Runtime.Runs;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary><c>gangen import</c> and <c>gangen export --pytorch</c>, and <c>gangen sample</c> on a run from before checkpoint format 4.</summary>
[Collection(ConsoleOutput.Name)]
public sealed class WeightCommandTests : IDisposable
{
    private static readonly string Data = Path.Combine(AppContext.BaseDirectory, "PyTorchWeights");
    private readonly string root = Directory.CreateTempSubdirectory("gangen-weights-").FullName;

    [Fact]
    public void ImportedPyTorchGeneratorSamplesAndExportsTheSameTensors()
    {
        var run = Path.Combine(root, "imported");
        var weights = Path.Combine(Data, "SmallKerasGenerator.pt");
        var spec = Path.Combine(Data, "Small.yaml");

        Assert.Equal(0, GanGenCommand.Run(["import", weights, "--gan", "SmallKeras", "--spec", spec, "--run", run]));
        Assert.Equal(new RunManifest("SmallKeras", 0, 0, ImportedFrom: weights), new RunFolder(run).ReadManifest());

        Assert.Equal(0, GanGenCommand.Run(["sample", run, "--count", "16"]));
        Assert.True(new FileInfo(Path.Combine(run, "sample.png")).Length > 0);

        var exported = Path.Combine(root, "exported.pt");
        Assert.Equal(0, GanGenCommand.Run(["export", run, "--pytorch", exported]));
        using var scope = torch.NewDisposeScope();
        var original = PyTorchUnpickler.UnpickleStateDict(weights);
        var back = PyTorchUnpickler.UnpickleStateDict(exported);
        Assert.Equal(original.Keys.Cast<string>().Order(), back.Keys.Cast<string>().Order());
        foreach (string key in original.Keys)
        {
            Assert.True(((torch.Tensor)original[key]!).equal((torch.Tensor)back[key]!).all().item<bool>(), $"{key} changed on the way through GanGen");
        }

        var (again, againText) = Errors(() => GanGenCommand.Run(["import", weights, "--gan", "SmallKeras", "--spec", spec, "--run", run]));
        Assert.Equal(1, again);
        Assert.Equal($"error: {run} already holds a run; choose another folder with --run", againText.Trim());

        var (resume, resumeText) = Errors(() => GanGenCommand.Run(["resume", run]));
        Assert.Equal(1, resume);
        Assert.Equal($"error: {run} holds a generator imported from {weights}, with no training state to resume; train a new run instead", resumeText.Trim());
    }

    [Fact]
    public void WeightsOfAnotherModelAreOneLineThatNamesTheKeyAndBothShapes()
    {
        var run = Path.Combine(root, "wrong");
        var weights = Path.Combine(Data, "SmallSnganGenerator.pt");

        var (code, text) = Errors(() => GanGenCommand.Run(["import", weights, "--gan", "SmallKeras", "--spec", Path.Combine(Data, "Small.yaml"), "--run", run]));

        Assert.Equal(1, code);
        Assert.Equal($"error: {weights}: '0.weight' is [512,16] in the file but [392,8] in SmallKerasGenerator; was it saved from a model with other layer sizes?", text.Trim());
        Assert.False(Directory.Exists(run));

        var (export, exportText) = Errors(() => GanGenCommand.Run(["export", root]));
        Assert.Equal(1, export);
        Assert.Equal("error: say what to write: --onnx FILE (an ONNX model) and/or --pytorch FILE (a state_dict for torch.load)", exportText.Trim());
    }

    [Fact]
    public void RunFromBeforeTheKeyChangeStillSamplesWhatItDid()
    {
        var run = Path.Combine(root, "legacy");
        Directory.CreateDirectory(run);
        foreach (var file in new[] { "generator.pt", "run.json", "spec.yaml" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "LegacyRun", file), Path.Combine(run, file));
        }

        var output = Path.Combine(root, "samples.csv");
        var (code, text) = Errors(() => GanGenCommand.Run(["sample", run, "--count", "6", "--output", output]));

        Assert.Equal(0, code);
        Assert.Equal($"note: {Path.Combine(run, "generator.pt")} names weights by C# field (written by a GanGen before checkpoint format 4); read by those names", text.Trim());
        var then = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "LegacyRun", "samples.csv")).Select(v => double.Parse(v, CultureInfo.InvariantCulture));
        var now = File.ReadAllLines(output).Select(v => double.Parse(v, CultureInfo.InvariantCulture));
        Assert.All(then.Zip(now), pair => Assert.Equal(pair.First, pair.Second, 1e-7));
        Assert.Equal(6, now.Count());
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private static (int Code, string Text) Errors(Func<int> action)
    {
        var writer = new StringWriter();
        var original = Console.Error;
        Console.SetError(writer);
        try
        {
            return (action(), writer.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
