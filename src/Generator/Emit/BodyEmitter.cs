using System.Globalization;
using System.Linq;
using GanGen.Spec.Model;

namespace GanGen.Generator.Emit;

/// <summary>
/// Writes what a model class and a block class share: a field per layer, their construction and
/// registration under PyTorch's names, and the forward pass, which reads as the YAML does (one local per
/// graph node).
/// </summary>
internal static class BodyEmitter
{
    public const string Tensor = "global::TorchSharp.torch.Tensor";

    /// <summary>The runtime class that places a layer's computation in bfloat16 or float32 under mixed precision.</summary>
    private const string MixedPrecision = "global::GanGen.Runtime.Modules.MixedPrecision";

    /// <summary>The base class: <c>Module&lt;Tensor, Tensor&gt;</c>, or with the labels as second input.</summary>
    public static string BaseType(bool takesLabels) => takesLabels
        ? $"global::TorchSharp.torch.nn.Module<{Tensor}, {Tensor}, {Tensor}>"
        : $"global::TorchSharp.torch.nn.Module<{Tensor}, {Tensor}>";

    /// <summary>The class's XML docs: a one-line summary and the layer table as code.</summary>
    public static void EmitClassDocs(SourceWriter w, string summary, string[] table)
    {
        w.Line("/// <summary>");
        w.Line("/// " + summary);
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line("/// <code>");
        foreach (var line in table)
        {
            w.Line("/// " + CSharpLiterals.Xml(line));
        }

        w.Line("/// </code>");
        w.Line("/// </remarks>");
    }

    /// <summary>
    /// The constructor registers every layer under PyTorch's name; TorchSharp would register the fields a
    /// second time, by field name, when a parent registers this module.
    /// </summary>
    public static void EmitNoFieldRegistration(SourceWriter w)
    {
        w.Line("/// <summary>Registers nothing more: the constructor has registered every layer under PyTorch's name.</summary>");
        w.OpenBlock($"protected override void {GeneratedMembers.RegisterComponents}()");
        w.CloseBlock();
        w.Line();
    }

    public static void EmitFields(SourceWriter w, ResolvedGraph body)
    {
        foreach (var layer in body.Nodes.SelectMany(n => n.Steps))
        {
            var parameters = layer.ParameterCount == 0 ? "no parameters" : $"{ModelSummary.Count(layer.ParameterCount)} parameters";
            w.Line($"/// <summary>{layer.Kind}: {layer.Input} -> {layer.Output}, {parameters} (YAML line {layer.Location.Line + 1}).</summary>");
            w.Line($"private readonly {FieldType(layer.Recipe)} {layer.FieldName};");
            w.Line();
        }
    }

    /// <summary>
    /// Builds every layer, then registers them as PyTorch names the same modules: a list's layers as
    /// children <c>0</c>, <c>1</c>, ... (an <c>nn.Sequential</c>), a graph's chains as children named by
    /// their node, each a list of its layers; so state-dict keys follow the YAML.
    /// </summary>
    public static void EmitConstruction(SourceWriter w, ResolvedGraph body)
    {
        foreach (var layer in body.Nodes.SelectMany(n => n.Steps))
        {
            var args = string.Join(", ", layer.Args.Select(a => $"{a.Name}: {CSharpLiterals.Of(a.Value)}"));
            w.Line($"{layer.FieldName} = {Construction(layer.Recipe)}({args});");
        }

        foreach (var node in body.Nodes.Where(n => !n.IsMerge && n.Steps.Count > 0))
        {
            if (body.IsList)
            {
                for (var i = 0; i < node.Steps.Count; i++)
                {
                    w.Line($"register_module(\"{i.ToString(CultureInfo.InvariantCulture)}\", {node.Steps[i].FieldName});");
                }
            }
            else
            {
                w.Line($"register_module(\"{node.Name}\", new global::TorchSharp.Modules.ModuleList<global::TorchSharp.torch.nn.Module>({string.Join(", ", node.Steps.Select(s => s.FieldName))}));");
            }
        }
    }

    /// <summary>
    /// The forward pass after the input checks: <c>input</c> (and <c>labels</c>) in, the last node out. A
    /// model's output is float32 in every precision, so losses are; a block's stays in the dtype its last
    /// layer computed in, so consecutive bfloat16 layers across a block boundary need no casts.
    /// </summary>
    public static void EmitForwardBody(SourceWriter w, ResolvedGraph body, bool float32Output)
    {
        if (body.IsList)
        {
            w.Line("var x = input;");
            foreach (var layer in body.Output.Steps)
            {
                w.Line($"x = {Call(layer, "x")};");
            }

            w.Line($"return {Output("x", float32Output)};");
            return;
        }

        foreach (var node in body.Nodes)
        {
            var name = Local(node.Name);
            var inputs = node.Inputs.Select(Local).ToArray();
            switch (node.Merge)
            {
                case MergeKind.Add:
                    w.Line($"var {name} = {string.Join(" + ", inputs)};");
                    break;
                case MergeKind.Multiply:
                    w.Line($"var {name} = {string.Join(" * ", inputs)};");
                    break;
                case MergeKind.Concat:
                    w.Line($"var {name} = global::TorchSharp.torch.cat(new[] {{ {string.Join(", ", inputs)} }}, 1);");
                    break;
                default:
                    if (node.Steps.Count == 0)
                    {
                        w.Line($"var {name} = {Local(node.From)};");
                        break;
                    }

                    w.Line($"var {name} = {Call(node.Steps[0], Local(node.From))};");
                    foreach (var layer in node.Steps.Skip(1))
                    {
                        w.Line($"{name} = {Call(layer, name)};");
                    }

                    break;
            }
        }

        w.Line($"return {Output(Local(body.Output.Name), float32Output)};");
    }

    private static string Output(string local, bool float32) => float32 ? $"{MixedPrecision}.Float32({local})" : local;

    /// <summary>A node's local variable: its name, escaped where it is a C# keyword (<c>out</c> becomes <c>@out</c>).</summary>
    private static string Local(string node) =>
        Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(node) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None ? node : "@" + node;

    /// <summary>
    /// A layer's call. Under mixed precision <c>MixedPrecision.Forward</c> runs a convolution or linear layer
    /// in bfloat16 and float32 layers get float32 input; in float32 training both are the plain forward.
    /// </summary>
    private static string Call(ResolvedLayer layer, string x)
    {
        var input = layer.Recipe.Precision == LayerPrecision.Float32 ? $"{MixedPrecision}.Float32({x})" : x;
        var labels = layer.TakesLabels ? ", labels" : "";
        return layer.Recipe.Precision == LayerPrecision.Lowered && !layer.TakesLabels
            ? $"{MixedPrecision}.Forward({layer.FieldName}, {input})"
            : $"{layer.FieldName}.forward({input}{labels})";
    }

    private static string FieldType(LayerRecipe recipe) => recipe.Library == LayerLibrary.Block ? recipe.ClassName : $"global::{recipe.ModuleType}";

    /// <summary>The start of a recipe's construction expression, up to its argument list.</summary>
    private static string Construction(LayerRecipe recipe) => recipe.Library switch
    {
        LayerLibrary.TorchSharp => $"global::TorchSharp.torch.nn.{recipe.ClassName}",
        LayerLibrary.GanGen => $"new global::{recipe.ModuleType}",
        _ => $"new {recipe.ClassName}",
    };
}
