using System.Collections.Generic;
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
        var extras = Extras(t);
        w.Line($"SampleEvery: {L(t.SampleEvery)}){(extras.Length == 0 ? ";" : "")}");
        w.Outdent();
        if (extras.Length > 0)
        {
            w.Line("{");
            w.Indent();
            foreach (var extra in extras)
            {
                w.Line(extra + ",");
            }

            w.Outdent();
            w.Line("};");
        }
    }

    private static string Data(DataSettings data)
    {
        var means = data.Means.Count == 0
            ? "default"
            : "new(new[] { " + string.Join(", ", data.Means.Select(D)) + " })";
        var image = data.Size > 0 ? $" {{ Size = {L(data.Size)}, Channels = {L(data.Channels)} }}" : "";
        return $"new({Enum(data.Kind)}, Path: {CSharpLiterals.String(data.Path)}, Means: {means}, Std: {D(data.Std)}, Scale: {Enum(data.Scale)}){image}";
    }

    /// <summary>The settings written as initializers, only where they differ from their defaults, so older GANs' code stays as it was.</summary>
    private static string[] Extras(TrainingSettings t)
    {
        var extras = new List<string>();

        // Init properties; their defaults (no augmentation, no R1, float32) are left unsaid.
        if (t.Precision != PrecisionKind.Float32)
        {
            extras.Add($"Precision = {Enum(t.Precision)}");
        }

        if (t.Augment.Any)
        {
            extras.Add($"Augment = new(Color: {B(t.Augment.Color)}, Translation: {B(t.Augment.Translation)}, Cutout: {B(t.Augment.Cutout)})");
        }

        if (t.R1.Gamma > 0)
        {
            extras.Add($"R1 = new(Gamma: {D(t.R1.Gamma)}, Every: {L(t.R1.Every)})");
        }

        return extras.ToArray();
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
