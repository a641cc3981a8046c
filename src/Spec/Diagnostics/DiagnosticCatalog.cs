using System.Collections.Generic;

namespace GanGen.Spec.Diagnostics;

/// <summary>One kind of spec problem: its stable ID and a short title.</summary>
/// <param name="Id">The stable ID, <c>GAN</c> and four digits. Never reused for another meaning.</param>
/// <param name="Title">A short title shown by IDEs next to the message.</param>
public sealed record DiagnosticKind(string Id, string Title);

/// <summary>
/// Every diagnostic GanGen reports, in one place. IDs are stable: documentation, suppressions and
/// tests refer to them. All of them are errors: a spec that has one cannot produce a correct module.
/// </summary>
public static class DiagnosticCatalog
{
    /// <summary>The YAML itself does not parse.</summary>
    public static readonly DiagnosticKind YamlSyntax = new("GAN0001", "YAML syntax error");

    /// <summary>A node has the wrong form or an unexpected or missing key (not a layer argument).</summary>
    public static readonly DiagnosticKind InvalidStructure = new("GAN0002", "Invalid spec structure");

    /// <summary>A layer name that GanGen does not know.</summary>
    public static readonly DiagnosticKind UnknownLayer = new("GAN0003", "Unknown layer");

    /// <summary>A layer argument that the layer does not take.</summary>
    public static readonly DiagnosticKind UnknownArgument = new("GAN0004", "Unknown layer argument");

    /// <summary>A required layer argument is absent.</summary>
    public static readonly DiagnosticKind MissingArgument = new("GAN0005", "Missing layer argument");

    /// <summary>A value of the wrong type (a string where an integer is needed, and so on).</summary>
    public static readonly DiagnosticKind WrongType = new("GAN0006", "Value has the wrong type");

    /// <summary>A value outside its allowed range (zero or negative sizes, p outside [0, 1), ...).</summary>
    public static readonly DiagnosticKind OutOfRange = new("GAN0007", "Value out of range");

    /// <summary>A convolution or pooling layer whose output would have no elements.</summary>
    public static readonly DiagnosticKind EmptyOutput = new("GAN0008", "Layer output would be empty");

    /// <summary>A reshape whose target does not hold the input's element count.</summary>
    public static readonly DiagnosticKind ReshapeMismatch = new("GAN0009", "Reshape element count mismatch");

    /// <summary>The declared <c>output:</c> differs from the inferred output shape.</summary>
    public static readonly DiagnosticKind OutputMismatch = new("GAN0010", "Declared output shape differs from inferred shape");

    /// <summary>A layer that takes the class labels (<c>ConcatLabels</c>, <c>ConditionalBatchNorm2d</c>, <c>Projection</c>, ...) in a model that has no <c>condition</c>.</summary>
    public static readonly DiagnosticKind LabelsWithoutCondition = new("GAN0011", "Conditional layer in an unconditional model");

    /// <summary>A <c>gans:</c> entry names a model that does not exist.</summary>
    public static readonly DiagnosticKind UnknownModel = new("GAN0012", "Unknown model");

    /// <summary>The generator's output shape is not the discriminator's input shape.</summary>
    public static readonly DiagnosticKind PairShapeMismatch = new("GAN0013", "Generator output does not fit discriminator input");

    /// <summary>Generator and discriminator disagree on being conditional or on the number of classes.</summary>
    public static readonly DiagnosticKind ConditionMismatch = new("GAN0014", "Conditional class counts disagree");

    /// <summary>A model or GAN name used twice.</summary>
    public static readonly DiagnosticKind DuplicateName = new("GAN0015", "Duplicate name");

    /// <summary>A model or GAN name that is not a usable C# identifier.</summary>
    public static readonly DiagnosticKind InvalidName = new("GAN0016", "Name is not a valid identifier");

    /// <summary>A layer applied to an input of a rank it cannot take (Conv2d on a vector, ...).</summary>
    public static readonly DiagnosticKind WrongInputRank = new("GAN0017", "Layer cannot take this input shape");

    /// <summary>A shape or parameter count that does not fit in 64 bits.</summary>
    public static readonly DiagnosticKind Overflow = new("GAN0018", "Arithmetic overflow in shape inference");

    /// <summary>The document exceeds a safety limit (size, nesting, nodes or alias expansions).</summary>
    public static readonly DiagnosticKind LimitExceeded = new("GAN0019", "Spec exceeds a safety limit");

    /// <summary>
    /// A loss that does not fit the discriminator's output: a Sigmoid before a loss that applies its own,
    /// a softmax before a cross-entropy, a (K+1)-class loss without K+1 outputs, a bounded Wasserstein critic.
    /// </summary>
    public static readonly DiagnosticKind LossMismatch = new("GAN0020", "Loss does not fit the discriminator");

    /// <summary>Training data that does not fit the generator (sample shape, classes, pixel range) or its settings.</summary>
    public static readonly DiagnosticKind DataMismatch = new("GAN0021", "Training data does not fit the generator");

    /// <summary>A bug in GanGen itself: the spec engine caught its own exception instead of crashing the build.</summary>
    public static readonly DiagnosticKind InternalError = new("GAN0999", "Internal error in GanGen's spec engine");

    /// <summary>All kinds, in ID order.</summary>
    public static IReadOnlyList<DiagnosticKind> All { get; } = new[]
    {
        YamlSyntax, InvalidStructure, UnknownLayer, UnknownArgument, MissingArgument, WrongType, OutOfRange,
        EmptyOutput, ReshapeMismatch, OutputMismatch, LabelsWithoutCondition, UnknownModel, PairShapeMismatch,
        ConditionMismatch, DuplicateName, InvalidName, WrongInputRank, Overflow, LimitExceeded, LossMismatch, DataMismatch,
        InternalError,
    };
}
