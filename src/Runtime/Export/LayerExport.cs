using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Model;
using static TorchSharp.torch;

namespace GanGen.Runtime.Export;

/// <summary>
/// What a layer's converter works from: the resolved layer (its kind and arguments, as the generator and
/// <c>LayerFactory</c> read them), its weights from the module's state dict, the shapes it saw when the
/// exporter ran it, and the graph to add its nodes to.
/// </summary>
internal sealed class LayerExport
{
    private readonly IReadOnlyDictionary<string, Tensor> state;
    private readonly string prefix;

    public LayerExport(ResolvedLayer layer, OnnxGraphBuilder graph, string input, string? labels, long[] inputShape, long[] outputShape, IReadOnlyDictionary<string, Tensor> state, string prefix)
    {
        Layer = layer;
        Graph = graph;
        Input = input;
        Labels = labels;
        InputShape = inputShape;
        OutputShape = outputShape;
        this.state = state;
        this.prefix = prefix;
    }

    /// <summary>The layer as the spec resolved it.</summary>
    public ResolvedLayer Layer { get; }

    /// <summary>The graph to add nodes to.</summary>
    public OnnxGraphBuilder Graph { get; }

    /// <summary>The name of the layer's input value in the graph.</summary>
    public string Input { get; }

    /// <summary>The name of the graph's labels input; <c>null</c> for an unconditional model.</summary>
    public string? Labels { get; }

    /// <summary>The per-sample input shape at this use of the layer (a block's layers see each use's own height and width).</summary>
    public long[] InputShape { get; }

    /// <summary>The per-sample output shape at this use.</summary>
    public long[] OutputShape { get; }

    /// <summary>The labels input, for the layers that take it.</summary>
    public string RequireLabels() =>
        Labels ?? throw new InvalidOperationException($"{Layer.Kind} layer '{prefix.TrimEnd('.')}' takes class labels, but the model is not conditional");

    /// <summary>An integer argument.</summary>
    public long Int(string name) => Arg(name).Int;

    /// <summary>A floating-point argument.</summary>
    public double Float(string name) => Arg(name).Float;

    /// <summary>A boolean argument.</summary>
    public bool Bool(string name) => Arg(name).Bool;

    /// <summary>A pair, quad or list argument.</summary>
    public long[] Ints(string name) => Arg(name).Ints.ToArray();

    /// <summary>Whether the layer has the argument (optional ones such as <c>divisor_override</c> may be absent).</summary>
    public bool Has(string name) => Layer.Arg(name) is not null;

    /// <summary>Whether the state dict has the tensor (a bias, a running mean).</summary>
    public bool HasTensor(string name) => state.ContainsKey(prefix + name);

    /// <summary>A parameter or buffer of the layer by its state-dict name under the layer (<c>bias</c>, <c>embed.weight</c>).</summary>
    public Tensor Tensor(string name) =>
        state.TryGetValue(prefix + name, out var tensor)
            ? tensor
            : throw new InvalidOperationException($"the state dict has no '{prefix}{name}' for {Layer.Kind} layer '{prefix.TrimEnd('.')}'");

    /// <summary>Adds a parameter or buffer as a graph constant.</summary>
    public string Constant(string name) => Graph.Constant(name, Tensor(name).to(ScalarType.Float32));

    /// <summary>
    /// The weight the layer computes with in eval mode: <c>{owner}weight</c>, or for a spectrally normalized
    /// layer <c>weight_orig / σ</c> with σ = uᵀ W v from its stored u and v and no power iteration, as
    /// <c>torch.nn.utils.spectral_norm</c> does in eval. <paramref name="dim"/> is the weight's dimension
    /// that spectral norm takes as rows (1 for a transposed convolution).
    /// </summary>
    public Tensor Weight(string owner = "", long dim = 0)
    {
        if (!HasTensor(owner + "weight_orig"))
        {
            return Tensor(owner + "weight");
        }

        var weight = Tensor(owner + "weight_orig");
        var matrix = (dim == 0 ? weight : weight.transpose(0, dim)).reshape(weight.shape[dim], -1);
        return weight / dot(Tensor(owner + "weight_u"), mv(matrix, Tensor(owner + "weight_v")));
    }

    /// <summary>A Conv or ConvTranspose node with the layer's weight (and bias, if it has one) under <paramref name="owner"/>.</summary>
    public string Convolution(string op, string input, string owner, long dim, params Onnx.AttributeProto[] attributes)
    {
        var inputs = new List<string> { input, Graph.Constant(owner + "weight", Weight(owner, dim)) };
        if (HasTensor(owner + "bias"))
        {
            inputs.Add(Constant(owner + "bias"));
        }

        return Graph.Node(op, inputs, attributes);
    }

    /// <summary>A per-channel vector reshaped to broadcast over a batch of the input's shape: <c>[C]</c> to <c>[C, 1, 1]</c> for feature maps.</summary>
    public string PerChannel(string name, Tensor vector) =>
        Graph.Constant(name, vector.to(ScalarType.Float32).reshape(new[] { vector.shape[0] }.Concat(Enumerable.Repeat(1L, InputShape.Length - 1)).ToArray()));

    /// <summary>Reshapes a value to <c>[batch, ...perSample]</c>, the batch size copied from the value (ONNX Reshape's 0).</summary>
    public string Reshape(string input, IEnumerable<long> perSample) =>
        Graph.Node("Reshape", input, Graph.Ints("shape", perSample.Prepend(0).ToArray()));

    private ArgValue Arg(string name) =>
        Layer.Arg(name) ?? throw new InvalidOperationException($"{Layer.Kind} layer '{prefix.TrimEnd('.')}' has no argument '{name}'");
}
