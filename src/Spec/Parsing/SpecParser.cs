using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Collections;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Layers;
using GanGen.Spec.Model;
using GanGen.Spec.Training;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Parsing;

/// <summary>
/// Walks a YAML tree in the shape of the spec language, resolving each model layer by layer and
/// checking each GAN pair. Every problem becomes a diagnostic at the YAML node it concerns; parsing
/// goes on after a problem so that one build reports as many as it can.
/// </summary>
internal sealed class SpecParser
{
    private readonly SpecDiagnosticBag diagnostics;
    private readonly Dictionary<string, ModelOutcome> models = new(System.StringComparer.Ordinal);
    // Case-insensitive: names become file names of generated sources, which must differ in more than case.
    private readonly HashSet<string> names = new(System.StringComparer.OrdinalIgnoreCase);
    private readonly List<ResolvedModel> resolvedModels = new();
    private readonly List<ResolvedGan> resolvedGans = new();
    private readonly Dictionary<string, BlockTemplate> blocks = new(System.StringComparer.Ordinal);
    private readonly BlockClasses blockClasses = new();

    private readonly NodeReader reader;
    private readonly BodyResolver bodies;

    public SpecParser(SpecDiagnosticBag diagnostics)
    {
        this.diagnostics = diagnostics;
        reader = new NodeReader(diagnostics);
        bodies = new BodyResolver(reader, blocks, blockClasses);
    }

    public IReadOnlyList<ResolvedModel> Models => resolvedModels;

    public IReadOnlyList<ResolvedGan> Gans => resolvedGans;

    /// <summary>The generated classes of the blocks that resolved models use.</summary>
    public IReadOnlyList<ResolvedBlock> Blocks => blockClasses.All;

    public void Parse(YamlNodeBase? root)
    {
        if (root is null || root is YamlScalarNode { IsNull: true })
        {
            Error(DiagnosticCatalog.InvalidStructure, root, "The spec is empty; it needs a 'models:' mapping");
            return;
        }

        if (root is not YamlMapNode map)
        {
            Error(DiagnosticCatalog.InvalidStructure, root, $"A spec is a mapping with 'models:' and 'gans:', but this one is {root.KindText}");
            return;
        }

        var sections = ReadKeys(map, "the spec", new[] { "blocks", "models", "gans" }, new[] { "models" });
        if (sections.TryGetValue("blocks", out var blocksNode))
        {
            foreach (var entry in Entries(blocksNode, "'blocks:'", "a mapping from block names to { args, layers } or { args, graph }"))
            {
                if (ClaimName(entry.Key, "block") is { } name)
                {
                    ParseBlock(name, entry.Key, entry.Value);
                }
            }
        }

        if (sections.TryGetValue("models", out var modelsNode))
        {
            foreach (var entry in Entries(modelsNode, "'models:'", "a mapping from model names to models"))
            {
                if (ClaimName(entry.Key, "model") is { } name)
                {
                    ParseModel(name, entry.Key, entry.Value);
                }
            }
        }

        if (sections.TryGetValue("gans", out var gansNode))
        {
            foreach (var entry in Entries(gansNode, "'gans:'", "a mapping from GAN names to { generator, discriminator }"))
            {
                if (ClaimName(entry.Key, "GAN") is { } name)
                {
                    ParseGan(name, entry.Key, entry.Value);
                }
            }
        }
    }

    private void ParseModel(string name, YamlNodeBase nameNode, YamlNodeBase node)
    {
        models[name] = ModelOutcome.Failed;
        if (node is not YamlMapNode map)
        {
            Error(DiagnosticCatalog.InvalidStructure, node, $"Model '{name}' must be a mapping with 'input:' and 'layers:', but is {node.KindText}");
            return;
        }

        var keys = ReadKeys(map, $"model '{name}'", new[] { "input", "condition", "spectral_norm", "layers", "graph", "output" }, new[] { "input" }, nameNode);
        var input = keys.TryGetValue("input", out var inputNode) ? ParseShape(inputNode, $"The input of model '{name}'") : null;
        var classes = keys.TryGetValue("condition", out var conditionNode) ? ParseCondition(name, conditionNode) : 0;
        var spectralNorm = keys.TryGetValue("spectral_norm", out var spectralNormNode) ? reader.Boolean(spectralNormNode, $"the spectral_norm of model '{name}'") : false;
        var expected = keys.TryGetValue("output", out var outputNode) ? ParseShape(outputNode, $"The output of model '{name}'") : null;
        if (Body(keys, $"Model '{name}'", nameNode) is not var (bodyNode, isGraph))
        {
            return;
        }

        var body = bodies.Resolve(bodyNode, isGraph, input, BodyScope.ForModel(name, classes ?? 0, spectralNorm ?? false));
        if (input is null || classes is null || spectralNorm is null || body is null || (outputNode is not null && expected is null))
        {
            return;
        }

        var layers = body.Nodes.SelectMany(n => n.Steps).ToList();
        if (layers.FirstOrDefault(l => l.FieldName == name) is { } field)
        {
            Error(DiagnosticCatalog.InvalidName, nameNode, $"'{name}' cannot be a model name: a generated class has a member of that name (the field of its {field.Kind} at line {field.Location.Line + 1})");
            return;
        }

        var output = body.Output.Output;
        if (expected is { } declared && declared != output)
        {
            var outputKey = map.Entries.First(e => e.Key is YamlScalarNode { Value: "output" }).Key;
            Error(DiagnosticCatalog.OutputMismatch, outputKey, $"Model '{name}' declares output {declared}, but its layers produce {output}");
            return;
        }

        long parameters;
        try
        {
            parameters = layers.Aggregate(0L, (sum, layer) => checked(sum + layer.ParameterCount));
        }
        catch (System.OverflowException)
        {
            Error(DiagnosticCatalog.Overflow, nameNode, $"Model '{name}' has more parameters than fit in 64 bits");
            return;
        }

        var model = new ResolvedModel(name, input.Value, output, classes.Value, body, parameters, diagnostics.ToLocation(nameNode.Start, nameNode.End));
        models[name] = new ModelOutcome(model);
        resolvedModels.Add(model);
    }

