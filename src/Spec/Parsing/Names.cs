using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Layers;
using GanGen.Spec.Model;

namespace GanGen.Spec.Parsing;

/// <summary>Which names can become generated C# type names.</summary>
internal static class Names
{
    private static readonly HashSet<string> Keywords = new(new[]
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    });

    /// <summary>
    /// Why <paramref name="name"/> cannot be a type name, or <c>null</c>. Names are ASCII identifiers:
    /// they become class and file names, and ASCII keeps both portable.
    /// </summary>
    public static string? Problem(string name)
    {
        if (name.Length == 0)
        {
            return "a name cannot be empty";
        }

        if (name.Length > 128)
        {
            return "names are limited to 128 characters";
        }

        if (!IsAsciiLetter(name[0]) && name[0] != '_')
        {
            return "a name must start with an ASCII letter or '_'";
        }

        if (name.Any(c => !IsAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_'))
        {
            return "a name may contain only ASCII letters, digits and '_'";
        }

        if (Keywords.Contains(name))
        {
            return "it is a C# keyword";
        }

        if (name.All(c => c >= 'a' && c <= 'z'))
        {
            // C# reserves such names for future keywords: the class would compile with warning CS8981.
            return "a name of lower-case letters only may become a C# keyword; start it with a capital letter";
        }

        return GeneratedMembers.All.Contains(name) || IsLayerField(name) ? "a generated class has a member of that name" : null;
    }

    /// <summary>
    /// Why <paramref name="name"/> cannot name a graph node, or <c>null</c>. A node becomes a local variable of
    /// the generated forward (escaped with <c>@</c> where it is a C# keyword, as <c>out</c>) and a child
    /// module's name, so it is an ASCII identifier, and neither <c>input</c> nor <c>labels</c>, which the
    /// forward's parameters are called.
    /// </summary>
    public static string? NodeProblem(string name)
    {
        if (name is ResolvedNode.InputName or "labels")
        {
            return $"'{name}' is reserved for the forward's {name}";
        }

        if (name.Length == 0 || (!IsAsciiLetter(name[0]) && name[0] != '_') || name.Any(c => !IsAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '_'))
        {
            return "a node name is an ASCII identifier: letters, digits and '_', not starting with a digit";
        }

        return name.Length > 128 ? "names are limited to 128 characters" : null;
    }

    /// <summary>
    /// Whether <paramref name="name"/> has the form of a layer field (a field prefix and the layer's index,
    /// <c>linear0</c>): a model class cannot be named like one of its fields either.
    /// </summary>
    private static bool IsLayerField(string name) =>
        LayerCatalog.FieldPrefixes.Any(prefix => name.Length > prefix.Length
            && name.StartsWith(prefix, System.StringComparison.Ordinal)
            && name.Skip(prefix.Length).All(c => c >= '0' && c <= '9'));

    private static bool IsAsciiLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
