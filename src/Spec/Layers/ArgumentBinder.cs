using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Layers;

/// <summary>Reads a layer entry's YAML arguments into typed values, reporting each problem at its node.</summary>
internal static class ArgumentBinder
{
    /// <summary>Binds <paramref name="value"/> (the part after <c>LayerName:</c>) into <paramref name="context"/>.</summary>
    public static void Bind(LayerContext context, YamlNodeBase? value)
    {
        var definition = context.Definition;

        // Arguments that were written, valid or not: a bad value must not also read as a missing one.
        var written = new HashSet<string>(StringComparer.Ordinal);
        switch (value)
        {
            case null:
            case YamlScalarNode { IsNull: true }:
                break;
            case YamlListNode list when definition.TakesList:
                context.ListValue = list;
                break;
            case YamlMapNode map:
                foreach (var entry in map.Entries)
                {
                    if (BindEntry(context, entry.Key, entry.Value) is { } name)
                    {
                        written.Add(name);
                    }
                }

                break;
            default:
                var expected = definition.TakesList ? "a list of sizes" : "a mapping of arguments { name: value }";
                context.Error(DiagnosticCatalog.InvalidStructure, value, $"{definition.Name} takes {expected}, but is followed by {value.KindText}");
                return;
        }

        foreach (var argument in definition.Arguments.Where(a => a.Required && !written.Contains(a.Name)))
        {
            context.Error(DiagnosticCatalog.MissingArgument, $"{definition.Name} needs argument '{argument.Name}'");
        }

        if (definition.TakesList && context.ListValue is null)
        {
            context.Error(DiagnosticCatalog.MissingArgument, $"{definition.Name} needs its target shape as a list, e.g. '- {definition.Name}: [256, 7, 7]'");
        }
    }

    /// <summary>Binds one argument; returns its name when it is a known argument, whatever its value.</summary>
    private static string? BindEntry(LayerContext context, YamlNodeBase keyNode, YamlNodeBase valueNode)
    {
        var definition = context.Definition;
        if (keyNode is not YamlScalarNode key)
        {
            context.Error(DiagnosticCatalog.InvalidStructure, keyNode, $"Argument names of {definition.Name} must be plain names, but one is {keyNode.KindText}");
            return null;
        }

        var spec = definition.Arguments.FirstOrDefault(a => a.Name == key.Value);
        if (spec is null)
        {
            var known = definition.Arguments.Count == 0 ? "it takes no arguments" : "expected one of: " + string.Join(", ", definition.Arguments.Select(a => a.Name));
            context.Error(DiagnosticCatalog.UnknownArgument, key, $"Unknown argument '{key.Value}' for {definition.Name}; {known}");
            return null;
        }

        if (context.Has(spec.Name))
        {
            context.Error(DiagnosticCatalog.DuplicateName, key, $"Argument '{spec.Name}' of {definition.Name} is given twice");
            return spec.Name;
        }

        var parsed = Parse(spec, valueNode, out var rangeProblem);
        if (parsed is null)
        {
            context.Error(DiagnosticCatalog.WrongType, valueNode, $"Argument '{spec.Name}' of {definition.Name} must be {spec.TypeText}, but is {valueNode.KindText}");
        }
        else if (rangeProblem is not null)
        {
            context.Error(DiagnosticCatalog.OutOfRange, valueNode, $"Argument '{spec.Name}' of {definition.Name} {rangeProblem}");
        }
        else
        {
            context.SetValue(spec.Name, parsed, valueNode);
        }

        return spec.Name;
    }

    /// <summary>Parses a value; <c>null</c> means the wrong type, <paramref name="rangeProblem"/> a bad value.</summary>
    private static object? Parse(ArgSpec spec, YamlNodeBase node, out string? rangeProblem)
    {
        rangeProblem = null;
        switch (spec.Type)
        {
            case ArgType.Bool:
                return node is YamlScalarNode { IsPlain: true } b && bool.TryParse(b.Value, out var flag) ? flag : null;
            case ArgType.Float:
                return ParseFloats(spec, node, 1, out rangeProblem) is { } number ? number[0] : null;
            case ArgType.FloatPair:
                return ParseFloats(spec, node, 2, out rangeProblem);
            case ArgType.Word:
                if (node is not YamlScalarNode { IsNull: false } word)
                {
                    return null;
                }

                // Any other word (PyTorch's 'bicubic', a typo) is a value this argument does not take.
                rangeProblem = spec.Words.Any(w => w.Word == word.Value) ? null : $"must be {spec.TypeText}, but is '{word.Value}'";
                return word.Value;
            case ArgType.Padding when node is YamlScalarNode { Value: "same" or "valid" } padding:
                return padding.Value;
            case ArgType.Int:
                return ParseInts(spec, node, 1, out rangeProblem) is { } single ? single[0] : null;
            case ArgType.IntQuad:
                return ParseInts(spec, node, 4, out rangeProblem);
            default:
                var pair = ParseInts(spec, node, 2, out rangeProblem);
                return pair is null ? null : new Pair(pair[0], pair[1]);
        }
    }

    /// <summary>Reads an integer (repeated <paramref name="count"/> times) or a list of exactly <paramref name="count"/> integers.</summary>
    private static long[]? ParseInts(ArgSpec spec, YamlNodeBase node, int count, out string? rangeProblem)
    {
        rangeProblem = null;
        var scalars = Scalars(node, count);
        if (scalars is null)
        {
            return null;
        }

        var values = new long[scalars.Length];
        for (var i = 0; i < scalars.Length; i++)
        {
            if (!scalars[i].IsInteger)
            {
                return null;
            }

            if (!scalars[i].TryGetInt64(out values[i]))
            {
                rangeProblem = $"is too large for a 64-bit integer: {scalars[i].Value}";

                // Only the problem is read, but a pair or quad is still unpacked from it: keep its length.
                return new long[count];
            }

            rangeProblem ??= Describe(spec.Check?.Invoke(values[i]), scalars[i].Value);
        }

        return scalars.Length == 1 ? Enumerable.Repeat(values[0], count).ToArray() : values;
    }

    /// <summary>Reads a finite number (repeated <paramref name="count"/> times) or a list of exactly <paramref name="count"/> numbers.</summary>
    private static double[]? ParseFloats(ArgSpec spec, YamlNodeBase node, int count, out string? rangeProblem)
    {
        rangeProblem = null;
        var scalars = Scalars(node, count);
        if (scalars is null)
        {
            return null;
        }

        var values = new double[scalars.Length];
        for (var i = 0; i < scalars.Length; i++)
        {
            if (!scalars[i].TryGetDouble(out values[i]))
            {
                return null;
            }

            rangeProblem ??= double.IsNaN(values[i]) || double.IsInfinity(values[i])
                ? "must be a finite number, but is " + scalars[i].Value
                : Describe(spec.Check?.Invoke(values[i]), scalars[i].Value);
        }

        return scalars.Length == 1 ? Enumerable.Repeat(values[0], count).ToArray() : values;
    }

    /// <summary>The node as one scalar, or as a list of exactly <paramref name="count"/> scalars; <c>null</c> otherwise.</summary>
    private static YamlScalarNode[]? Scalars(YamlNodeBase node, int count) => node switch
    {
        YamlScalarNode scalar => new[] { scalar },
        YamlListNode list when count > 1 && list.Items.Count == count && list.Items.All(i => i is YamlScalarNode) =>
            list.Items.Cast<YamlScalarNode>().ToArray(),
        _ => null,
    };

    private static string? Describe(string? problem, string value) => problem is null ? null : $"{problem}, but is {value}";
}