    /// <summary>The one body of a model or block: <c>layers:</c> or <c>graph:</c>, never both; <c>null</c> after reporting.</summary>
    private (YamlNodeBase Node, bool IsGraph)? Body(IReadOnlyDictionary<string, YamlNodeBase> keys, string owner, YamlNodeBase ownerNode)
    {
        var hasLayers = keys.TryGetValue("layers", out var layers);
        var hasGraph = keys.TryGetValue("graph", out var graph);
        if (hasLayers == hasGraph)
        {
            Error(DiagnosticCatalog.InvalidStructure, hasGraph ? graph : ownerNode, $"{owner} needs exactly one of 'layers:' and 'graph:'");
            return null;
        }

        return hasGraph ? (graph!, true) : (layers!, false);
    }

    private void ParseBlock(string name, YamlNodeBase nameNode, YamlNodeBase node)
    {
        if (node is not YamlMapNode map)
        {
            Error(DiagnosticCatalog.InvalidStructure, node, $"Block '{name}' must be a mapping with 'args:' (optional) and 'layers:' or 'graph:', but is {node.KindText}");
            return;
        }

        var keys = ReadKeys(map, $"block '{name}'", new[] { "args", "layers", "graph" }, new string[0], nameNode);
        var arguments = new List<KeyValuePair<string, YamlNodeBase?>>();
        if (keys.TryGetValue("args", out var argsNode))
        {
            foreach (var entry in Entries(argsNode, $"The args of block '{name}'", "a mapping from argument names to defaults (~ for a required argument)"))
            {
                if (entry.Key is not YamlScalarNode { IsNull: false } key || Names.NodeProblem(key.Value) is not null)
                {
                    Error(DiagnosticCatalog.InvalidName, entry.Key, $"Arguments of block '{name}' are named by identifiers, but one is {entry.Key.KindText}");
                }
                else if (arguments.Any(a => a.Key == key.Value))
                {
                    Error(DiagnosticCatalog.DuplicateName, key, $"Argument '{key.Value}' of block '{name}' is declared twice");
                }
                else
                {
                    arguments.Add(new KeyValuePair<string, YamlNodeBase?>(key.Value, entry.Value is YamlScalarNode { IsNull: true } ? null : entry.Value));
                }
            }
        }

        if (LayerCatalog.Find(name) is not null)
        {
            Error(DiagnosticCatalog.DuplicateName, nameNode, $"'{name}' is a layer of the spec language; give the block another name");
        }
        else if (Body(keys, $"Block '{name}'", nameNode) is var (body, isGraph))
        {
            blocks[name] = new BlockTemplate(name, nameNode, arguments, body, isGraph);
        }
    }

    private int? ParseCondition(string modelName, YamlNodeBase node)
    {
        if (node is not YamlMapNode map)
        {
            Error(DiagnosticCatalog.InvalidStructure, node, $"The condition of model '{modelName}' must be a mapping {{ classes: K }}, but is {node.KindText}");
            return null;
        }

        var keys = ReadKeys(map, $"the condition of model '{modelName}'", new[] { "classes" }, new[] { "classes" }, node);
        if (!keys.TryGetValue("classes", out var classesNode))
        {
            return null;
        }

        if (classesNode is not YamlScalarNode scalar || !scalar.TryGetInt64(out var classes))
        {
            Error(DiagnosticCatalog.WrongType, classesNode, $"The number of classes of model '{modelName}' must be an integer, but is {classesNode.KindText}");
            return null;
        }

        if (classes < 1 || classes > int.MaxValue)
        {
            Error(DiagnosticCatalog.OutOfRange, classesNode, $"The number of classes of model '{modelName}' must be from 1 to {int.MaxValue}, but is {classes}");
            return null;
        }

        return (int)classes;
    }

