using System;
using System.Globalization;
using GanGen.Spec.Collections;

namespace GanGen.Spec.Model;

/// <summary>The type of a resolved layer argument.</summary>
public enum ArgKind
{
    /// <summary>A 64-bit integer.</summary>
    Int,

    /// <summary>A pair of integers (height, width).</summary>
    Pair,

    /// <summary>Four integers (left, right, top, bottom) as <c>ZeroPad2d</c> takes them.</summary>
    Quad,

    /// <summary>A double.</summary>
    Float,

    /// <summary>A boolean.</summary>
    Bool,

    /// <summary>A list of integers (a shape).</summary>
    IntList,
}

/// <summary>A resolved, typed argument value, ready to be passed to a TorchSharp factory.</summary>
/// <param name="Kind">Which of the fields holds the value.</param>
/// <param name="Ints">The integer(s) for <see cref="ArgKind.Int"/>, <see cref="ArgKind.Pair"/>, <see cref="ArgKind.Quad"/> and <see cref="ArgKind.IntList"/>.</param>
/// <param name="Float">The value for <see cref="ArgKind.Float"/>.</param>
/// <param name="Bool">The value for <see cref="ArgKind.Bool"/>.</param>
public readonly record struct ArgValue(ArgKind Kind, EquatableArray<long> Ints, double Float, bool Bool)
{
    /// <summary>An integer.</summary>
    public static ArgValue Of(long value) => new(ArgKind.Int, new EquatableArray<long>(new[] { value }), 0, false);

    /// <summary>A (height, width) pair.</summary>
    public static ArgValue Of(long height, long width) => new(ArgKind.Pair, new EquatableArray<long>(new[] { height, width }), 0, false);

    /// <summary>A double.</summary>
    public static ArgValue Of(double value) => new(ArgKind.Float, EquatableArray<long>.Empty, value, false);

    /// <summary>A boolean.</summary>
    public static ArgValue Of(bool value) => new(ArgKind.Bool, EquatableArray<long>.Empty, 0, value);

    /// <summary>Four integers.</summary>
    public static ArgValue Quad(long left, long right, long top, long bottom) =>
        new(ArgKind.Quad, new EquatableArray<long>(new[] { left, right, top, bottom }), 0, false);

    /// <summary>A list of integers.</summary>
    public static ArgValue List(long[] values) => new(ArgKind.IntList, new EquatableArray<long>(values), 0, false);

    /// <summary>The integer of an <see cref="ArgKind.Int"/> value.</summary>
    public long Int => Ints[0];

    /// <summary>Formats the value as YAML would show it (<c>5</c>, <c>[5,5]</c>, <c>0.2</c>, <c>true</c>).</summary>
    public override string ToString() => Kind switch
    {
        ArgKind.Int => Ints[0].ToString(CultureInfo.InvariantCulture),
        ArgKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        ArgKind.Bool => Bool ? "true" : "false",
        _ => "[" + string.Join(",", Ints) + "]",
    };
}

/// <summary>A named argument of a resolved layer, named and ordered as the TorchSharp factory takes it.</summary>
/// <param name="Name">The PyTorch/TorchSharp parameter name (<c>out_channels</c>, <c>kernel_size</c>, ...).</param>
/// <param name="Value">Its value.</param>
public readonly record struct LayerArg(string Name, ArgValue Value);
