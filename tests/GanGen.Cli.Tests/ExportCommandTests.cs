using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Cli.Tests;

/// <summary><c>gangen export --onnx</c> on a run trained for two steps, and its errors.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-export-").FullName;

    [Fact]
    public void ExportsTheRunsGeneratorAsAnOnnxModelThatComputesWhatTheGeneratorComputes()
    {
        var run = Path.Combine(root, "oned");
        Assert.Equal(0, GanGenCommand.Run(new[] { "train", "--spec", "Models.yaml", "--gan", "OneD", "--run", run, "--steps", "2", "--seed", "3", "--no-eval" }));
        var file = Path.Combine(root, "exported", "oned.onnx");

        Assert.Equal(0, GanGenCommand.Run(new[] { "export", run, "--onnx", file }));

        using var session = new InferenceSession(file);
        Assert.Equal(new[] { "noise" }, session.InputNames);
        Assert.Equal(new[] { "samples" }, session.OutputNames);
        Assert.Equal("OneD", session.ModelMetadata.CustomMetadataMap["gangen.gan"]);

        using var scope = NewDisposeScope();
        var spec = LoadedSpec.Load(Path.Combine(run, "spec.yaml"));
        using var generator = spec.CreateModel("OneDGenerator");
        generator.load(new RunFolder(run).Generator);
        generator.eval();
        var noise = linspace(-8, 8, 7).reshape(7, 1);
        var expected = generator.forward(noise).data<float>().ToArray();

        using var input = OrtValue.CreateTensorValueFromMemory(noise.data<float>().ToArray(), new long[] { 7, 1 });
        using var options = new RunOptions();
        using var results = session.Run(options, new[] { "noise" }, new[] { input }, new[] { "samples" });
        var actual = results[0].GetTensorDataAsSpan<float>().ToArray();
        Assert.Equal(new long[] { 7, 1 }, results[0].GetTensorTypeAndShape().Shape);
        Assert.All(expected.Zip(actual), pair => Assert.True(Math.Abs(pair.First - pair.Second) <= 1e-4, $"{pair.First} vs {pair.Second}"));
        Assert.True(expected.Distinct().Count() > 1, "the generator maps all noise to one value");
    }

    [Fact]
    public void AMissingGeneratorOrFormatIsOneErrorLine()
    {
        var run = Path.Combine(root, "unfinished");
        Assert.Equal(0, GanGenCommand.Run(new[] { "train", "--spec", "Models.yaml", "--gan", "OneD", "--run", run, "--steps", "2", "--no-eval" }));

        var (noBest, noBestText) = Errors(() => GanGenCommand.Run(new[] { "export", run, "--onnx", Path.Combine(root, "g.onnx"), "--best" }));
        Assert.Equal(1, noBest);
        Assert.Equal($"error: {Path.Combine(run, "best-generator.pt")}: the run has no best evaluation yet (it was trained with --no-eval, or stopped before its first checkpoint)", noBestText.Trim());

        File.Delete(Path.Combine(run, "generator.pt"));
        var (noFinal, noFinalText) = Errors(() => GanGenCommand.Run(new[] { "export", run, "--onnx", Path.Combine(root, "g.onnx") }));
        Assert.Equal(1, noFinal);
        Assert.StartsWith($"error: {Path.Combine(run, "generator.pt")}: the run has not finished, so there is no final generator", noFinalText);

        var (noFormat, noFormatText) = Errors(() => GanGenCommand.Run(new[] { "export", run }));
        Assert.Equal(1, noFormat);
        Assert.Equal("error: say what to write: --onnx FILE (an ONNX model) and/or --pytorch FILE (a state_dict for torch.load)", noFormatText.Trim());
        Assert.False(File.Exists(Path.Combine(root, "g.onnx")));
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
