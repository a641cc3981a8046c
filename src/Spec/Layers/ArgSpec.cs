using System;

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
}

/// <summary>One argument a layer takes: PyTorch's name, its type, its default and its valid range.</summary>
/// <param name="Name">PyTorch's argument name.</param>
/// <param name="Type">Accepted values.</param>
/// <param name="Default">Value when absent; <c>null</c> means required (unless <paramref name="Optional"/>).</param>
/// <param name="Check">Returns why a value is out of range (e.g. "must be positive"), or <c>null</c> when fine.</param>
/// <param name="Optional">Absent means "derived from other arguments" (MaxPool2d's stride).</param>
internal sealed record ArgSpec(string Name, ArgType Type, object? Default, Func<double, string?>? Check = null, bool Optional = false)
{
    public bool Required => Default is null && !Optional;

    public static string? Positive(double value) => value >= 1 ? null : "must be positive";

    public static string? NonNegative(double value) => value >= 0 ? null : "must not be negative";

    public static string? Probability(double value) => value >= 0 && value < 1 ? null : "must be in [0, 1)";

    public static string? UnitInterval(double value) => value >= 0 && value <= 1 ? null : "must be in [0, 1]";

    public static string? StrictlyPositive(double value) => value > 0 ? null : "must be greater than 0";

    public string TypeText => Type switch
    {
        ArgType.Int => "an integer",
        ArgType.IntPair => "an integer or a list [height, width]",
        ArgType.Float => "a number",
        ArgType.Bool => "true or false",
        ArgType.Padding => "an integer, a list [height, width], 'same' or 'valid'",
        _ => "an integer or a list [left, right, top, bottom]",
    };
}
