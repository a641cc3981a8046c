using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Collections;
using YamlDotNet.Core;

namespace GanGen.Spec.Diagnostics;

/// <summary>Collects diagnostics for one spec file, turning YamlDotNet marks into <see cref="SpecLocation"/>s.</summary>
internal sealed class SpecDiagnosticBag
{
    private readonly List<SpecDiagnostic> items = new();
    private readonly string path;
    private readonly int textLength;
    private readonly LineMap lines;

    public SpecDiagnosticBag(string path, string text)
    {
        this.path = path;
        textLength = text.Length;
        lines = new LineMap(text);
    }

    public bool HasErrors => items.Count > 0;

    /// <summary>
    /// Appended to every message while set: where a block's entry was used from, so that an error inside a
    /// block names both the entry and the use site that gave it its input and arguments.
    /// </summary>
    public string Context { get; set; } = string.Empty;

    public int Count => items.Count;

    public void Add(DiagnosticKind kind, Mark start, Mark end, string message) =>
        Add(kind, ToLocation(start, end), message);

    public void Add(DiagnosticKind kind, SpecLocation location, string message) =>
        items.Add(new SpecDiagnostic(kind.Id, message + Context, location));

    public SpecLocation ToLocation(Mark start, Mark end)
    {
        // Only the marks' offsets are used (see LineMap); a default or empty mark (no position known) maps to the file start.
        var startIndex = Clamp(start.Index);
        var endIndex = Math.Max(startIndex, Clamp(end.Index));
        var (line, column) = lines.Position(startIndex);
        var (endLine, endColumn) = lines.Position(endIndex);
        return new SpecLocation(path, startIndex, endIndex, line, column, endLine, endColumn);
    }

    public EquatableArray<SpecDiagnostic> ToEquatableArray() =>
        items.OrderBy(d => d.Location.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToEquatableArray();

    private int Clamp(long index) => (int)Math.Min(Math.Max(0, index), textLength);
}
