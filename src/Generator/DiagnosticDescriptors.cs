using System.Collections.Generic;
using System.Linq;
using GanGen.Spec.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Ids = GanGen.Spec.Diagnostics.DiagnosticCatalog.Ids;

namespace GanGen.Generator;

/// <summary>
/// Roslyn descriptors for <see cref="DiagnosticCatalog"/>: the catalog is the single list of IDs,
/// shared with the run-time loader; this turns its entries and located messages into compiler errors.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "GanGen";
    private const string MessageFormat = "{0}";

    // One field per catalog entry, each created with its ID as a constant: Roslyn's release tracking
    // (RS2000-RS2008) checks only such descriptor fields against AnalyzerReleases.Shipped.md and Unshipped.md.
    private static readonly DiagnosticDescriptor YamlSyntax = new(Ids.YamlSyntax, DiagnosticCatalog.YamlSyntax.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor InvalidStructure = new(Ids.InvalidStructure, DiagnosticCatalog.InvalidStructure.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor UnknownLayer = new(Ids.UnknownLayer, DiagnosticCatalog.UnknownLayer.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor UnknownArgument = new(Ids.UnknownArgument, DiagnosticCatalog.UnknownArgument.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor MissingArgument = new(Ids.MissingArgument, DiagnosticCatalog.MissingArgument.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor WrongType = new(Ids.WrongType, DiagnosticCatalog.WrongType.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor OutOfRange = new(Ids.OutOfRange, DiagnosticCatalog.OutOfRange.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor EmptyOutput = new(Ids.EmptyOutput, DiagnosticCatalog.EmptyOutput.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor ReshapeMismatch = new(Ids.ReshapeMismatch, DiagnosticCatalog.ReshapeMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor OutputMismatch = new(Ids.OutputMismatch, DiagnosticCatalog.OutputMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor LabelsWithoutCondition = new(Ids.LabelsWithoutCondition, DiagnosticCatalog.LabelsWithoutCondition.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor UnknownModel = new(Ids.UnknownModel, DiagnosticCatalog.UnknownModel.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor PairShapeMismatch = new(Ids.PairShapeMismatch, DiagnosticCatalog.PairShapeMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor ConditionMismatch = new(Ids.ConditionMismatch, DiagnosticCatalog.ConditionMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor DuplicateName = new(Ids.DuplicateName, DiagnosticCatalog.DuplicateName.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor InvalidName = new(Ids.InvalidName, DiagnosticCatalog.InvalidName.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor WrongInputRank = new(Ids.WrongInputRank, DiagnosticCatalog.WrongInputRank.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor Overflow = new(Ids.Overflow, DiagnosticCatalog.Overflow.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor LimitExceeded = new(Ids.LimitExceeded, DiagnosticCatalog.LimitExceeded.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor LossMismatch = new(Ids.LossMismatch, DiagnosticCatalog.LossMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor DataMismatch = new(Ids.DataMismatch, DiagnosticCatalog.DataMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor MergeMismatch = new(Ids.MergeMismatch, DiagnosticCatalog.MergeMismatch.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor UnknownNode = new(Ids.UnknownNode, DiagnosticCatalog.UnknownNode.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor RecursiveBlock = new(Ids.RecursiveBlock, DiagnosticCatalog.RecursiveBlock.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor UndefinedArgument = new(Ids.UndefinedArgument, DiagnosticCatalog.UndefinedArgument.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
    private static readonly DiagnosticDescriptor InternalError = new(Ids.InternalError, DiagnosticCatalog.InternalError.Title, MessageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    private static readonly DiagnosticDescriptor[] Descriptors =
    {
        YamlSyntax, InvalidStructure, UnknownLayer, UnknownArgument, MissingArgument, WrongType,
        OutOfRange, EmptyOutput, ReshapeMismatch, OutputMismatch, LabelsWithoutCondition, UnknownModel,
        PairShapeMismatch, ConditionMismatch, DuplicateName, InvalidName, WrongInputRank, Overflow,
        LimitExceeded, LossMismatch, DataMismatch, MergeMismatch, UnknownNode, RecursiveBlock, UndefinedArgument, InternalError,
    };

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = Descriptors.ToDictionary(descriptor => descriptor.Id);

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
