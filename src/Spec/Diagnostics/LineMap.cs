using System.Collections.Generic;

namespace GanGen.Spec.Diagnostics;

/// <summary>
/// Turns character offsets into 0-based lines and columns, breaking lines where Roslyn's
/// <c>SourceText</c> does (<c>\r\n</c>, <c>\r</c>, <c>\n</c>, U+0085, U+2028, U+2029), so the line and
/// column MSBuild prints always agree with the span the IDE highlights.
/// </summary>
/// <remarks>
/// YamlDotNet's own line and column counts disagree with its offsets in places (an error at the end of
/// a file without a final line break is placed on a line past the end); offsets are always right.
/// </remarks>
internal sealed class LineMap
{
    private readonly List<int> lineStarts = new() { 0 };

    public LineMap(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
            }

            if (c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029')
            {
                lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The 0-based line and column of <paramref name="offset"/>.</summary>
    public (int Line, int Column) Position(int offset)
    {
        var found = lineStarts.BinarySearch(offset);
        var line = found >= 0 ? found : ~found - 1;
        return (line, offset - lineStarts[line]);
    }
}
