using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GanGen.Spec.Collections;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Layers;
using GanGen.Spec.Model;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Parsing;

/// <summary>
/// Resolves the body of a model or block (<c>layers:</c> or <c>graph:</c>) on a known input shape:
/// every layer's shape rule, every block use with its arguments, every merge. Each problem becomes a
/// diagnostic at its YAML node; inside a block, the message also names the use site.
/// </summary>
internal sealed class BodyResolver
{
    private static readonly Dictionary<string, MergeKind> Merges = new(System.StringComparer.Ordinal)
    {
        ["Add"] = MergeKind.Add,
        ["Multiply"] = MergeKind.Multiply,
        ["Concat"] = MergeKind.Concat,
    };

    private readonly NodeReader reader;
    private readonly IReadOnlyDictionary<string, BlockTemplate> blocks;
    private readonly BlockClasses classes;

    public BodyResolver(NodeReader reader, IReadOnlyDictionary<string, BlockTemplate> blocks, BlockClasses classes)
    {
        this.reader = reader;
        this.blocks = blocks;
        this.classes = classes;
    }

    private SpecDiagnosticBag Diagnostics => reader.Diagnostics;

    /// <summary>The resolved body, or <c>null</c> after reporting why not. With no input shape, only what does not depend on it is checked.</summary>
    public ResolvedGraph? Resolve(YamlNodeBase body, bool isGraph, Shape? input, BodyScope scope) =>
        isGraph ? ResolveGraph(body, input, scope) : ResolveList(body, input, scope);

    private ResolvedGraph? ResolveList(YamlNodeBase body, Shape? input, BodyScope scope)
    {
        var steps = ResolveChain(body, input, scope, ResolvedGraph.ListNodeName, Owner(scope));
        if (steps is null || input is null)
        {
            return null;
        }

        var output = steps.Count > 0 ? steps[steps.Count - 1].Output : input.Value;
        var node = new ResolvedNode(ResolvedGraph.ListNodeName, ResolvedNode.InputName, steps.ToEquatableArray(), MergeKind.None,
            EquatableArray<string>.Empty, output, Location(body));
        return new ResolvedGraph(new[] { node }.ToEquatableArray(), IsList: true);
    }

    private ResolvedGraph? ResolveGraph(YamlNodeBase body, Shape? input, BodyScope scope)
    {
        if (body is not YamlMapNode { Entries.Count: > 0 } map)
        {
            reader.Error(DiagnosticCatalog.InvalidStructure, body, $"The graph of {Owner(scope)} must be a mapping from node names to nodes, but is {body.KindText}");
            return null;
        }

        var written = map.Entries.Select(e => (e.Key as YamlScalarNode)?.Value).ToList();
        var shapes = new Dictionary<string, Shape?>(System.StringComparer.Ordinal) { [ResolvedNode.InputName] = input };
        var nodes = new List<ResolvedNode>();
        var failed = input is null;
        var previous = ResolvedNode.InputName;
        for (var i = 0; i < map.Entries.Count; i++)
        {
            var (keyNode, value) = (map.Entries[i].Key, map.Entries[i].Value);
            if (NodeName(keyNode, shapes, scope) is not { } name)
            {
                failed = true;
                continue;
            }

            var node = value is YamlMapNode { Entries.Count: 1 } single && single.Entries[0].Key is YamlScalarNode { Value: var op } && Merges.TryGetValue(op, out var merge)
                ? ResolveMerge(name, keyNode, merge, single.Entries[0].Value, shapes, written, scope)
                : ResolveChainNode(name, keyNode, value, previous, shapes, written, scope);
            shapes[name] = node?.Output;
            failed |= node is null;
            if (node is not null)
            {
                nodes.Add(node);
            }

            previous = name;
        }

        return failed ? null : new ResolvedGraph(nodes.ToEquatableArray(), IsList: false);
    }

