using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using GanGen.Runtime.Output;
using GanGen.Runtime.Runs;
using GanGen.Spec.Model;
using GanGen.Spec.Training;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace GanGen.Runtime.Export;

/// <summary>
/// Exports GanGen models as ONNX models that ONNX Runtime runs without libtorch: the layers of the resolved
/// spec, each through its converter, with the weights of the module's state dict, in eval mode (batch norms
/// with their running statistics, spectral norms with their stored u and v, dropout off). The batch
/// dimension is the symbolic <c>batch</c>.
/// </summary>
/// <remarks>
/// A generator's model has the contract that other programs rely on: input <see cref="Noise"/> (float32,
/// [batch, ...noise shape]), for conditional GANs also <see cref="Labels"/> (int64, [batch]), output
/// <see cref="Samples"/> (float32, [batch, ...sample shape]), and the metadata
/// <c>gangen.gan</c>, <c>gangen.classes</c>, <c>gangen.noise</c> and <c>gangen.pixels</c>.
/// </remarks>
public static class OnnxExport
{
    /// <summary>The ONNX opset the models use: 18, whose Pad names its axes (see <c>ConvolutionExport.ZeroPad2d</c>).</summary>
    public const long Opset = 18;

    /// <summary>The generator's noise input.</summary>
    public const string Noise = "noise";

    /// <summary>The class-label input of conditional models.</summary>
    public const string Labels = "labels";

    /// <summary>The generator's output.</summary>
    public const string Samples = "samples";

    /// <summary>The symbolic batch dimension of every input and output.</summary>
    public const string Batch = "batch";

    /// <summary>The IR version of ONNX 1.13, the first with opset 18.</summary>
    private const long IrVersion = 8;

    /// <summary>
    /// A GAN's generator as an ONNX model with the generator contract: <see cref="Noise"/> (and
    /// <see cref="Labels"/>) in, <see cref="Samples"/> out, and metadata saying how to draw the noise and
    /// read the samples.
    /// </summary>
    /// <param name="gan">The GAN: its name, classes and training settings (noise, data).</param>
    /// <param name="model">The generator's resolved spec.</param>
    /// <param name="generator">The generator module with the weights to export.</param>
    public static ModelProto Generator(GanDefinition gan, ResolvedModel model, nn.Module generator)
    {
        var settings = gan.RequireTraining();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["gangen.gan"] = gan.Name,
            ["gangen.classes"] = gan.Classes.ToString(CultureInfo.InvariantCulture),
            ["gangen.noise"] = Describe(settings.Noise),
            ["gangen.pixels"] = settings.Data.Scale switch
            {
                PixelScale.MinusOneToOne => "-1..1",
                PixelScale.ZeroToOne => "0..1",
                _ => "none",
            },
        };
        return Model(model, generator, Noise, Samples, metadata);
    }

    /// <summary>Any model of a spec (a generator or a discriminator) as an ONNX model.</summary>
    /// <param name="model">The model's resolved spec.</param>
    /// <param name="module">The module built from it (generated class or <see cref="Specs.SpecModel"/>), with the weights to export.</param>
    /// <param name="input">The name of the graph's input.</param>
    /// <param name="output">The name of the graph's output.</param>
    /// <param name="metadata">Key-value pairs for the model's metadata_props.</param>
    /// <exception cref="NotSupportedException">A layer of the model has no ONNX converter.</exception>
    public static ModelProto Model(ResolvedModel model, nn.Module module, string input, string output, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var builder = new OnnxGraphBuilder();
        var graph = builder.Graph;
        graph.Name = model.Name;
        graph.Input.Add(Tensor(input, TensorProto.Types.DataType.Float, model.Input.Dims));
        var labels = model.IsConditional ? Labels : null;
        if (labels is not null)
        {
            graph.Input.Add(Tensor(labels, TensorProto.Types.DataType.Int64, Array.Empty<long>()));
        }

        var result = OnnxExporter.Export(module, model, builder, input, labels);
        graph.Node.Add(new NodeProto { OpType = "Identity", Name = output, Input = { result }, Output = { output } });
        graph.Output.Add(Tensor(output, TensorProto.Types.DataType.Float, model.Output.Dims));

        var onnx = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "GanGen",
            ProducerVersion = typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            onnx.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        }

        return onnx;
    }

    /// <summary>Writes the model to <paramref name="path"/> (an <c>.onnx</c> file) atomically, creating its folder.</summary>
    /// <exception cref="IOException">The file could not be written; the message names it and says why.</exception>
    public static void Save(ModelProto model, string path) => AtomicFile.Write(path, model.WriteTo);

    /// <summary>The noise as its YAML word and parameters, numbers in the invariant culture: <c>normal</c>, <c>uniform -1 1</c>, <c>stratified 8</c>.</summary>
    private static string Describe(NoiseSettings noise)
    {
        var word = TrainingVocabulary.Noise.NameOf(noise.Kind);
        return noise.Kind switch
        {
            NoiseKind.Uniform => FormattableString.Invariant($"{word} {noise.Low:R} {noise.High:R}"),
            NoiseKind.Stratified => FormattableString.Invariant($"{word} {noise.High:R}"),
            _ => word,
        };
    }

    /// <summary>A tensor input or output of shape [batch, ...perSample].</summary>
    private static ValueInfoProto Tensor(string name, TensorProto.Types.DataType type, IEnumerable<long> perSample)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = Batch });
        shape.Dim.AddRange(perSample.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
