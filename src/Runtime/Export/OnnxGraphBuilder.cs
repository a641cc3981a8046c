using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace GanGen.Runtime.Export;

/// <summary>
/// Adds nodes and constant tensors to an ONNX graph under unique names, so that a layer's converter says
/// only which operators it uses (<c>graph.Node("Conv", x, weight)</c>), not how protobuf spells them.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly Dictionary<string, int> used = new(StringComparer.Ordinal);

    /// <summary>The graph being built.</summary>
    public GraphProto Graph { get; } = new();

    /// <summary>Where the nodes added now come from (a layer's state-dict prefix), for readable names.</summary>
    public string Scope { get; set; } = "";

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        var output = Unique($"{Scope}{op}");
        var node = new NodeProto { OpType = op, Name = output };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    /// <summary>Adds a node with one output from the listed inputs and no attributes.</summary>
    public string Node(string op, params string[] inputs) => Node(op, inputs, Array.Empty<AttributeProto>());

    /// <summary>Adds a float32 or int64 tensor as a constant of the graph and returns its name.</summary>
    public string Constant(string name, Tensor value)
    {
        var tensor = new TensorProto { Name = Unique($"{Scope}{name}") };
        tensor.Dims.AddRange(value.shape);
        using var contiguous = value.detach().cpu().contiguous();
        switch (value.dtype)
        {
            case ScalarType.Float32:
                tensor.DataType = (int)TensorProto.Types.DataType.Float;
                tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(contiguous.data<float>().ToArray().AsSpan()));
                break;
            case ScalarType.Int64:
                tensor.DataType = (int)TensorProto.Types.DataType.Int64;
                tensor.RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(contiguous.data<long>().ToArray().AsSpan()));
                break;
            default:
                throw new InvalidOperationException($"ONNX export writes float32 and int64 tensors, not {value.dtype} ({name})");
        }

        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>An int64 vector constant: shapes, axes, pads.</summary>
    public string Ints(string name, params long[] values)
    {
        using var constant = tensor(values, dtype: ScalarType.Int64);
        return Constant(name, constant);
    }

    /// <summary>A float32 constant of the given shape (a scalar when <paramref name="shape"/> is empty) filled with one value.</summary>
    public string Floats(string name, double value, params long[] shape)
    {
        using var constant = full(shape, value, dtype: ScalarType.Float32);
        return Constant(name, constant);
    }

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Attribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Attribute(string name, double value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = (float)value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Attribute(string name, IEnumerable<long> values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    private string Unique(string name)
    {
        var count = used.TryGetValue(name, out var seen) ? seen + 1 : 0;
        used[name] = count;
        return count == 0 ? name : name + "_" + count.ToString(CultureInfo.InvariantCulture);
    }
}
