using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace GanGen.Generator;

/// <summary>
/// Roslyn descriptors for <see cref="DiagnosticCatalog"/>: the catalog is the single list of IDs,
/// shared with the run-time loader; this turns its entries and located messages into compiler errors.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "GanGen";

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = DiagnosticCatalog.All.ToDictionary(
        kind => kind.Id,
        kind => new DiagnosticDescriptor(kind.Id, kind.Title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true));

    /// <summary>Reported when the project's GanGenNamespace property is not a namespace.</summary>
    public static readonly DiagnosticDescriptor InvalidNamespace = ById[DiagnosticCatalog.InvalidName.Id];

    /// <summary>Turns a spec diagnostic into a compiler error located in the YAML file.</summary>
    public static Diagnostic ToDiagnostic(SpecDiagnostic diagnostic)
    {
        var location = diagnostic.Location;
        var roslynLocation = Location.Create(
            location.Path,
            TextSpan.FromBounds(location.Start, location.End),
            new LinePositionSpan(new LinePosition(location.Line, location.Column), new LinePosition(location.EndLine, location.EndColumn)));
        return Diagnostic.Create(ById[diagnostic.Id], roslynLocation, diagnostic.Message);
    }
}
