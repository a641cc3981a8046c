using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using GanGen.Runtime.Layers;
using GanGen.Spec.Model;
using static TorchSharp.torch;

namespace GanGen.Runtime.Specs;

/// <summary>
/// Builds the module of a resolved layer by carrying out its <see cref="LayerRecipe"/>: the run-time twin
/// of the generator's emitter. Where the emitter writes <c>torch.nn.Conv2d(in_channels: 1, ...)</c>, this
/// calls the same factory with the same named arguments, so both paths build identical modules and a new
/// layer needs no code here.
/// </summary>
/// <remarks>
/// Reflection, because the recipe is data in the spec engine (which cannot reference TorchSharp) and the
/// alternative is a second, hand-kept list of every layer's constructor call. Overloads are chosen by
/// parameter names and types, as the C# compiler binds the emitter's named arguments; a recipe that
/// matches no overload or several equally good ones is a bug in the catalog and fails loudly here and in
/// its tests.
/// </remarks>
internal static class LayerFactory
{
    private const BindingFlags PublicStatic = BindingFlags.Public | BindingFlags.Static;

    public static nn.Module Create(ResolvedLayer layer)
    {
        if (layer.Block is { } block)
        {
            return new SpecBlock(block);
        }

        var recipe = layer.Recipe;
        var builders = recipe.Library == LayerLibrary.TorchSharp
            ? typeof(nn).GetMethods(PublicStatic).Where(m => m.Name == recipe.ClassName).Cast<MethodBase>()
            : GanGenLayer(recipe).GetConstructors();
        var matches = builders
            .Select(builder => (Builder: builder, Arguments: Bind(builder.GetParameters(), layer.Args)))
            .Where(m => m.Arguments is not null)
            .ToArray();

        // C#'s tie-break, as for the emitter's call: an overload that needs fewer defaults is better.
        var fewestParameters = matches.Length == 0 ? 0 : matches.Min(m => m.Builder.GetParameters().Length);
        matches = matches.Where(m => m.Builder.GetParameters().Length == fewestParameters).ToArray();
        if (matches.Length != 1)
        {
            var signature = string.Join(", ", layer.Args.Select(a => $"{a.Name}: {a.Value.Kind}"));
            throw new InvalidOperationException(
                $"{recipe.ModuleType} has {(matches.Length == 0 ? "no" : "more than one")} factory or constructor taking ({signature}), as layer '{layer.FieldName}' ({layer.Kind}) needs");
        }

        var (chosen, arguments) = matches[0];
        var module = chosen is ConstructorInfo constructor ? constructor.Invoke(arguments) : chosen.Invoke(null, arguments);
        return (nn.Module)module!;
    }

    private static Type GanGenLayer(LayerRecipe recipe) =>
        typeof(Reshape).Assembly.GetType(recipe.ModuleType)
        ?? throw new InvalidOperationException($"GanGen.Runtime has no layer class {recipe.ModuleType}");

    /// <summary>The call's argument array, or <c>null</c> when the parameters cannot take these named arguments.</summary>
    private static object?[]? Bind(ParameterInfo[] parameters, IReadOnlyList<LayerArg> args)
    {
        if (args.Any(a => parameters.All(p => p.Name != a.Name)))
        {
            return null;
        }

        var values = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var arg = args.FirstOrDefault(a => a.Name == parameter.Name);
            if (arg.Name is null)
            {
                if (!parameter.IsOptional)
                {
                    return null;
                }

                values[i] = parameter.DefaultValue;
            }
            else if (Convert(arg.Value, Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType) is { } value)
            {
                values[i] = value;
            }
            else
            {
                return null;
            }
        }

        return values;
    }

    /// <summary>The value as the parameter's type, or <c>null</c> when the type does not take this kind of value.</summary>
    private static object? Convert(ArgValue value, Type type) => value.Kind switch
    {
        ArgKind.Int when type == typeof(long) => value.Int,
        ArgKind.Float when type == typeof(double) => value.Float,
        ArgKind.Bool when type == typeof(bool) => value.Bool,
        ArgKind.Pair when type == typeof((long, long)) => (value.Ints[0], value.Ints[1]),
        ArgKind.Quad when type == typeof((long, long, long, long)) => (value.Ints[0], value.Ints[1], value.Ints[2], value.Ints[3]),
        ArgKind.IntList when type == typeof(long[]) => value.Ints.ToArray(),
        ArgKind.FloatList when type == typeof(double[]) => value.Floats.ToArray(),
        // The recipe names the enum as C# does, nested types dotted where reflection joins them with '+'.
        ArgKind.Enum when type.IsEnum && type.FullName!.Replace('+', '.') == value.EnumType && Enum.IsDefined(type, value.EnumMember) =>
            Enum.Parse(type, value.EnumMember),
        _ => null,
    };
}
