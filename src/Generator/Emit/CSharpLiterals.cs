using System.Globalization;
using System.Linq;
using System.Text;
using GanGen.Spec.Model;

namespace GanGen.Generator.Emit;

/// <summary>Formats values as C# source.</summary>
internal static class CSharpLiterals
{
    public static string Of(ArgValue value) => value.Kind switch
    {
        ArgKind.Int => value.Int.ToString(CultureInfo.InvariantCulture),
        ArgKind.Float => Double(value.Float),
        ArgKind.Bool => value.Bool ? "true" : "false",
        ArgKind.IntList => "new long[] { " + Longs(value) + " }",
        ArgKind.FloatList => "new double[] { " + string.Join(", ", value.Floats.Select(Double)) + " }",
        ArgKind.Enum => "global::" + value.Text,
        _ => "(" + Longs(value) + ")",
    };

    public static string LongArray(Shape shape) => "new long[] { " + string.Join(", ", shape.Dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + " }";

    public static string String(string value)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                // C# ends a line at U+0085, U+2028 and U+2029 too, and a lone surrogate is no character:
                // written as themselves they break the literal (CS1010) or the file's encoding.
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    public static string Xml(string value) => value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    public static string Double(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var exponent = text.IndexOf('E');
        if (exponent >= 0)
        {
            // "R" writes 1e-5 as "1E-05"; write it as a person would. The exponent alone makes it a double.
            return text.Substring(0, exponent) + "e" + int.Parse(text.Substring(exponent + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        return text.IndexOf('.') >= 0 ? text : text + ".0";
    }

    private static string Longs(ArgValue value) => string.Join(", ", value.Ints.Select(i => i.ToString(CultureInfo.InvariantCulture)));
}
