using GanGen.Spec.Model;

namespace GanGen.Generator.Emit;

/// <summary>
/// Writes the class of one block instantiation: the block's layers, built with the arguments and input
/// shape of its uses, as a module that models (and other blocks) hold as one child.
/// </summary>
internal static class BlockEmitter
{
    public static string Emit(ResolvedBlock block, string ns)
    {
        var w = new SourceWriter();
        EmitHeader.Write(w, block.Location.Path, ns);
        var labels = block.TakesLabels ? " and class labels" : string.Empty;
        BodyEmitter.EmitClassDocs(
            w,
            $"Block <c>{block.BlockName}</c> as first used: input {block.Input}{labels} -> output {block.Output}, {ModelSummary.Count(block.ParameterCount)} parameters; uses at other heights and widths share this class.",
            ModelSummary.Format(block).TrimEnd('\n').Split('\n'));
        w.Line(EmitHeader.GeneratedCodeAttribute);
        w.OpenBlock($"public sealed partial class {block.ClassName} : {BodyEmitter.BaseType(block.TakesLabels)}");
        BodyEmitter.EmitFields(w, block.Body);

        w.Line("/// <summary>Creates the block with freshly initialised weights.</summary>");
        w.Line($"public {block.ClassName}()");
        w.OpenBlock($"    : base(nameof({block.ClassName}))");
        BodyEmitter.EmitConstruction(w, block.Body);
        w.CloseBlock();
        w.Line();
        BodyEmitter.EmitNoFieldRegistration(w);

        var tensor = BodyEmitter.Tensor;
        w.Line("/// <summary>Runs the block on a batch (its model has checked the input).</summary>");
        w.OpenBlock($"public override {tensor} forward({(block.TakesLabels ? $"{tensor} input, {tensor} labels" : $"{tensor} input")})");
        BodyEmitter.EmitForwardBody(w, block.Body, float32Output: false);
        w.CloseBlock();
        w.CloseBlock();
        return w.ToString();
    }
}
