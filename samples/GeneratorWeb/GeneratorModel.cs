using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GanGen.Web;

/// <summary>
/// An exported generator loaded into ONNX Runtime: its metadata, its shapes, and a thread-safe
/// <see cref="Generate"/> (ONNX Runtime allows concurrent runs of one session).
/// </summary>
public sealed class GeneratorModel : IDisposable
{
    /// <summary>The noise input's name.</summary>
    public const string NoiseInput = "noise";

    /// <summary>The labels input's name (conditional GANs).</summary>
    public const string LabelsInput = "labels";

    /// <summary>The output's name.</summary>
    public const string SamplesOutput = "samples";

    private readonly InferenceSession session;

    private GeneratorModel(InferenceSession session, GeneratorMetadata metadata, int[] noiseShape, int channels, int height, int width)
    {
        this.session = session;
        Metadata = metadata;
        NoiseShape = noiseShape;
        Channels = channels;
        Height = height;
        Width = width;
    }

    /// <summary>What the model's metadata says.</summary>
    public GeneratorMetadata Metadata { get; }

    /// <summary>The per-sample noise shape (the noise input without its batch dimension).</summary>
    public IReadOnlyList<int> NoiseShape { get; }

    /// <summary>The number of noise values per sample.</summary>
    public int NoiseSize => NoiseShape.Aggregate(1, (size, dimension) => size * dimension);

    /// <summary>Channels of a sample: 1 (grey) or 3 (RGB).</summary>
    public int Channels { get; }

    /// <summary>Height of a sample in pixels.</summary>
    public int Height { get; }

    /// <summary>Width of a sample in pixels.</summary>
    public int Width { get; }

    /// <summary>
    /// Loads an ONNX generator and checks it against the export contract (inputs, output, metadata);
    /// anything this page cannot serve is a <see cref="ModelLoadException"/> with a one-line message.
    /// </summary>
    public static GeneratorModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(
                $"The model file '{path}' does not exist; pass an ONNX file written by `gangen export RUN --onnx FILE` with --model FILE.");
        }
        InferenceSession session;
        try
        {
            using var options = new SessionOptions();
            // A server runs several requests at once: idle ONNX Runtime threads that spin while waiting for
            // work would take the cores that the other requests need.
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException($"{path}: ONNX Runtime cannot load it as a model: {FirstLine(e.Message)}", e);
        }
        try
        {
            return Check(session, path);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the generator on <paramref name="count"/> samples: <paramref name="noise"/> holds
    /// <c>count × NoiseSize</c> values, <paramref name="labels"/> one class per sample for a conditional
    /// GAN (null otherwise). Returns the samples, <c>count × Channels × Height × Width</c> values, NCHW.
    /// </summary>
    public float[] Generate(float[] noise, long[]? labels, int count)
    {
        if (noise.Length != count * NoiseSize)
        {
            throw new ArgumentException($"{count} samples need {count * NoiseSize} noise values, got {noise.Length}.", nameof(noise));
        }
        if (Metadata.IsConditional != (labels is not null) || (labels is not null && labels.Length != count))
        {
            throw new ArgumentException(
                Metadata.IsConditional ? $"{Metadata.Gan} is conditional: give one label per sample ({count})." : $"{Metadata.Gan} is unconditional: give no labels.",
                nameof(labels));
        }
        long[] noiseShape = [count, .. NoiseShape.Select(dimension => (long)dimension)];
        using var noiseValue = OrtValue.CreateTensorValueFromMemory(noise, noiseShape);
        using var labelsValue = labels is null ? null : OrtValue.CreateTensorValueFromMemory(labels, [count]);
        var names = labels is null ? new[] { NoiseInput } : [NoiseInput, LabelsInput];
        var values = labelsValue is null ? new[] { noiseValue } : [noiseValue, labelsValue];
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, names, values, [SamplesOutput]);
        var samples = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var expected = count * Channels * Height * Width;
        if (samples.Length != expected)
        {
            throw new InvalidOperationException($"{Metadata.Gan} returned {samples.Length} values for {count} samples, expected {expected}.");
        }
        return samples;
    }

    /// <inheritdoc />
    public void Dispose() => session.Dispose();

    private static GeneratorModel Check(InferenceSession session, string path)
    {
        var metadata = GeneratorMetadata.Parse(session.ModelMetadata.CustomMetadataMap, path);
        if (metadata.Pixels == PixelRange.None)
        {
            throw new ModelLoadException(
                $"{path}: {metadata.Gan} makes 1-D samples (gangen.pixels 'none'); this page shows grids of images, so export an image GAN.");
        }
        var inputs = session.InputMetadata;
        if (!inputs.TryGetValue(NoiseInput, out var noise) || noise.ElementDataType != TensorElementType.Float || noise.Dimensions.Length < 2)
        {
            throw new ModelLoadException($"{path}: expected a float32 input '{NoiseInput}' of shape [batch, ...], found inputs {Describe(inputs)}.");
        }
        var noiseShape = noise.Dimensions[1..];
        if (noiseShape.Any(dimension => dimension <= 0))
        {
            throw new ModelLoadException($"{path}: the noise input's per-sample shape [{string.Join(", ", noiseShape)}] has a dimension that is not fixed.");
        }
        var hasLabels = inputs.TryGetValue(LabelsInput, out var labels);
        if (metadata.IsConditional && (!hasLabels || labels!.ElementDataType != TensorElementType.Int64 || labels.Dimensions.Length != 1))
        {
            throw new ModelLoadException(
                $"{path}: {metadata.Gan} has {metadata.Classes} classes, so it needs an int64 input '{LabelsInput}' of shape [batch]; found inputs {Describe(inputs)}.");
        }
        if (!metadata.IsConditional && (hasLabels || inputs.Count != 1))
        {
            throw new ModelLoadException($"{path}: {metadata.Gan} is unconditional (gangen.classes 0), so its only input should be '{NoiseInput}'; found inputs {Describe(inputs)}.");
        }
        if (!session.OutputMetadata.TryGetValue(SamplesOutput, out var samples) || samples.ElementDataType != TensorElementType.Float
            || samples.Dimensions.Length != 4 || samples.Dimensions[1..].Any(dimension => dimension <= 0))
        {
            throw new ModelLoadException(
                $"{path}: expected a float32 output '{SamplesOutput}' of shape [batch, C, H, W], found outputs {Describe(session.OutputMetadata)}.");
        }
        var (channels, height, width) = (samples.Dimensions[1], samples.Dimensions[2], samples.Dimensions[3]);
        if (channels is not (1 or 3))
        {
            throw new ModelLoadException($"{path}: samples have {channels} channels; this page shows grey (1) or RGB (3) images.");
        }
        return new GeneratorModel(session, metadata, noiseShape, channels, height, width);
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        nodes.Count == 0
            ? "none"
            : string.Join(", ", nodes.Select(node => $"'{node.Key}' {node.Value.ElementDataType} [{string.Join(", ", node.Value.Dimensions)}]"));

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
