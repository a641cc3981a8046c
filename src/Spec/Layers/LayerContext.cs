using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GanGen.Spec.Collections;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Layers;

/// <summary>(height, width), the form PyTorch's 2-d layers take their sizes in.</summary>
internal readonly record struct Pair(long H, long W)
{
    public override string ToString() => H == W ? H.ToString(CultureInfo.InvariantCulture) : $"[{H},{W}]";
}

/// <summary>
/// One layer entry being resolved: its typed arguments, its input, and what it produces. Layer
/// definitions read arguments and report problems through it, so every message has the same form
/// and points at the right YAML node.
/// </summary>
internal sealed class LayerContext
{
    private readonly SpecDiagnosticBag diagnostics;
    private readonly Dictionary<string, object> values = new();
    private readonly Dictionary<string, YamlNodeBase> nodes = new();
    private readonly List<ResolvedLayer> produced = new();

    public LayerContext(LayerDefinition definition, int index, YamlNodeBase nameNode, Shape input, int classes, string modelName, SpecDiagnosticBag diagnostics)
    {
        Definition = definition;
        Index = index;
        NameNode = nameNode;
        Input = input;
        Classes = classes;
        ModelName = modelName;
        this.diagnostics = diagnostics;
    }

    public LayerDefinition Definition { get; }

    public int Index { get; }

    public YamlNodeBase NameNode { get; }

    public Shape Input { get; }

    public int Classes { get; }

    public string ModelName { get; }

    /// <summary>The model's <c>spectral_norm:</c>, what a layer taking the argument gets when the entry does not write it.</summary>
    public bool SpectralNormByDefault { get; init; }

    /// <summary>The list given as the layer's value (Reshape's target), if any.</summary>
    public YamlListNode? ListValue { get; set; }

    public bool Failed { get; private set; }

    public Shape Output { get; private set; }

    public IReadOnlyList<ResolvedLayer> Produced => produced;

    public SpecLocation Location => diagnostics.ToLocation(NameNode.Start, NameNode.End);

    public void SetValue(string name, object value, YamlNodeBase node)
    {
        values[name] = value;
        nodes[name] = node;
    }

    public bool Has(string name) => values.ContainsKey(name);

    public long Int(string name) => (long)Get(name);

    public double Float(string name) => (double)Get(name);

    public bool Bool(string name) => (bool)Get(name);

    public Pair Pair(string name) => Get(name) is long l ? new Pair(l, l) : (Pair)Get(name);

    /// <summary>A <see cref="ArgType.FloatPair"/> argument as (height, width).</summary>
    public (double H, double W) FloatPair(string name)
    {
        var pair = (double[])Get(name);
        return (pair[0], pair[1]);
    }

    /// <summary>A <see cref="ArgType.Word"/> argument as written (or its default word).</summary>
    public string Word(string name) => (string)Get(name);

    /// <summary>A <see cref="ArgType.Word"/> argument as the TorchSharp enum member its word stands for.</summary>
    public ArgValue Enum(string name)
    {
        var spec = Definition.Arguments.First(a => a.Name == name);
        var word = Word(name);
        return ArgValue.Enum(spec.EnumType!, spec.Words.First(w => w.Word == word).Member);
    }

    public object Get(string name) => values.TryGetValue(name, out var value) ? value : Definition.DefaultOf(name)!;

    /// <summary>Reports a problem at the argument's value if it was written, else at the layer name.</summary>
    public void Error(DiagnosticKind kind, string message, string? argument = null)
    {
        var node = argument is not null && nodes.TryGetValue(argument, out var argNode) ? argNode : NameNode;
        diagnostics.Add(kind, node.Start, node.End, message);
        Failed = true;
    }

    public void Error(DiagnosticKind kind, YamlNodeBase node, string message)
    {
        diagnostics.Add(kind, node.Start, node.End, message);
        Failed = true;
    }

    /// <summary>Requires an input of one of the given ranks, naming them in the message.</summary>
    public bool RequireRank(string expected, params int[] ranks)
    {
        if (ranks.Contains(Input.Rank))
        {
            return true;
        }

        Error(DiagnosticCatalog.WrongInputRank, $"{Definition.Name} needs a {expected} input, but gets {Input}");
        return false;
    }

    /// <summary>
    /// Requires a conditional model, for layers whose forward takes the class labels; reports GAN0011 in
    /// an unconditional one.
    /// </summary>
    public bool RequireCondition()
    {
        if (Classes > 0)
        {
            return true;
        }

        Error(DiagnosticCatalog.LabelsWithoutCondition, $"{Definition.Name} needs a conditional model, but '{ModelName}' has no 'condition: {{ classes: K }}'");
        return false;
    }

    /// <summary>Records the layer as resolved, with its constructor arguments in TorchSharp's order.</summary>
    public void Produce(Shape output, long parameters, params LayerArg[] args) =>
        Record(Definition, Definition.Recipe, output, parameters, args);

    /// <summary>
    /// Records the layer as resolved, built by another module class than the definition's default: an
    /// argument may choose the implementation (<c>spectral_norm: true</c> builds GanGen's spectrally
    /// normalized convolution instead of TorchSharp's). The layer keeps its kind and field name.
    /// </summary>
    public void Produce(LayerRecipe recipe, Shape output, long parameters, params LayerArg[] args) =>
        Record(Definition, recipe, output, parameters, args);

    /// <summary>Records a helper layer of another kind (the explicit padding of an odd <c>same</c> convolution).</summary>
    public void Produce(LayerDefinition layer, Shape output, long parameters, params LayerArg[] args) =>
        Record(layer, layer.Recipe, output, parameters, args);

    private void Record(LayerDefinition layer, LayerRecipe recipe, Shape output, long parameters, LayerArg[] args)
    {
        var input = produced.Count > 0 ? produced[produced.Count - 1].Output : Input;
        var field = layer.FieldPrefix + Index.ToString(CultureInfo.InvariantCulture);
        produced.Add(new ResolvedLayer(layer.Name, field, recipe, args.ToEquatableArray(), input, output, parameters, Location));
        Output = output;
    }
}
