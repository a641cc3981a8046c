using System.Linq;
using GanGen.Spec.Model;

namespace GanGen.Generator.Emit;

/// <summary>Writes the C# class of one resolved model. Output depends only on the model, so it is deterministic.</summary>
internal static class ModelEmitter
{
    private const string Tensor = "global::TorchSharp.torch.Tensor";
    private const string ShapeGuard = "global::GanGen.Runtime.Modules.ShapeGuard";

    public static string Emit(ResolvedModel model, string ns)
    {
        var w = new SourceWriter();
        EmitHeader.Write(w, model.Location.Path, ns);

        var labels = model.IsConditional ? $" and class labels ({model.Classes} classes)" : string.Empty;
        w.Line("/// <summary>");
        w.Line($"/// Model <c>{model.Name}</c>: input {model.Input}{labels} -> output {model.Output}, {ModelSummary.Count(model.ParameterCount)} parameters.");
        w.Line("/// </summary>");
        w.Line("/// <remarks>");
        w.Line("/// <code>");
        var summary = ModelSummary.Format(model).TrimEnd('\n').Split('\n');
        foreach (var line in summary)
        {
            w.Line("/// " + CSharpLiterals.Xml(line));
        }

        w.Line("/// </code>");
        w.Line("/// </remarks>");
        var baseType = model.IsConditional
            ? $"global::TorchSharp.torch.nn.Module<{Tensor}, {Tensor}, {Tensor}>"
            : $"global::TorchSharp.torch.nn.Module<{Tensor}, {Tensor}>";
        w.Line(EmitHeader.GeneratedCodeAttribute);
        w.OpenBlock($"public sealed partial class {model.Name} : {baseType}");

        EmitMetadata(w, model, summary);
        EmitFields(w, model);
        EmitConstructor(w, model);
        EmitForward(w, model);

        w.CloseBlock();
        return w.ToString();
    }

    private static void EmitMetadata(SourceWriter w, ResolvedModel model, string[] lines)
    {
        w.Line($"/// <summary>Per-sample input shape (the batch dimension is implicit): {model.Input}.</summary>");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<long> {GeneratedMembers.InputShape} {{ get; }} = {CSharpLiterals.LongArray(model.Input)};");
        w.Line();
        w.Line($"/// <summary>Per-sample output shape: {model.Output}.</summary>");
        w.Line($"public static global::System.Collections.Generic.IReadOnlyList<long> {GeneratedMembers.OutputShape} {{ get; }} = {CSharpLiterals.LongArray(model.Output)};");
        w.Line();
        w.Line("/// <summary>Number of trainable parameters.</summary>");
        w.Line($"public const long {GeneratedMembers.ParameterCount} = {model.ParameterCount};");
        w.Line();
        w.Line(model.IsConditional
            ? "/// <summary>Number of classes the labels index into.</summary>"
            : "/// <summary>Number of condition classes: 0, the model is unconditional.</summary>");
        w.Line($"public const int {GeneratedMembers.Classes} = {model.Classes};");
        w.Line();

        w.Line("/// <summary>The layer table: each layer's field, output shape and parameter count.</summary>");
        w.Line($"public const string {GeneratedMembers.Summary} =");
        for (var i = 0; i < lines.Length; i++)
        {
            w.Line("    " + CSharpLiterals.String(lines[i] + "\n") + (i == lines.Length - 1 ? ";" : " +"));
        }

        w.Line();
    }

    private static void EmitFields(SourceWriter w, ResolvedModel model)
    {
        foreach (var layer in model.Layers)
        {
            var parameters = layer.ParameterCount == 0 ? "no parameters" : $"{ModelSummary.Count(layer.ParameterCount)} parameters";
            w.Line($"/// <summary>{layer.Kind}: {layer.Input} -> {layer.Output}, {parameters} (YAML line {layer.Location.Line + 1}).</summary>");
            w.Line($"private readonly global::{layer.Recipe.ModuleType} {layer.FieldName};");
            w.Line();
        }
    }

    private static void EmitConstructor(SourceWriter w, ResolvedModel model)
    {
        w.Line("/// <summary>Creates the model with freshly initialised weights (PyTorch's default initialisation).</summary>");
        w.Line($"public {model.Name}()");
        w.OpenBlock($"    : base(nameof({model.Name}))");
        foreach (var layer in model.Layers)
        {
            var args = string.Join(", ", layer.Args.Select(a => $"{a.Name}: {CSharpLiterals.Of(a.Value)}"));
            w.Line($"{layer.FieldName} = {Construction(layer.Recipe)}({args});");
        }

        w.Line("RegisterComponents();");
        w.CloseBlock();
        w.Line();
    }

    /// <summary>The start of a recipe's construction expression, up to its argument list.</summary>
    private static string Construction(LayerRecipe recipe) => recipe.Library == LayerLibrary.TorchSharp
        ? $"global::TorchSharp.torch.nn.{recipe.ClassName}"
        : $"new global::{recipe.ModuleType}";

    private static void EmitForward(SourceWriter w, ResolvedModel model)
    {
        w.Line("/// <summary>Runs the model on a batch.</summary>");
        w.Line($"/// <param name=\"input\">A batch shaped [batch,{string.Join(",", model.Input.Dims)}].</param>");
        if (model.IsConditional)
        {
            w.Line($"/// <param name=\"labels\">Class indices in [0, {model.Classes}), int64 [batch].</param>");
        }

        w.Line($"/// <returns>A batch shaped [batch,{string.Join(",", model.Output.Dims)}].</returns>");
        w.Line($"/// <exception cref=\"global::System.ArgumentException\">The input{(model.IsConditional ? " or labels have" : " has")} the wrong shape.</exception>");
        var parameters = model.IsConditional ? $"{Tensor} input, {Tensor} labels" : $"{Tensor} input";
        w.OpenBlock($"public override {Tensor} {GeneratedMembers.Forward}({parameters})");
        w.Line($"{ShapeGuard}.CheckInput(nameof({model.Name}), input, {GeneratedMembers.InputShape});");
        if (model.IsConditional)
        {
            w.Line($"{ShapeGuard}.CheckLabels(nameof({model.Name}), input, labels);");
        }

        w.Line("var x = input;");
        foreach (var layer in model.Layers)
        {
            w.Line(layer.TakesLabels ? $"x = {layer.FieldName}.forward(x, labels);" : $"x = {layer.FieldName}.forward(x);");
        }

        w.Line("return x;");
        w.CloseBlock();
    }
}

/// <summary>The lines every generated file starts with.</summary>
internal static class EmitHeader
{
    public const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"GanGen\", \"1.0\")]";

    public static void Write(SourceWriter w, string specPath, string ns)
    {
        w.Line("// <auto-generated>");
        // The file name only, split on both separators: the output must not depend on where the
        // repository lives, nor on which OS wrote the path.
        var fileName = specPath.Substring(specPath.LastIndexOfAny(new[] { '/', '\\' }) + 1);
        w.Line($"// Generated by GanGen from {fileName}. Edit the YAML and rebuild; changes to this file are lost.");
        w.Line("// </auto-generated>");
        w.Line("#nullable enable");
        w.Line();
        w.Line($"namespace {ns};");
        w.Line();
    }
}
