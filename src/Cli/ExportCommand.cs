using System;
using System.CommandLine;
using System.IO;
using GanGen.Runtime.Export;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;
using GanGen.Runtime.Weights;
using Spectre.Console;
using static TorchSharp.torch;

namespace GanGen.Cli;

/// <summary>
/// <c>gangen export &lt;run&gt; [--onnx FILE] [--pytorch FILE] [--best]</c>: one option per format the generator
/// is written in (a format is its option and its writer); several formats are written from one load.
/// </summary>
internal static class ExportCommand
{
    /// <summary>The command, sharing <paramref name="best"/> with <c>sample</c> and <c>eval</c>.</summary>
    public static Command Create(Option<bool> best)
    {
        var run = new Argument<DirectoryInfo>("run") { Description = "A run folder made by gangen train or gangen import" };
        var onnx = new Option<FileInfo?>("--onnx") { Description = "Write the generator as an ONNX model (noise and labels in, samples out) to this file" };
        var pytorch = new Option<FileInfo?>("--pytorch") { Description = "Write the generator as a PyTorch state_dict to this file" };
        var command = new Command("export", "Write a run's final (or best) generator for programs outside GanGen") { run, onnx, pytorch, best };
        command.SetAction(r => GanGenCommand.Guarded(() =>
        {
            var onnxFile = r.GetValue(onnx);
            var pytorchFile = r.GetValue(pytorch);
            if (onnxFile is null && pytorchFile is null)
            {
                throw new ArgumentException("say what to write: --onnx FILE (an ONNX model) and/or --pytorch FILE (a state_dict for torch.load)");
            }

            var (definition, folder) = GanGenCommand.OpenRun(r.GetValue(run)!);
            var useBest = r.GetValue(best);
            using var generator = GanGenCommand.LoadGenerator(definition, folder, useBest);
            if (onnxFile is not null)
            {
                Onnx(definition, generator, onnxFile.FullName);
            }

            if (pytorchFile is not null)
            {
                PyTorchWeights.Save(generator, pytorchFile.FullName);
                AnsiConsole.MarkupLineInterpolated($"Wrote {definition.Name}'s {(useBest ? "best" : "final")} generator to {pytorchFile.FullName}; in PyTorch: model.load_state_dict(torch.load(path)) on the same layers (see README, \"PyTorch weights\")");
            }

            return 0;
        }));
        return command;
    }

    private static void Onnx(GanDefinition definition, nn.Module generator, string path)
    {
        var model = ((SpecModel)generator).Model;
        OnnxExport.Save(OnnxExport.Generator(definition, model, generator), path);
        var inputs = $"{OnnxExport.Noise} [batch,{string.Join(",", model.Input.Dims)}]" + (model.IsConditional ? $", {OnnxExport.Labels} [batch] (classes 0 to {model.Classes - 1})" : "");
        Console.WriteLine($"wrote {path}: ONNX opset {OnnxExport.Opset}, {inputs} in, {OnnxExport.Samples} [batch,{string.Join(",", model.Output.Dims)}] out");
    }
}
