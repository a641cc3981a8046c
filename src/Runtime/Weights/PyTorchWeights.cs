using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Runtime.Output;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace GanGen.Runtime.Weights;

/// <summary>
/// Moves weights between GanGen's modules and PyTorch's <c>state_dict</c> files (<c>torch.save(model.state_dict(), path)</c>,
/// the zip format of PyTorch 1.6 and later), through TorchSharp.PyBridge. GanGen's state-dict keys follow the
/// YAML as PyTorch names the same modules (a layer list is an <c>nn.Sequential</c>, a graph's chains are children
/// named by their node), so the <c>state_dict</c> of a PyTorch model with the same layers loads as it is, and
/// what <see cref="Save"/> writes loads into it with <c>model.load_state_dict(torch.load(path))</c>.
/// </summary>
/// <remarks>
/// Spectral norm is written as <c>torch.nn.utils.spectral_norm</c> keeps it (<c>weight_orig</c>, <c>weight_u</c>,
/// <c>weight_v</c>), as GanGen's own layers hold it. A file from the newer
/// <c>torch.nn.utils.parametrizations.spectral_norm</c> (<c>parametrizations.weight.original</c>,
/// <c>parametrizations.weight.0._u</c>, <c>._v</c>) holds the same three tensors under other names, and loads too.
/// </remarks>
public static class PyTorchWeights
{
    private static readonly (string Parametrized, string Plain)[] SpectralNormNames =
    {
        (".parametrizations.weight.original", ".weight_orig"),
        (".parametrizations.weight.0._u", ".weight_u"),
        (".parametrizations.weight.0._v", ".weight_v"),
    };

    /// <summary>
    /// Whether <paramref name="path"/> starts like a file of <c>torch.save</c>: a zip archive (PyTorch 1.6 and
    /// later), or the pickle of the format before it (protocol 2, then the magic number as a long), which
    /// <see cref="Load"/> refuses with the advice to save it again.
    /// </summary>
    public static bool IsPyTorchFile(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> start = stackalloc byte[4];
        var read = file.ReadAtLeast(start, 4, throwOnEndOfStream: false);
        return (read == 4 && start.SequenceEqual("PK\u0003\u0004"u8)) || (read >= 3 && start[..3].SequenceEqual(new byte[] { 0x80, 0x02, 0x8a }));
    }

    /// <summary>Loads a PyTorch <c>state_dict</c> file into <paramref name="module"/>, every entry, checked first.</summary>
    /// <param name="module">A generated module or one built by <see cref="Specs.LoadedSpec"/>.</param>
    /// <param name="path">A file written by <c>torch.save(model.state_dict(), path)</c>.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">
    /// The file is not a PyTorch <c>state_dict</c>, or does not fit the module: the message names a missing,
    /// extra or differently shaped key with both shapes. Nothing is loaded then.
    /// </exception>
    public static void Load(nn.Module module, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }

        using var scope = NewDisposeScope();
        var file = Read(path);
        var target = module.state_dict();
        Check(file, target, module.GetName(), path);
        using (no_grad())
        {
            foreach (var (key, tensor) in target)
            {
                tensor.copy_(file[key]);
            }
        }
    }

    /// <summary>Writes <paramref name="module"/>'s state dict as a PyTorch <c>state_dict</c> file, atomically.</summary>
    /// <exception cref="IOException">The file could not be written; the message names it and says why.</exception>
    public static void Save(nn.Module module, string path) =>
        AtomicFile.Write(path, stream => module.save_py(stream, leaveOpen: true));

    /// <summary>The file's entries under GanGen's names.</summary>
    private static Dictionary<string, Tensor> Read(string path)
    {
        Hashtable entries;
        try
        {
            using var stream = File.OpenRead(path);
            entries = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        // PyBridge's unpickler reports the files it cannot read (a whole pickled model, PyTorch's pre-1.6
        // format) with NotImplementedException and the others below; each is a file the user must re-save.
        catch (Exception e) when (e is NotImplementedException or InvalidDataException or InvalidOperationException or ArgumentException or InvalidCastException or Razorvine.Pickle.PickleException)
        {
            throw new InvalidDataException($"{path}: not a PyTorch state_dict ({e.Message}); save one with torch.save(model.state_dict(), path)", e);
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in entries)
        {
            if (entry.Key is not string key || entry.Value is not Tensor tensor)
            {
                throw new InvalidDataException($"{path}: not a PyTorch state_dict (entry '{entry.Key}' is {entry.Value?.GetType().Name ?? "null"}, not a tensor); save one with torch.save(model.state_dict(), path)");
            }

            result[SpectralNormNames.Aggregate(key, (k, names) => k.EndsWith(names.Parametrized, StringComparison.Ordinal) ? k[..^names.Parametrized.Length] + names.Plain : k)] = tensor;
        }

        return result;
    }

    /// <summary>Throws on the first problem, in the module's order: a shape that differs, a key missing from the file, then a key the module lacks.</summary>
    private static void Check(Dictionary<string, Tensor> file, Dictionary<string, Tensor> target, string model, string path)
    {
        foreach (var (key, tensor) in target)
        {
            if (file.TryGetValue(key, out var found) && !found.shape.SequenceEqual(tensor.shape))
            {
                throw new InvalidDataException($"{path}: '{key}' is {Shape(found)} in the file but {Shape(tensor)} in {model}; was it saved from a model with other layer sizes?");
            }
        }

        var missing = target.Keys.Where(k => !file.ContainsKey(k)).ToArray();
        var extra = file.Keys.Where(k => !target.ContainsKey(k)).Order(StringComparer.Ordinal).ToArray();
        if (missing.Length > 0)
        {
            var instead = extra.Length > 0 ? $"; it has '{extra[0]}' {Shape(file[extra[0]])}{More(extra.Length)} that {model} lacks" : string.Empty;
            throw new InvalidDataException(
                $"{path}: has no '{missing[0]}' {Shape(target[missing[0]])}{More(missing.Length)}, which {model} needs{instead}. GanGen names weights as PyTorch names an nn.Sequential of the YAML's layers (0.weight; a graph's chains by node, main.0.weight)");
        }

        if (extra.Length > 0)
        {
            throw new InvalidDataException($"{path}: has '{extra[0]}' {Shape(file[extra[0]])}{More(extra.Length)}, which {model} does not have; was it saved from a model with more layers?");
        }
    }

    private static string More(int count) => count > 1 ? $" (and {count - 1} more)" : string.Empty;

    private static string Shape(Tensor tensor) => $"[{string.Join(",", tensor.shape)}]";
}
