using System.Linq;
using GanGen.Spec.Model;

namespace GanGen.Generator.Emit;

/// <summary>Writes the C# class of one resolved model. Output depends only on the model, so it is deterministic.</summary>
internal static class ModelEmitter
{
    private const string Tensor = BodyEmitter.Tensor;
    private const string ShapeGuard = "global::GanGen.Runtime.Modules.ShapeGuard";

    public static string Emit(ResolvedModel model, string ns)
    {
        var w = new SourceWriter();
        EmitHeader.Write(w, model.Location.Path, ns);

        var labels = model.IsConditional ? $" and class labels ({model.Classes} classes)" : string.Empty;
        var summary = ModelSummary.Format(model).TrimEnd('\n').Split('\n');
        BodyEmitter.EmitClassDocs(w, $"Model <c>{model.Name}</c>: input {model.Input}{labels} -> output {model.Output}, {ModelSummary.Count(model.ParameterCount)} parameters.", summary);
        w.Line(EmitHeader.GeneratedCodeAttribute);
        w.OpenBlock($"public sealed partial class {model.Name} : {BodyEmitter.BaseType(model.IsConditional)}");

        EmitMetadata(w, model, summary);
        BodyEmitter.EmitFields(w, model.Body);
        EmitConstructor(w, model);
        BodyEmitter.EmitNoFieldRegistration(w);
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

    private static void EmitConstructor(SourceWriter w, ResolvedModel model)
    {
        w.Line("/// <summary>Creates the model with freshly initialised weights (PyTorch's default initialisation).</summary>");
        w.Line($"public {model.Name}()");
        w.OpenBlock($"    : base(nameof({model.Name}))");
        BodyEmitter.EmitConstruction(w, model.Body);
        w.CloseBlock();
        w.Line();
    }

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

        BodyEmitter.EmitForwardBody(w, model.Body, float32Output: true);
        w.CloseBlock();
    }
}
