using System;
using System.Collections.Generic;
using System.Linq;

namespace GanGen.Spec.Layers;

/// <summary>What YAML values an argument accepts.</summary>
internal enum ArgType
{
    /// <summary>An integer.</summary>
    Int,

    /// <summary>An integer, or a list [height, width] of two.</summary>
    IntPair,

    /// <summary>A number.</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>An integer, a pair, or Keras's <c>same</c> / <c>valid</c>.</summary>
    Padding,

    /// <summary>An integer, or a list [left, right, top, bottom] of four.</summary>
    IntQuad,

    /// <summary>A number, or a list [height, width] of two.</summary>
    FloatPair,

    /// <summary>One of a few words (<see cref="ArgSpec.Words"/>), each standing for a member of a TorchSharp enum.</summary>
    Word,
}

/// <summary>A word a <see cref="ArgType.Word"/> argument accepts (PyTorch's string) and the TorchSharp enum member it stands for.</summary>
/// <param name="Word">The word written in YAML, as PyTorch spells it (<c>bilinear</c>).</param>
/// <param name="Member">The enum member TorchSharp takes for it (<c>Bilinear</c>).</param>
internal readonly record struct WordChoice(string Word, string Member);

/// <summary>One argument a layer takes: PyTorch's name, its type, its default and its valid range.</summary>
/// <param name="Name">PyTorch's argument name.</param>
/// <param name="Type">Accepted values.</param>
/// <param name="Default">Value when absent; <c>null</c> means required (unless <paramref name="Optional"/>).</param>
/// <param name="Check">Returns why a value is out of range (e.g. "must be positive"), or <c>null</c> when fine.</param>
/// <param name="Optional">Absent means "derived from other arguments" (MaxPool2d's stride).</param>
internal sealed record ArgSpec(string Name, ArgType Type, object? Default, Func<double, string?>? Check = null, bool Optional = false)
{
    public bool Required => Default is null && !Optional;

    /// <summary>For a <see cref="ArgType.Word"/> argument: the full C# name of the enum its words stand for.</summary>
    public string? EnumType { get; private init; }

    /// <summary>For a <see cref="ArgType.Word"/> argument: the words it accepts.</summary>
    public IReadOnlyList<WordChoice> Words { get; private init; } = Array.Empty<WordChoice>();

    public static string? Positive(double value) => value >= 1 ? null : "must be positive";

    public static string? NonNegative(double value) => value >= 0 ? null : "must not be negative";

    public static string? Probability(double value) => value >= 0 && value < 1 ? null : "must be in [0, 1)";

    public static string? UnitInterval(double value) => value >= 0 && value <= 1 ? null : "must be in [0, 1]";

    public static string? StrictlyPositive(double value) => value > 0 ? null : "must be greater than 0";

    /// <summary>An argument that takes one of <paramref name="words"/>, passed to TorchSharp as a member of <paramref name="enumType"/>.</summary>
    public static ArgSpec Word(string name, string defaultWord, string enumType, params WordChoice[] words) =>
        new(name, ArgType.Word, defaultWord) { EnumType = enumType, Words = words };

    public string TypeText => Type switch
    {
        ArgType.Int => "an integer",
        ArgType.IntPair => "an integer or a list [height, width]",
        ArgType.Float => "a number",
        ArgType.Bool => "true or false",
        ArgType.Padding => "an integer, a list [height, width], 'same' or 'valid'",
        ArgType.FloatPair => "a number or a list [height, width]",
        ArgType.Word => WordsText,
        _ => "an integer or a list [left, right, top, bottom]",
    };

    /// <summary>The accepted words for a message: <c>'nearest' or 'bilinear'</c>.</summary>
    private string WordsText
    {
        get
        {
            var quoted = Words.Select(w => $"'{w.Word}'").ToArray();
            return quoted.Length == 1 ? quoted[0] : string.Join(", ", quoted.Take(quoted.Length - 1)) + " or " + quoted[quoted.Length - 1];
        }
    }
}
