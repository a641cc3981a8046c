using System.Text;

namespace GanGen.Generator.Emit;

/// <summary>An indenting writer for generated C#; lines always end in <c>\n</c> so output is identical on every OS.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder text = new();
    private int indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            text.Append(' ', indent * 4).Append(line);
        }

        text.Append('\n');
    }

    public void OpenBlock(string header)
    {
        Line(header);
        Line("{");
        indent++;
    }

    public void CloseBlock(string suffix = "")
    {
        indent--;
        Line("}" + suffix);
    }

    /// <summary>Indents continuation lines of a long expression.</summary>
    public void Indent() => indent++;

    public void Outdent() => indent--;

    public override string ToString() => text.ToString();
}