    private ResolvedNode? ResolveChainNode(string name, YamlNodeBase keyNode, YamlNodeBase value, string previous,
        Dictionary<string, Shape?> shapes, List<string?> written, BodyScope scope)
    {
        var from = previous;
        var layers = value;
        if (value is YamlMapNode map)
        {
            var keys = reader.ReadKeys(map, $"node '{name}' of {Owner(scope)}", new[] { "from", "layers" }, new[] { "layers" }, keyNode);
            if (!keys.TryGetValue("layers", out var layersNode))
            {
                return null;
            }

            layers = layersNode;
            if (keys.TryGetValue("from", out var fromNode))
            {
                if (Reference(fromNode, name, shapes, written, scope) is not { } named)
                {
                    return null;
                }

                from = named;
            }
        }
        else if (value is not YamlListNode)
        {
            reader.Error(DiagnosticCatalog.InvalidStructure, value,
                $"Node '{name}' of {Owner(scope)} must be a list of layers, {{ from: node, layers: [...] }}, or a merge {{ Add | Multiply | Concat: [nodes] }}, but is {value.KindText}");
            return null;
        }

        var input = shapes[from];
        var steps = ResolveChain(layers, input, scope, name, $"node '{name}' of {Owner(scope)}");
        if (steps is null || input is null)
        {
            return null;
        }

        var output = steps.Count > 0 ? steps[steps.Count - 1].Output : input.Value;
        return new ResolvedNode(name, from, steps.ToEquatableArray(), MergeKind.None, EquatableArray<string>.Empty, output, Location(keyNode));
    }

    private ResolvedNode? ResolveMerge(string name, YamlNodeBase keyNode, MergeKind merge, YamlNodeBase value,
        Dictionary<string, Shape?> shapes, List<string?> written, BodyScope scope)
    {
        if (value is not YamlListNode { Items.Count: >= 2 } list)
        {
            reader.Error(DiagnosticCatalog.InvalidStructure, value, $"{merge} in node '{name}' takes a list of at least two nodes, but is {value.KindText}");
            return null;
        }

        var inputs = new List<(string Name, YamlNodeBase Node, Shape? Shape)>();
        foreach (var item in list.Items)
        {
            if (Reference(item, name, shapes, written, scope) is not { } input)
            {
                return null;
            }

            inputs.Add((input, item, shapes[input]));
        }

        if (inputs.Any(i => i.Shape is null))
        {
            return null;
        }

        var first = inputs[0];
        foreach (var other in inputs.Skip(1))
        {
            var (a, b) = (first.Shape!.Value, other.Shape!.Value);
            var fits = merge == MergeKind.Concat
                ? a.Rank == b.Rank && a.Dims.Skip(1).SequenceEqual(b.Dims.Skip(1))
                : a == b;
            if (!fits)
            {
                var rule = merge == MergeKind.Concat
                    ? "Concat joins on the first dimension and needs the others equal"
                    : $"{merge} needs equal shapes";
                reader.Error(DiagnosticCatalog.MergeMismatch, other.Node, $"{rule}, but '{first.Name}' is {a} and '{other.Name}' is {b}");
                return null;
            }
        }

        var output = first.Shape!.Value;
        if (merge == MergeKind.Concat)
        {
            long joined = 0;
            foreach (var input in inputs)
            {
                if (!Checked.TryAdd(joined, input.Shape!.Value[0], out joined))
                {
                    reader.Error(DiagnosticCatalog.Overflow, keyNode, $"Concat in node '{name}' joins more than 64 bits can count");
                    return null;
                }
            }

            output = Shape.Of(new[] { joined }.Concat(output.Dims.Skip(1)).ToArray());
        }

        return new ResolvedNode(name, ResolvedNode.InputName, EquatableArray<ResolvedLayer>.Empty, merge,
            inputs.Select(i => i.Name).ToEquatableArray(), output, Location(keyNode));
    }

