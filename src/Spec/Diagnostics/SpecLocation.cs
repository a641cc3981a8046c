namespace GanGen.Spec.Diagnostics;

/// <summary>
/// A range inside a spec file. Offsets are character indexes; lines and columns are 0-based like
/// Roslyn's <c>LinePosition</c> (add 1 for what editors and MSBuild show).
/// </summary>
/// <param name="Path">The spec file's path as the compiler or caller gave it.</param>
/// <param name="Start">Character offset of the first character.</param>
/// <param name="End">Character offset just past the last character.</param>
/// <param name="Line">0-based line of <paramref name="Start"/>.</param>
/// <param name="Column">0-based column of <paramref name="Start"/>.</param>
/// <param name="EndLine">0-based line of <paramref name="End"/>.</param>
/// <param name="EndColumn">0-based column of <paramref name="End"/>.</param>
public readonly record struct SpecLocation(string Path, int Start, int End, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>The location as MSBuild prints it: <c>path(line,column)</c>, 1-based.</summary>
    public override string ToString() => $"{Path}({Line + 1},{Column + 1})";
}
