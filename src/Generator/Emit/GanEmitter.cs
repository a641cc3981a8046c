using GanGen.Spec.Model;

namespace GanGen.Generator.Emit;

/// <summary>Writes the static class that names a GAN's generator and discriminator.</summary>
internal static class GanEmitter
{
    public static string Emit(ResolvedGan gan, string ns)
    {
        var w = new SourceWriter();
        EmitHeader.Write(w, gan.Location.Path, ns);
        w.Line($"/// <summary>GAN <c>{gan.Name}</c>: generator <see cref=\"{gan.Generator}\"/>, discriminator <see cref=\"{gan.Discriminator}\"/>.</summary>");
        w.Line(EmitHeader.GeneratedCodeAttribute);
        w.OpenBlock($"public static partial class {gan.Name}");
        w.Line("/// <summary>The GAN's name in the spec.</summary>");
        w.Line($"public const string {GeneratedMembers.Name} = \"{gan.Name}\";");
        w.Line();
        w.Line("/// <summary>Creates a freshly initialised generator.</summary>");
        w.Line($"public static {gan.Generator} {GeneratedMembers.CreateGenerator}() => new {gan.Generator}();");
        w.Line();
        w.Line("/// <summary>Creates a freshly initialised discriminator.</summary>");
        w.Line($"public static {gan.Discriminator} {GeneratedMembers.CreateDiscriminator}() => new {gan.Discriminator}();");
        w.Line();
        TrainingEmitter.Emit(w, gan.Training);
        w.Line();
        w.Line("/// <summary>The GAN as GanGen's runtime trains it: model factories, shapes, classes and training settings.</summary>");
        w.Line($"public static global::GanGen.Runtime.Runs.GanDefinition {GeneratedMembers.Definition} {{ get; }} = new(");
        w.Indent();
        w.Line($"{GeneratedMembers.Name}, {gan.Generator}.{GeneratedMembers.InputShape}, {gan.Generator}.{GeneratedMembers.OutputShape}, {gan.Generator}.{GeneratedMembers.Classes}, {GeneratedMembers.Training},");
        w.Line($"static () => new {gan.Generator}(), static () => new {gan.Discriminator}());");
        w.Outdent();
        w.CloseBlock();
        return w.ToString();
    }
}