    /// <summary>An earlier node (or <c>input</c>) named by <paramref name="node"/>; reports a later or unknown name.</summary>
    private string? Reference(YamlNodeBase node, string user, Dictionary<string, Shape?> shapes, List<string?> written, BodyScope scope)
    {
        if (node is not YamlScalarNode { IsNull: false } scalar)
        {
            reader.Error(DiagnosticCatalog.InvalidStructure, node, $"Node '{user}' must name nodes of the graph, but one is {node.KindText}");
            return null;
        }

        if (shapes.ContainsKey(scalar.Value))
        {
            return scalar.Value;
        }

        var problem = written.Contains(scalar.Value)
            ? "which comes after it; a node can only use the nodes before it"
            : $"which is not a node of {Owner(scope)}; the nodes before '{user}' are {string.Join(", ", shapes.Keys)}";
        reader.Error(DiagnosticCatalog.UnknownNode, scalar, $"Node '{user}' uses '{scalar.Value}', {problem}");
        return null;
    }

    private string? NodeName(YamlNodeBase keyNode, Dictionary<string, Shape?> shapes, BodyScope scope)
    {
        if (keyNode is not YamlScalarNode { IsNull: false } key)
        {
            reader.Error(DiagnosticCatalog.InvalidName, keyNode, $"Node names of {Owner(scope)} must be identifiers, but one is {keyNode.KindText}");
            return null;
        }

        if (Names.NodeProblem(key.Value) is { } problem)
        {
            reader.Error(DiagnosticCatalog.InvalidName, key, $"'{key.Value}' cannot be a node name: {problem}");
            return null;
        }

        if (shapes.ContainsKey(key.Value))
        {
            reader.Error(DiagnosticCatalog.DuplicateName, key, $"Node '{key.Value}' appears twice in the graph of {Owner(scope)}");
            return null;
        }

        return key.Value;
    }

    /// <summary>A chain's steps, or <c>null</c> when any has a problem (later steps still get their arguments checked).</summary>
    private List<ResolvedLayer>? ResolveChain(YamlNodeBase node, Shape? input, BodyScope scope, string chain, string owner)
    {
        if (node is not YamlListNode list)
        {
            reader.Error(DiagnosticCatalog.InvalidStructure, node, $"The layers of {owner} must be a list, but are {node.KindText}");
            return null;
        }

        var resolved = new List<ResolvedLayer>();
        var shape = input;
        for (var index = 0; index < list.Items.Count; index++)
        {
            var produced = ResolveStep(list.Items[index], index, shape, scope, owner);
            if (produced is null)
            {
                shape = null;
                continue;
            }

            resolved.AddRange(chain.Length == 0 ? produced : produced.Select(l => l with { FieldName = chain + Capitalize(l.FieldName) }));
            shape = produced[produced.Count - 1].Output;
        }

        return shape is null ? null : resolved;
    }