    private Shape? ParseShape(YamlNodeBase node, string what)
    {
        if (node is not YamlListNode { Items.Count: > 0 } list)
        {
            Error(DiagnosticCatalog.WrongType, node, $"{what} must be a shape such as [1, 28, 28], but is {node.KindText}");
            return null;
        }

        var dims = new long[list.Items.Count];
        for (var i = 0; i < dims.Length; i++)
        {
            var item = list.Items[i];
            if (item is not YamlScalarNode { IsInteger: true } scalar)
            {
                Error(DiagnosticCatalog.WrongType, item, $"{what} must list integer sizes, but one is {item.KindText}");
                return null;
            }

            if (!scalar.TryGetInt64(out dims[i]) || dims[i] < 1)
            {
                Error(DiagnosticCatalog.OutOfRange, item, $"{what} must have positive sizes that fit in 64 bits, but one is {scalar.Value}");
                return null;
            }
        }

        var shape = Shape.Of(dims);
        if (shape.ElementCount is null)
        {
            Error(DiagnosticCatalog.Overflow, node, $"{what} {shape} has more elements than fit in 64 bits");
            return null;
        }

        return shape;
    }

    private void ParseGan(string name, YamlNodeBase nameNode, YamlNodeBase node)
    {
        if (node is not YamlMapNode map)
        {
            Error(DiagnosticCatalog.InvalidStructure, node, $"GAN '{name}' must be a mapping {{ generator: Model, discriminator: Model }}, but is {node.KindText}");
            return;
        }

        var keys = ReadKeys(map, $"GAN '{name}'", new[] { "generator", "discriminator", "training" }, new[] { "generator", "discriminator" }, nameNode);
        var generator = ModelReference(name, "generator", keys);
        var discriminator = ModelReference(name, "discriminator", keys);
        if (generator?.Model is not { } g || discriminator?.Model is not { } d)
        {
            return;
        }

        if (g.Output != d.Input)
        {
            Error(DiagnosticCatalog.PairShapeMismatch, nameNode, $"GAN '{name}': generator '{g.Name}' produces {g.Output}, but discriminator '{d.Name}' takes {d.Input}");
            return;
        }

        if (g.Classes != d.Classes)
        {
            Error(DiagnosticCatalog.ConditionMismatch, nameNode, $"GAN '{name}': generator '{g.Name}' is conditioned on {Classes(g)}, but discriminator '{d.Name}' on {Classes(d)}");
            return;
        }

        TrainingSettings? training = null;
        if (keys.TryGetValue("training", out var trainingNode)
            && (training = TrainingParser.Parse(reader, name, trainingNode, g, d)) is null)
        {
            return;
        }

        resolvedGans.Add(new ResolvedGan(name, g.Name, d.Name, training, diagnostics.ToLocation(nameNode.Start, nameNode.End)));
    }

    private static string Classes(ResolvedModel model) => model.Classes == 0 ? "no classes" : $"{model.Classes} classes";

    private ModelOutcome? ModelReference(string ganName, string role, IReadOnlyDictionary<string, YamlNodeBase> keys)
    {
        if (!keys.TryGetValue(role, out var node))
        {
            return null;
        }

        if (node is not YamlScalarNode { IsNull: false } scalar)
        {
            Error(DiagnosticCatalog.WrongType, node, $"The {role} of GAN '{ganName}' must be a model name, but is {node.KindText}");
            return null;
        }

        if (!models.TryGetValue(scalar.Value, out var outcome))
        {
            Error(DiagnosticCatalog.UnknownModel, scalar, $"GAN '{ganName}' names {role} '{scalar.Value}', which is not a model in this spec");
            return null;
        }

        return outcome;
    }

    /// <summary>Checks a model or GAN name and claims it; <c>null</c> when it is unusable or taken.</summary>
    private string? ClaimName(YamlNodeBase node, string what)
    {
        if (node is not YamlScalarNode { IsNull: false } scalar)
        {
            Error(DiagnosticCatalog.InvalidName, node, $"A {what} name must be an identifier, but is {node.KindText}");
            return null;
        }

        if (Names.Problem(scalar.Value) is { } problem)
        {
            Error(DiagnosticCatalog.InvalidName, scalar, $"'{scalar.Value}' cannot be a {what} name: {problem}");
            return null;
        }

        if (!names.Add(scalar.Value))
        {
            Error(DiagnosticCatalog.DuplicateName, scalar, $"The name '{scalar.Value}' is already used by a model or GAN in this spec (names must differ in more than case)");
            return null;
        }

        return scalar.Value;
    }

    private Dictionary<string, YamlNodeBase> ReadKeys(YamlMapNode map, string owner, string[] allowed, string[] required, YamlNodeBase? ownerNode = null) =>
        reader.ReadKeys(map, owner, allowed, required, ownerNode);

    private IEnumerable<KeyValuePair<YamlNodeBase, YamlNodeBase>> Entries(YamlNodeBase node, string section, string expected) =>
        reader.Entries(node, section, expected);

    private void Error(DiagnosticKind kind, YamlNodeBase? node, string message) => reader.Error(kind, node, message);

    /// <summary>A model's result: resolved, or failed (so GAN entries naming it add no second error).</summary>
    private sealed class ModelOutcome
    {
        public static readonly ModelOutcome Failed = new(null);

        public ModelOutcome(ResolvedModel? model) => Model = model;

        public ResolvedModel? Model { get; }
    }
}
