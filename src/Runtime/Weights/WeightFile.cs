using System;
using System.IO;
using System.Linq;
using GanGen.Runtime.Output;
using GanGen.Runtime.Specs;
using static TorchSharp.torch;

namespace GanGen.Runtime.Weights;

/// <summary>What kind of weight file <see cref="WeightFile.Load"/> found.</summary>
public enum WeightFormat
{
    /// <summary>TorchSharp's format, as GanGen writes <c>generator.pt</c>, under PyTorch's module names (<c>3.weight</c>).</summary>
    GanGen,

    /// <summary>
    /// TorchSharp's format from a GanGen before checkpoint format 4, which named weights by the generated
    /// classes' C# fields (<c>conv2d3.weight</c>). Only a model loaded from its spec can read it.
    /// </summary>
    GanGenFieldNames,

    /// <summary>A PyTorch <c>state_dict</c> written by <c>torch.save</c>.</summary>
    PyTorch,
}

/// <summary>
/// Loads a model's weights from a file of any kind GanGen knows: a PyTorch <c>state_dict</c>, GanGen's own
/// <c>generator.pt</c>, or a <c>generator.pt</c> of a GanGen from before checkpoint format 4.
/// </summary>
public static class WeightFile
{
    /// <summary>Fills <paramref name="module"/> from <paramref name="path"/>, whichever of the <see cref="WeightFormat"/>s it holds.</summary>
    /// <returns>The format it found.</returns>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file does not fit the module; the message says why and, for old GanGen files, how to convert them.</exception>
    public static WeightFormat Load(nn.Module module, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        if (PyTorchWeights.IsPyTorchFile(path))
        {
            PyTorchWeights.Load(module, path);
            return WeightFormat.PyTorch;
        }

        try
        {
            module.load(path);
            return WeightFormat.GanGen;
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException or InvalidOperationException or IOException or OverflowException)
        {
            if (LoadFieldNames(module, path))
            {
                return WeightFormat.GanGenFieldNames;
            }

            throw new InvalidDataException($"{path}: does not fit {module.GetName()} ({e.Message}){Advice(module, path)}", e);
        }
    }

    /// <summary>
    /// Reads an old file by the field names the generated class gave each layer of a <c>layers:</c> list
    /// (<c>linear0</c>, <c>zeroPad2d4</c>, <c>conv2d4</c>: the field names GanGen still gives them), registering the
    /// model's own layer modules under those names so the file fills them in place. Graphs came with the new
    /// names, so no old file holds one.
    /// </summary>
    private static bool LoadFieldNames(nn.Module module, string path)
    {
        if (module is not SpecModel { Model.Body.IsList: true } spec)
        {
            return false;
        }

        var layers = spec.named_children().ToDictionary(c => c.name, c => c.module, StringComparer.Ordinal);
        var byField = spec.Model.Body.Output.Steps
            .Select((layer, i) => (layer.FieldName, Module: layers[i.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            .ToArray();

        // Not disposed: it owns nothing but references to the model's own layers.
        var old = new FieldNamedLayers(byField);
        try
        {
            old.load(path);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException or InvalidOperationException or IOException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>Writes <paramref name="module"/>'s weights in GanGen's format (as <c>generator.pt</c>), atomically.</summary>
    /// <exception cref="IOException">The file could not be written; the message names it and says why.</exception>
    public static void Save(nn.Module module, string path) => AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        module.save(writer);
    });

    private static string Advice(nn.Module module, string path) =>
        module is SpecModel
            ? string.Empty
            : $"; if it comes from a GanGen before checkpoint format 4 (keys named by C# field, linear0.weight), convert it with: gangen import {path} --gan NAME --spec SPEC.yaml --run NEW-FOLDER";

    /// <summary>A model's layers registered under their C# field names, as GanGen named them in state dicts before format 4.</summary>
    private sealed class FieldNamedLayers : nn.Module
    {
        public FieldNamedLayers((string FieldName, nn.Module Module)[] layers)
            : base(nameof(FieldNamedLayers))
        {
            foreach (var (field, module) in layers)
            {
                register_module(field, module);
            }
        }
    }
}
