using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;

namespace GanGen.Spec.Yaml;

/// <summary>
/// A minimal YAML node tree that keeps every node's position and, unlike YamlDotNet's
/// representation model, keeps duplicate mapping keys so they can be reported by name.
/// </summary>
internal abstract class YamlNodeBase
{
    protected YamlNodeBase(Mark start, Mark end)
    {
        Start = start;
        End = end;
    }

    public Mark Start { get; }

    public Mark End { get; }

    /// <summary>A short description of the node's kind for messages ("a mapping", "a list").</summary>
    public abstract string KindText { get; }
}

internal sealed class YamlScalarNode : YamlNodeBase
{
    public YamlScalarNode(string value, ScalarStyle style, Mark start, Mark end)
        : base(start, end)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public ScalarStyle Style { get; }

    /// <summary>Quoted scalars are strings in YAML, never numbers or booleans.</summary>
    public bool IsPlain => Style == ScalarStyle.Plain;

    /// <summary>A plain scalar written as a decimal integer (it may still be too large for 64 bits).</summary>
    public bool IsInteger => IsPlain && IntegerPattern.IsMatch(Value);

    /// <summary>YAML's null: an empty plain scalar, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => IsPlain && (Value.Length == 0 || Value == "~" || Value == "null" || Value == "Null" || Value == "NULL");

    public override string KindText => IsNull ? "nothing" : $"'{Value}'";

    private static readonly Regex IntegerPattern = new("^[-+]?[0-9]+$", RegexOptions.CultureInvariant);

    /// <summary>Reads the scalar as a 64-bit integer; false when it is not an integer or does not fit.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        return IsInteger && long.TryParse(Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Reads a plain scalar as a number, YAML's <c>.inf</c> and <c>.nan</c> included; hexadecimal is not a float.</summary>
    public bool TryGetDouble(out double value)
    {
        value = 0;
        if (!IsPlain)
        {
            return false;
        }

        switch (Value)
        {
            case ".inf" or "+.inf" or ".Inf" or "+.Inf":
                value = double.PositiveInfinity;
                return true;
            case "-.inf" or "-.Inf":
                value = double.NegativeInfinity;
                return true;
            case ".nan" or ".NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && Value.IndexOfAny(new[] { 'x', 'X' }) < 0;
        }
    }
}

internal sealed class YamlListNode : YamlNodeBase
{
    public YamlListNode(IReadOnlyList<YamlNodeBase> items, Mark start, Mark end)
        : base(start, end) => Items = items;

    public IReadOnlyList<YamlNodeBase> Items { get; }

    public override string KindText => "a list";
}

internal sealed class YamlMapNode : YamlNodeBase
{
    public YamlMapNode(IReadOnlyList<KeyValuePair<YamlNodeBase, YamlNodeBase>> entries, Mark start, Mark end)
        : base(start, end) => Entries = entries;

    /// <summary>Entries in document order, duplicates included.</summary>
    public IReadOnlyList<KeyValuePair<YamlNodeBase, YamlNodeBase>> Entries { get; }

    public override string KindText => "a mapping";
}
