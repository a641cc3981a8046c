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
    /// <summary>
    /// The IDs as constants: the generator creates each Roslyn descriptor with one, so that Roslyn's
    /// release tracking checks them against src/Generator/AnalyzerReleases.*.md.
    /// </summary>
    public static class Ids
    {
        /// <summary>The ID of <see cref="DiagnosticCatalog.YamlSyntax"/>.</summary>
        public const string YamlSyntax = "GAN0001";

        /// <summary>The ID of <see cref="DiagnosticCatalog.InvalidStructure"/>.</summary>
        public const string InvalidStructure = "GAN0002";

        /// <summary>The ID of <see cref="DiagnosticCatalog.UnknownLayer"/>.</summary>
        public const string UnknownLayer = "GAN0003";

        /// <summary>The ID of <see cref="DiagnosticCatalog.UnknownArgument"/>.</summary>
        public const string UnknownArgument = "GAN0004";

        /// <summary>The ID of <see cref="DiagnosticCatalog.MissingArgument"/>.</summary>
        public const string MissingArgument = "GAN0005";

        /// <summary>The ID of <see cref="DiagnosticCatalog.WrongType"/>.</summary>
        public const string WrongType = "GAN0006";

        /// <summary>The ID of <see cref="DiagnosticCatalog.OutOfRange"/>.</summary>
        public const string OutOfRange = "GAN0007";

        /// <summary>The ID of <see cref="DiagnosticCatalog.EmptyOutput"/>.</summary>
        public const string EmptyOutput = "GAN0008";

        /// <summary>The ID of <see cref="DiagnosticCatalog.ReshapeMismatch"/>.</summary>
        public const string ReshapeMismatch = "GAN0009";

        /// <summary>The ID of <see cref="DiagnosticCatalog.OutputMismatch"/>.</summary>
        public const string OutputMismatch = "GAN0010";

        /// <summary>The ID of <see cref="DiagnosticCatalog.LabelsWithoutCondition"/>.</summary>
        public const string LabelsWithoutCondition = "GAN0011";

        /// <summary>The ID of <see cref="DiagnosticCatalog.UnknownModel"/>.</summary>
        public const string UnknownModel = "GAN0012";

        /// <summary>The ID of <see cref="DiagnosticCatalog.PairShapeMismatch"/>.</summary>
        public const string PairShapeMismatch = "GAN0013";

        /// <summary>The ID of <see cref="DiagnosticCatalog.ConditionMismatch"/>.</summary>
        public const string ConditionMismatch = "GAN0014";

        /// <summary>The ID of <see cref="DiagnosticCatalog.DuplicateName"/>.</summary>
        public const string DuplicateName = "GAN0015";

        /// <summary>The ID of <see cref="DiagnosticCatalog.InvalidName"/>.</summary>
        public const string InvalidName = "GAN0016";

        /// <summary>The ID of <see cref="DiagnosticCatalog.WrongInputRank"/>.</summary>
        public const string WrongInputRank = "GAN0017";

        /// <summary>The ID of <see cref="DiagnosticCatalog.Overflow"/>.</summary>
        public const string Overflow = "GAN0018";

        /// <summary>The ID of <see cref="DiagnosticCatalog.LimitExceeded"/>.</summary>
        public const string LimitExceeded = "GAN0019";

        /// <summary>The ID of <see cref="DiagnosticCatalog.LossMismatch"/>.</summary>
        public const string LossMismatch = "GAN0020";

        /// <summary>The ID of <see cref="DiagnosticCatalog.DataMismatch"/>.</summary>
        public const string DataMismatch = "GAN0021";

        /// <summary>The ID of <see cref="DiagnosticCatalog.MergeMismatch"/>.</summary>
        public const string MergeMismatch = "GAN0022";

        /// <summary>The ID of <see cref="DiagnosticCatalog.UnknownNode"/>.</summary>
        public const string UnknownNode = "GAN0023";

        /// <summary>The ID of <see cref="DiagnosticCatalog.RecursiveBlock"/>.</summary>
        public const string RecursiveBlock = "GAN0024";

        /// <summary>The ID of <see cref="DiagnosticCatalog.UndefinedArgument"/>.</summary>
        public const string UndefinedArgument = "GAN0025";

        /// <summary>The ID of <see cref="DiagnosticCatalog.InternalError"/>.</summary>
        public const string InternalError = "GAN0999";
    }

    /// <summary>The YAML itself does not parse.</summary>
    public static readonly DiagnosticKind YamlSyntax = new(Ids.YamlSyntax, "YAML syntax error");

    /// <summary>A node has the wrong form or an unexpected or missing key (not a layer argument).</summary>
    public static readonly DiagnosticKind InvalidStructure = new(Ids.InvalidStructure, "Invalid spec structure");

    /// <summary>A layer name that GanGen does not know.</summary>
    public static readonly DiagnosticKind UnknownLayer = new(Ids.UnknownLayer, "Unknown layer");

    /// <summary>A layer argument that the layer does not take.</summary>
    public static readonly DiagnosticKind UnknownArgument = new(Ids.UnknownArgument, "Unknown layer argument");

    /// <summary>A required layer argument is absent.</summary>
    public static readonly DiagnosticKind MissingArgument = new(Ids.MissingArgument, "Missing layer argument");

    /// <summary>A value of the wrong type (a string where an integer is needed, and so on).</summary>
    public static readonly DiagnosticKind WrongType = new(Ids.WrongType, "Value has the wrong type");

    /// <summary>A value outside its allowed range (zero or negative sizes, p outside [0, 1), ...).</summary>
    public static readonly DiagnosticKind OutOfRange = new(Ids.OutOfRange, "Value out of range");

    /// <summary>A convolution or pooling layer whose output would have no elements.</summary>
    public static readonly DiagnosticKind EmptyOutput = new(Ids.EmptyOutput, "Layer output would be empty");

    /// <summary>A reshape whose target does not hold the input's element count.</summary>
    public static readonly DiagnosticKind ReshapeMismatch = new(Ids.ReshapeMismatch, "Reshape element count mismatch");

    /// <summary>The declared <c>output:</c> differs from the inferred output shape.</summary>
    public static readonly DiagnosticKind OutputMismatch = new(Ids.OutputMismatch, "Declared output shape differs from inferred shape");

    /// <summary>A layer that takes the class labels (<c>ConcatLabels</c>, <c>ConditionalBatchNorm2d</c>, <c>Projection</c>, ...) in a model that has no <c>condition</c>.</summary>
    public static readonly DiagnosticKind LabelsWithoutCondition = new(Ids.LabelsWithoutCondition, "Conditional layer in an unconditional model");

    /// <summary>A <c>gans:</c> entry names a model that does not exist.</summary>
    public static readonly DiagnosticKind UnknownModel = new(Ids.UnknownModel, "Unknown model");

    /// <summary>The generator's output shape is not the discriminator's input shape.</summary>
    public static readonly DiagnosticKind PairShapeMismatch = new(Ids.PairShapeMismatch, "Generator output does not fit discriminator input");

    /// <summary>Generator and discriminator disagree on being conditional or on the number of classes.</summary>
    public static readonly DiagnosticKind ConditionMismatch = new(Ids.ConditionMismatch, "Conditional class counts disagree");

    /// <summary>A model or GAN name used twice.</summary>
    public static readonly DiagnosticKind DuplicateName = new(Ids.DuplicateName, "Duplicate name");

    /// <summary>A model or GAN name that is not a usable C# identifier.</summary>
    public static readonly DiagnosticKind InvalidName = new(Ids.InvalidName, "Name is not a valid identifier");

    /// <summary>A layer applied to an input of a rank it cannot take (Conv2d on a vector, ...).</summary>
    public static readonly DiagnosticKind WrongInputRank = new(Ids.WrongInputRank, "Layer cannot take this input shape");

    /// <summary>A shape or parameter count that does not fit in 64 bits.</summary>
    public static readonly DiagnosticKind Overflow = new(Ids.Overflow, "Arithmetic overflow in shape inference");

    /// <summary>The document exceeds a safety limit (size, nesting, nodes or alias expansions).</summary>
    public static readonly DiagnosticKind LimitExceeded = new(Ids.LimitExceeded, "Spec exceeds a safety limit");

    /// <summary>
    /// A loss that does not fit the discriminator's output: a Sigmoid before a loss that applies its own,
    /// a softmax before a cross-entropy, a (K+1)-class loss without K+1 outputs, a bounded Wasserstein critic.
    /// </summary>
    public static readonly DiagnosticKind LossMismatch = new(Ids.LossMismatch, "Loss does not fit the discriminator");

    /// <summary>Training data that does not fit the generator (sample shape, classes, pixel range) or its settings.</summary>
    public static readonly DiagnosticKind DataMismatch = new(Ids.DataMismatch, "Training data does not fit the generator");

    /// <summary>A graph merge of shapes that do not fit: Add or Multiply of unequal shapes, Concat of different sizes off the joined dimension.</summary>
    public static readonly DiagnosticKind MergeMismatch = new(Ids.MergeMismatch, "Merged shapes do not fit");

    /// <summary>A graph names a node that is not an earlier node of the same graph (nor <c>input</c>).</summary>
    public static readonly DiagnosticKind UnknownNode = new(Ids.UnknownNode, "Unknown or later graph node");

    /// <summary>A block that uses itself, directly or through other blocks.</summary>
    public static readonly DiagnosticKind RecursiveBlock = new(Ids.RecursiveBlock, "Recursive block");

    /// <summary>A <c>$name</c> that is not an argument of the block it is written in (or is written outside a block).</summary>
    public static readonly DiagnosticKind UndefinedArgument = new(Ids.UndefinedArgument, "Undefined block argument reference");

    /// <summary>A bug in GanGen itself: the spec engine caught its own exception instead of crashing the build.</summary>
    public static readonly DiagnosticKind InternalError = new(Ids.InternalError, "Internal error in GanGen's spec engine");

    /// <summary>All kinds, in ID order.</summary>
    public static IReadOnlyList<DiagnosticKind> All { get; } = new[]
    {
        YamlSyntax, InvalidStructure, UnknownLayer, UnknownArgument, MissingArgument, WrongType, OutOfRange,
        EmptyOutput, ReshapeMismatch, OutputMismatch, LabelsWithoutCondition, UnknownModel, PairShapeMismatch,
        ConditionMismatch, DuplicateName, InvalidName, WrongInputRank, Overflow, LimitExceeded, LossMismatch, DataMismatch,
        MergeMismatch, UnknownNode, RecursiveBlock, UndefinedArgument, InternalError,
    };
}