    /// <summary>One list entry: a layer (possibly with a helper layer before it) or a block use; <c>null</c> after a problem.</summary>
    private IReadOnlyList<ResolvedLayer>? ResolveStep(YamlNodeBase item, int index, Shape? shape, BodyScope scope, string owner)
    {
        var nameNode = item;
        YamlNodeBase? value = null;
        if (item is YamlMapNode { Entries.Count: 1 } single)
        {
            nameNode = single.Entries[0].Key;
            value = single.Entries[0].Value;
        }

        if (nameNode is not YamlScalarNode { IsNull: false } layerName)
        {
            reader.Error(DiagnosticCatalog.InvalidStructure, item, $"Each layer is a name ('- ReLU') or a one-key mapping ('- Linear: {{ out_features: 128 }}'), but layer {index} of {owner} is {item.KindText}");
            return null;
        }

        if (value is not null)
        {
            value = Substitute(value, scope);
            if (value is null)
            {
                return null;
            }
        }

        if (blocks.TryGetValue(layerName.Value, out var block))
        {
            return UseBlock(block, layerName, value, index, shape, scope) is { } use ? new[] { use } : null;
        }

        if (LayerCatalog.Find(layerName.Value) is not { } definition)
        {
            var known = LayerCatalog.Names.Concat(blocks.Keys);
            var suggestion = LayerCatalog.Suggest(layerName.Value) is { } near ? $"; did you mean '{near}'?" : $"; known layers: {string.Join(", ", known)}";
            reader.Error(DiagnosticCatalog.UnknownLayer, layerName, $"Unknown layer '{layerName.Value}' in {owner}{suggestion}");
            return null;
        }

        // After a problem the input shape is unknown; the layer still gets its arguments checked.
        var context = new LayerContext(definition, index, layerName, shape ?? Shape.Of(1), scope.Classes, scope.Model, Diagnostics)
        {
            SpectralNormByDefault = scope.SpectralNorm,
        };
        ArgumentBinder.Bind(context, value);
        if (shape is null)
        {
            return null;
        }

        try
        {
            definition.Infer(context);
        }
        catch (System.OverflowException)
        {
            context.Error(DiagnosticCatalog.Overflow, $"{definition.Name} on input {shape} overflows 64-bit arithmetic");
        }

        return context.Failed ? null : context.Produced;
    }

    /// <summary>Resolves a block's body for one use: its arguments bound, its input the chain's shape at the use.</summary>
    private ResolvedLayer? UseBlock(BlockTemplate block, YamlScalarNode nameNode, YamlNodeBase? value, int index, Shape? shape, BodyScope scope)
    {
        if (scope.Blocks.Contains(block.Name))
        {
            var cycle = string.Join(" -> ", scope.Blocks.SkipWhile(b => b != block.Name).Append(block.Name));
            reader.Error(DiagnosticCatalog.RecursiveBlock, nameNode, $"Block '{block.Name}' uses itself: {cycle}");
            return null;
        }

        if (BindArguments(block, nameNode, value) is not { } arguments || shape is null)
        {
            return null;
        }

        var context = Diagnostics.Context;
        var position = Location(nameNode);
        Diagnostics.Context = $" (in block '{block.Name}' used at line {position.Line + 1}, column {position.Column + 1})" + context;
        var inner = scope with { Arguments = arguments, Blocks = scope.Blocks.Append(block.Name).ToArray() };
        var body = Resolve(block.Body, block.IsGraph, shape, inner);
        Diagnostics.Context = context;
        if (body is null)
        {
            return null;
        }

        long parameters = 0;
        foreach (var step in body.Nodes.SelectMany(n => n.Steps))
        {
            if (!Checked.TryAdd(parameters, step.ParameterCount, out parameters))
            {
                reader.Error(DiagnosticCatalog.Overflow, nameNode, $"Block '{block.Name}' has more parameters than fit in 64 bits");
                return null;
            }
        }

        var takesLabels = body.Nodes.SelectMany(n => n.Steps).Any(s => s.TakesLabels);
        var resolved = classes.Intern(block, shape.Value, body, takesLabels, parameters, Location(block.NameNode));
        var field = char.ToLowerInvariant(block.Name[0]) + block.Name.Substring(1) + index.ToString(CultureInfo.InvariantCulture);
        return new ResolvedLayer(block.Name, field, LayerRecipe.ForBlock(resolved.ClassName, takesLabels), EquatableArray<LayerArg>.Empty,
            shape.Value, body.Output.Output, parameters, position, resolved);
    }

