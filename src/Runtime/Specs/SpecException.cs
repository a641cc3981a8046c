using System;
using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Diagnostics;

namespace GanGen.Runtime.Specs;

/// <summary>
/// A spec loaded at run time has problems. Carries the same diagnostics (IDs, messages, lines and
/// columns) that <c>dotnet build</c> reports for the same YAML.
/// </summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception from the spec engine's diagnostics.</summary>
    public SpecException(IReadOnlyList<SpecDiagnostic> diagnostics)
        : base($"The spec has {diagnostics.Count} error(s):{Environment.NewLine}" + string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()))) =>
        Diagnostics = diagnostics;

    /// <summary>Every problem found, ordered by position in the file.</summary>
    public IReadOnlyList<SpecDiagnostic> Diagnostics { get; }
}
