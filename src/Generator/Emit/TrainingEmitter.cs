using System.Globalization;
using System.Linq;
using GanGen.Spec.Model;
using GanGen.Spec.Training;

namespace GanGen.Generator.Emit;

/// <summary>
/// Writes a GAN's checked training settings as a C# object expression, so a compiled project trains
/// with exactly what the build validated, without reading the YAML again at run time.
/// </summary>
internal static class TrainingEmitter
{
    private static readonly string Settings = "global::" + typeof(TrainingSettings).FullName;

    public static void Emit(SourceWriter w, TrainingSettings? training)
    {
        w.Line("/// <summary>The GAN's <c>training:</c> settings as validated at build time, or <c>null</c> when the spec has none.</summary>");
        if (training is null)
        {
            w.Line($"public static {Settings}? {GeneratedMembers.Training} => null;");
            return;
        }

        var t = training;
        w.Line($"public static {Settings} {GeneratedMembers.Training} {{ get; }} = new(");
        w.Indent();
        w.Line($"Data: {Data(t.Data)},");
        w.Line($"Noise: new({Enum(t.Noise.Kind)}, Low: {D(t.Noise.Low)}, High: {D(t.Noise.High)}),");
        w.Line($"Loss: new({Enum(t.Loss.Kind)}, Logits: {B(t.Loss.Logits)}, LabelSmoothing: {D(t.Loss.LabelSmoothing)}, Penalty: {D(t.Loss.Penalty)}),");
        w.Line($"GeneratorOptimizer: {Optimizer(t.GeneratorOptimizer)},");
        w.Line($"DiscriminatorOptimizer: {Optimizer(t.DiscriminatorOptimizer)},");
        w.Line($"BatchSize: {L(t.BatchSize)},");
        w.Line($"Steps: {L(t.Steps)},");
        w.Line($"Epochs: {L(t.Epochs)},");
        w.Line($"DiscriminatorSteps: {L(t.DiscriminatorSteps)},");
        w.Line($"Pretrain: new(Steps: {L(t.Pretrain.Steps)}, LearningRate: {D(t.Pretrain.LearningRate)}, Low: {D(t.Pretrain.Low)}, High: {D(t.Pretrain.High)}),");
        w.Line($"Ema: new(Decay: {D(t.Ema.Decay)}, Start: {L(t.Ema.Start)}),");
        w.Line($"Init: new({Enum(t.Init.Kind)}, Std: {D(t.Init.Std)}),");
        w.Line($"Seed: {L(t.Seed)},");
        w.Line($"Device: {CSharpLiterals.String(t.Device)},");
        // Precision is an init property; float32, its default, is left unsaid.
        var precision = t.Precision == PrecisionKind.Float32 ? "" : $" {{ Precision = {Enum(t.Precision)} }}";
        w.Line($"SampleEvery: {L(t.SampleEvery)}){precision};");
        w.Outdent();
    }

    private static string Data(DataSettings data)
    {
        var means = data.Means.Count == 0
            ? "default"
            : "new(new[] { " + string.Join(", ", data.Means.Select(D)) + " })";
        return $"new({Enum(data.Kind)}, Path: {CSharpLiterals.String(data.Path)}, Means: {means}, Std: {D(data.Std)}, Scale: {Enum(data.Scale)})";
    }

    private static string Optimizer(OptimizerSettings o) =>
        $"new({Enum(o.Kind)}, LearningRate: {D(o.LearningRate)}, Beta1: {D(o.Beta1)}, Beta2: {D(o.Beta2)}, Momentum: {D(o.Momentum)}, "
        + $"Decay: new(Rate: {D(o.Decay.Rate)}, Steps: {L(o.Decay.Steps)}, Staircase: {B(o.Decay.Staircase)}))";

    private static string Enum<T>(T value)
        where T : struct, System.Enum => $"global::{typeof(T).FullName}.{value}";

    private static string D(double value) => CSharpLiterals.Double(value);

    private static string L(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string B(bool value) => value ? "true" : "false";
}
