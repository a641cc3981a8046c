using System;
using System.CommandLine;
using System.IO;
using GanGen.Runtime.Export;
using GanGen.Runtime.Runs;
using GanGen.Runtime.Specs;

namespace GanGen.Cli;

/// <summary>
/// <c>gangen export &lt;run&gt; [--best]</c> with one option per format the generator is written in (a format
/// is its option and its writer, called from <see cref="Create"/>'s action).
/// </summary>
internal static class ExportCommand
{
    /// <summary>The command, sharing <paramref name="best"/> with <c>sample</c> and <c>eval</c>.</summary>
    public static Command Create(Option<bool> best)
    {
        var run = new Argument<DirectoryInfo>("run") { Description = "A run folder made by gangen train" };
        var onnx = new Option<FileInfo?>("--onnx") { Description = "Write the generator as an ONNX model (noise and labels in, samples out) to this file" };
        var command = new Command("export", "Write a run's final (or best) generator for programs outside GanGen") { run, onnx, best };
        command.SetAction(r => GanGenCommand.Guarded(() =>
        {
            var onnxFile = r.GetValue(onnx) ?? throw new ArgumentException("say what to write: --onnx FILE");
            var (definition, folder) = GanGenCommand.OpenRun(r.GetValue(run)!);
            Onnx(definition, folder, r.GetValue(best), onnxFile.FullName);
            return 0;
        }));
        return command;
    }

    private static void Onnx(GanDefinition definition, RunFolder folder, bool best, string path)
    {
        using var generator = GanGenCommand.LoadGenerator(definition, folder, best);
        var model = ((SpecModel)generator).Model;
        OnnxExport.Save(OnnxExport.Generator(definition, model, generator), path);
        var inputs = $"{OnnxExport.Noise} [batch,{string.Join(",", model.Input.Dims)}]" + (model.IsConditional ? $", {OnnxExport.Labels} [batch] (classes 0 to {model.Classes - 1})" : "");
        Console.WriteLine($"wrote {path}: ONNX opset {OnnxExport.Opset}, {inputs} in, {OnnxExport.Samples} [batch,{string.Join(",", model.Output.Dims)}] out");
    }
}
