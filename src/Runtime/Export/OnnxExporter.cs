using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Model;
using static TorchSharp.torch;

namespace GanGen.Runtime.Export;

/// <summary>
/// Walks a resolved body as <c>BodyInterpreter</c> runs it (chains, block uses, merges) and adds each layer's
/// ONNX nodes through its converter. Each layer's module is also run, in eval mode, on a small probe batch:
/// that gives every layer the shapes it sees at this use (a block's class is shared by uses of different
/// height and width, so the spec's shapes inside it are those of its first use), as a tracing exporter would.
/// </summary>
internal sealed class OnnxExporter
{
    private const long ProbeBatch = 2;

    private readonly Dictionary<string, Tensor> state;
    private readonly Dictionary<string, nn.Module> modules;
    private readonly OnnxGraphBuilder graph;
    private readonly string? labels;
    private readonly Tensor? labelsProbe;

    private OnnxExporter(nn.Module module, OnnxGraphBuilder graph, string? labels, Tensor? labelsProbe)
    {
        state = module.state_dict().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        modules = module.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        this.graph = graph;
        this.labels = labels;
        this.labelsProbe = labelsProbe;
    }

    /// <summary>Adds the nodes of <paramref name="model"/>'s body, computed by <paramref name="module"/>, from the graph input <paramref name="input"/>.</summary>
    /// <returns>The name of the body's output value.</returns>
    public static string Export(nn.Module module, ResolvedModel model, OnnxGraphBuilder graph, string input, string? labels)
    {
        var wasTraining = module.training;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var random = new Generator(0);
        module.eval();
        try
        {
            var device = module.parameters().Select(p => p.device).FirstOrDefault() ?? CPU;
            var probe = randn(new[] { ProbeBatch }.Concat(model.Input.Dims).ToArray(), generator: random).to(device);
            var labelsProbe = model.IsConditional ? zeros(ProbeBatch, dtype: ScalarType.Int64, device: device) : null;
            var exporter = new OnnxExporter(module, graph, labels, labelsProbe);
            return exporter.Body(model.Body, "", new Value(input, probe)).Name;
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    private Value Body(ResolvedGraph body, string prefix, Value input)
    {
        var values = new Dictionary<string, Value>(StringComparer.Ordinal) { [ResolvedNode.InputName] = input };
        foreach (var node in body.Nodes)
        {
            graph.Scope = prefix + (body.IsList ? "" : node.Name + "/");
            values[node.Name] = node.IsMerge
                ? Merge(node, node.Inputs.Select(name => values[name]).ToArray())
                : Chain(node, prefix + (body.IsList ? "" : node.Name + "."), values[node.From]);
        }

        return values[body.Output.Name];
    }

    private Value Merge(ResolvedNode node, Value[] inputs) => node.Merge switch
    {
        MergeKind.Add => inputs.Skip(1).Aggregate(inputs[0], (sum, x) => new Value(graph.Node("Add", sum.Name, x.Name), sum.Probe + x.Probe)),
        MergeKind.Multiply => inputs.Skip(1).Aggregate(inputs[0], (product, x) => new Value(graph.Node("Mul", product.Name, x.Name), product.Probe * x.Probe)),
        _ => new Value(
            graph.Node("Concat", inputs.Select(x => x.Name), OnnxGraphBuilder.Attribute("axis", 1L)),
            cat(inputs.Select(x => x.Probe).ToArray(), 1)),
    };

    private Value Chain(ResolvedNode node, string prefix, Value x)
    {
        for (var i = 0; i < node.Steps.Count; i++)
        {
            var step = node.Steps[i];
            var path = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            x = step.Block is { } block ? Body(block.Body, path + ".", x) : Layer(step, path, x);
        }

        return x;
    }

    private Value Layer(ResolvedLayer layer, string path, Value x)
    {
        var convert = LayerConverters.Find(layer.Kind)
            ?? throw new NotSupportedException($"layer '{path}' ({layer.Kind}) cannot be exported to ONNX: GanGen has no ONNX converter for {layer.Kind}");
        if (!modules.TryGetValue(path, out var module))
        {
            throw new InvalidOperationException($"the module has no child '{path}' for {layer.Kind}: it was not built from this spec");
        }

        var output = layer.TakesLabels
            ? ((nn.Module<Tensor, Tensor, Tensor>)module).call(x.Probe, labelsProbe!)
            : ((nn.Module<Tensor, Tensor>)module).call(x.Probe);
        graph.Scope = path + "/";
        var export = new LayerExport(layer, graph, x.Name, labels, x.Probe.shape.Skip(1).ToArray(), output.shape.Skip(1).ToArray(), state, path + ".");
        return new Value(convert(export), output);
    }

    /// <summary>A value of the graph and the probe batch's tensor at that point.</summary>
    private readonly record struct Value(string Name, Tensor Probe);
}
