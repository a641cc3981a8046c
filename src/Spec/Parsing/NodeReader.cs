using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Training;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Parsing;

/// <summary>
/// Reads the common shapes of the spec language (keyed mappings, name-to-entry sections, numbers) and
/// reports each problem at the node it concerns.
/// </summary>
internal sealed class NodeReader
{
    private readonly SpecDiagnosticBag diagnostics;

    public NodeReader(SpecDiagnosticBag diagnostics) => this.diagnostics = diagnostics;

    public SpecDiagnosticBag Diagnostics => diagnostics;

    public void Error(DiagnosticKind kind, YamlNodeBase? node, string message)
    {
        // A missing node (an empty document) is reported at the start of the file.
        diagnostics.Add(kind, node?.Start ?? YamlDotNet.Core.Mark.Empty, node?.End ?? YamlDotNet.Core.Mark.Empty, message);
    }

    /// <summary>Reads a mapping with known keys, reporting unknown, duplicate and missing ones.</summary>
    public Dictionary<string, YamlNodeBase> ReadKeys(YamlMapNode map, string owner, string[] allowed, string[] required, YamlNodeBase? ownerNode = null)
    {
        var found = new Dictionary<string, YamlNodeBase>(System.StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (entry.Key is not YamlScalarNode key || !allowed.Contains(key.Value))
            {
                var keyText = entry.Key is YamlScalarNode s ? $"'{s.Value}'" : entry.Key.KindText;
                Error(DiagnosticCatalog.InvalidStructure, entry.Key, $"Unknown key {keyText} in {owner}; expected {string.Join(", ", allowed.Select(a => a + ":"))}");
            }
            else if (found.ContainsKey(key.Value))
            {
                Error(DiagnosticCatalog.DuplicateName, key, $"Key '{key.Value}' appears twice in {owner}");
            }
            else
            {
                found[key.Value] = entry.Value;
            }
        }

        foreach (var missing in required.Where(r => !found.ContainsKey(r)))
        {
            Error(DiagnosticCatalog.InvalidStructure, ownerNode ?? map, $"{Capitalize(owner)} has no '{missing}:'");
        }

        return found;
    }

    /// <summary>The entries of a section mapping; an empty section has none.</summary>
    public IEnumerable<KeyValuePair<YamlNodeBase, YamlNodeBase>> Entries(YamlNodeBase node, string section, string expected)
    {
        if (node is YamlScalarNode { IsNull: true })
        {
            return Enumerable.Empty<KeyValuePair<YamlNodeBase, YamlNodeBase>>();
        }

        if (node is YamlMapNode map)
        {
            return map.Entries;
        }

        Error(DiagnosticCatalog.InvalidStructure, node, $"{section} must be {expected}, but is {node.KindText}");
        return Enumerable.Empty<KeyValuePair<YamlNodeBase, YamlNodeBase>>();
    }

    /// <summary>
    /// Splits a "choice" node: a bare name (<c>loss: hinge</c>) or a one-key mapping from the name to
    /// its options (<c>loss: { wasserstein-gp: { penalty: 10 } }</c>).
    /// </summary>
    /// <summary>
    /// Reads a choice among <paramref name="words"/>, written bare (<c>hinge</c>) or with options
    /// (<c>{ wasserstein-gp: { penalty: 10 } }</c>).
    /// </summary>
    public (YamlScalarNode Name, T Value, YamlMapNode? Options)? Choice<T>(YamlNodeBase node, string what, NamedValues<T> words)
        where T : struct, System.Enum
    {
        var nameNode = node;
        YamlNodeBase? options = null;
        if (node is YamlMapNode { Entries.Count: 1 } single)
        {
            nameNode = single.Entries[0].Key;
            options = single.Entries[0].Value;
        }

        if (nameNode is not YamlScalarNode { IsNull: false } name || words.Find(name.Value) is not { } value)
        {
            Error(DiagnosticCatalog.InvalidStructure, nameNode, $"{Capitalize(what)} must be one of {string.Join(", ", words.Names)} (optionally with {{ options }}), but is {nameNode.KindText}");
            return null;
        }

        if (options is null || options is YamlScalarNode { IsNull: true })
        {
            return (name, value, null);
        }

        if (options is not YamlMapNode map)
        {
            Error(DiagnosticCatalog.InvalidStructure, options, $"The options of {what} '{name.Value}' must be a mapping, but are {options.KindText}");
            return null;
        }

        return (name, value, map);
    }

    public long? Integer(YamlNodeBase node, string what, long min, long max = long.MaxValue)
    {
        if (node is not YamlScalarNode { IsInteger: true } scalar)
        {
            Error(DiagnosticCatalog.WrongType, node, $"{Capitalize(what)} must be an integer, but is {node.KindText}");
            return null;
        }

        if (!scalar.TryGetInt64(out var value) || value < min || value > max)
        {
            var range = max == long.MaxValue ? $"at least {min}" : $"from {min} to {max}";
            Error(DiagnosticCatalog.OutOfRange, node, $"{Capitalize(what)} must be {range}, but is {scalar.Value}");
            return null;
        }

        return value;
    }

    /// <summary>A finite number; <paramref name="check"/> returns a problem ("must be positive") or null.</summary>
    public double? Number(YamlNodeBase node, string what, System.Func<double, string?>? check = null)
    {
        if (node is not YamlScalarNode scalar || !scalar.TryGetDouble(out var value))
        {
            Error(DiagnosticCatalog.WrongType, node, $"{Capitalize(what)} must be a number, but is {node.KindText}");
            return null;
        }

        var problem = double.IsNaN(value) || double.IsInfinity(value) ? "must be a finite number" : check?.Invoke(value);
        if (problem is not null)
        {
            Error(DiagnosticCatalog.OutOfRange, node, $"{Capitalize(what)} {problem}, but is {scalar.Value}");
            return null;
        }

        return value;
    }

    public bool? Boolean(YamlNodeBase node, string what)
    {
        if (node is YamlScalarNode { IsPlain: true } scalar && bool.TryParse(scalar.Value, out var flag))
        {
            return flag;
        }

        Error(DiagnosticCatalog.WrongType, node, $"{Capitalize(what)} must be true or false, but is {node.KindText}");
        return null;
    }

    public string? Text(YamlNodeBase node, string what)
    {
        if (node is YamlScalarNode { IsNull: false } scalar)
        {
            return scalar.Value;
        }

        Error(DiagnosticCatalog.WrongType, node, $"{Capitalize(what)} must be a string, but is {node.KindText}");
        return null;
    }

    public static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