    /// <summary>Each argument's value at a use: written, else its default; <c>null</c> after reporting a problem.</summary>
    private Dictionary<string, YamlNodeBase>? BindArguments(BlockTemplate block, YamlScalarNode nameNode, YamlNodeBase? value)
    {
        var given = new Dictionary<string, YamlNodeBase>(System.StringComparer.Ordinal);
        var ok = true;
        switch (value)
        {
            case null:
            case YamlScalarNode { IsNull: true }:
                break;
            case YamlMapNode map:
                foreach (var entry in map.Entries)
                {
                    if (entry.Key is not YamlScalarNode key || block.Arguments.All(a => a.Key != key.Value))
                    {
                        var known = block.Arguments.Count == 0 ? "it takes no arguments" : "expected one of: " + string.Join(", ", block.Arguments.Select(a => a.Key));
                        reader.Error(DiagnosticCatalog.UnknownArgument, entry.Key, $"Unknown argument {(entry.Key is YamlScalarNode named ? $"'{named.Value}'" : entry.Key.KindText)} for block '{block.Name}'; {known}");
                        ok = false;
                    }
                    else if (given.ContainsKey(key.Value))
                    {
                        reader.Error(DiagnosticCatalog.DuplicateName, key, $"Argument '{key.Value}' of block '{block.Name}' is given twice");
                        ok = false;
                    }
                    else
                    {
                        given[key.Value] = entry.Value;
                    }
                }

                break;
            default:
                reader.Error(DiagnosticCatalog.InvalidStructure, value, $"Block '{block.Name}' takes a mapping of arguments {{ name: value }}, but is followed by {value.KindText}");
                return null;
        }

        foreach (var argument in block.Arguments)
        {
            if (given.ContainsKey(argument.Key))
            {
                continue;
            }

            if (argument.Value is null)
            {
                reader.Error(DiagnosticCatalog.MissingArgument, nameNode, $"Block '{block.Name}' needs argument '{argument.Key}'");
                ok = false;
            }
            else
            {
                given[argument.Key] = argument.Value;
            }
        }

        return ok ? given : null;
    }

    /// <summary>
    /// <paramref name="node"/> with each <c>$name</c> replaced by the block argument's value, placed where
    /// the reference is written so that a bad value is reported inside the block (the context names the
    /// use). <c>null</c> after reporting an undefined name.
    /// </summary>
    private YamlNodeBase? Substitute(YamlNodeBase node, BodyScope scope)
    {
        switch (node)
        {
            case YamlScalarNode { IsPlain: true } scalar when scalar.Value.StartsWith("$", System.StringComparison.Ordinal):
                var name = scalar.Value.Substring(1);
                if (scope.Arguments is { } arguments && arguments.TryGetValue(name, out var bound))
                {
                    return bound is YamlScalarNode value ? new YamlScalarNode(value.Value, value.Style, scalar.Start, scalar.End) : bound;
                }

                var where = scope.Arguments is null
                    ? $"'{scalar.Value}' refers to a block argument, but {Owner(scope)} is not a block"
                    : $"'{scalar.Value}' is not an argument of block '{scope.Block}'; its arguments: {(scope.Arguments.Count == 0 ? "none" : string.Join(", ", scope.Arguments.Keys))}";
                reader.Error(DiagnosticCatalog.UndefinedArgument, scalar, where);
                return null;
            case YamlListNode list:
                var items = new List<YamlNodeBase>();
                foreach (var item in list.Items)
                {
                    if (Substitute(item, scope) is not { } substituted)
                    {
                        return null;
                    }

                    items.Add(substituted);
                }

                return new YamlListNode(items, list.Start, list.End);
            case YamlMapNode map:
                var entries = new List<KeyValuePair<YamlNodeBase, YamlNodeBase>>();
                foreach (var entry in map.Entries)
                {
                    if (Substitute(entry.Value, scope) is not { } substituted)
                    {
                        return null;
                    }

                    entries.Add(new KeyValuePair<YamlNodeBase, YamlNodeBase>(entry.Key, substituted));
                }

                return new YamlMapNode(entries, map.Start, map.End);
            default:
                return node;
        }
    }

    private static string Owner(BodyScope scope) => scope.Block is { } block ? $"block '{block}'" : $"model '{scope.Model}'";

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    private SpecLocation Location(YamlNodeBase node) => Diagnostics.ToLocation(node.Start, node.End);
}
