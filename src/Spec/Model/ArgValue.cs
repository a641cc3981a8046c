using System;
using System.Globalization;
using System.Linq;
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

    /// <summary>A list of doubles (<c>Upsample</c>'s scale factor per spatial dimension).</summary>
    FloatList,

    /// <summary>A member of a TorchSharp enum (<c>Upsample</c>'s mode), which a YAML word stands for.</summary>
    Enum,
}

/// <summary>A resolved, typed argument value, ready to be passed to a TorchSharp factory.</summary>
/// <param name="Kind">Which of the fields holds the value.</param>
/// <param name="Ints">The integer(s) for <see cref="ArgKind.Int"/>, <see cref="ArgKind.Pair"/>, <see cref="ArgKind.Quad"/> and <see cref="ArgKind.IntList"/>.</param>
/// <param name="Floats">The number(s) for <see cref="ArgKind.Float"/> and <see cref="ArgKind.FloatList"/>.</param>
/// <param name="Bool">The value for <see cref="ArgKind.Bool"/>.</param>
/// <param name="Text">For <see cref="ArgKind.Enum"/>, the member's full C# name (<c>TorchSharp.torch.UpsampleMode.Bilinear</c>).</param>
public readonly record struct ArgValue(ArgKind Kind, EquatableArray<long> Ints, EquatableArray<double> Floats, bool Bool, string? Text)
{
    /// <summary>An integer.</summary>
    public static ArgValue Of(long value) => new(ArgKind.Int, new EquatableArray<long>(new[] { value }), EquatableArray<double>.Empty, false, null);

    /// <summary>A (height, width) pair.</summary>
    public static ArgValue Of(long height, long width) => new(ArgKind.Pair, new EquatableArray<long>(new[] { height, width }), EquatableArray<double>.Empty, false, null);

    /// <summary>A double.</summary>
    public static ArgValue Of(double value) => new(ArgKind.Float, EquatableArray<long>.Empty, new EquatableArray<double>(new[] { value }), false, null);

    /// <summary>A boolean.</summary>
    public static ArgValue Of(bool value) => new(ArgKind.Bool, EquatableArray<long>.Empty, EquatableArray<double>.Empty, value, null);

    /// <summary>Four integers.</summary>
    public static ArgValue Quad(long left, long right, long top, long bottom) =>
        new(ArgKind.Quad, new EquatableArray<long>(new[] { left, right, top, bottom }), EquatableArray<double>.Empty, false, null);

    /// <summary>A list of integers.</summary>
    public static ArgValue List(long[] values) => new(ArgKind.IntList, new EquatableArray<long>(values), EquatableArray<double>.Empty, false, null);

    /// <summary>A list of doubles.</summary>
    public static ArgValue List(double[] values) => new(ArgKind.FloatList, EquatableArray<long>.Empty, new EquatableArray<double>(values), false, null);

    /// <summary>A member of an enum.</summary>
    /// <param name="type">The enum's full C# name, nested types dotted (<c>TorchSharp.Modules.GELU.Approximate</c>).</param>
    /// <param name="member">The member's name.</param>
    public static ArgValue Enum(string type, string member) => new(ArgKind.Enum, EquatableArray<long>.Empty, EquatableArray<double>.Empty, false, type + "." + member);

    /// <summary>The integer of an <see cref="ArgKind.Int"/> value.</summary>
    public long Int => Ints[0];

    /// <summary>The double of an <see cref="ArgKind.Float"/> value.</summary>
    public double Float => Floats[0];

    /// <summary>The full C# name of an <see cref="ArgKind.Enum"/> value's type.</summary>
    public string EnumType => Text!.Substring(0, Text.LastIndexOf('.'));

    /// <summary>The member name of an <see cref="ArgKind.Enum"/> value.</summary>
    public string EnumMember => Text!.Substring(Text.LastIndexOf('.') + 1);

    /// <summary>Formats the value as YAML would show it (<c>5</c>, <c>[5,5]</c>, <c>0.2</c>, <c>true</c>, <c>[2,2]</c>; an enum by its member).</summary>
    public override string ToString() => Kind switch
    {
        ArgKind.Int => Ints[0].ToString(CultureInfo.InvariantCulture),
        ArgKind.Float => Float.ToString("R", CultureInfo.InvariantCulture),
        ArgKind.Bool => Bool ? "true" : "false",
        ArgKind.FloatList => "[" + string.Join(",", Floats.Select(f => f.ToString("R", CultureInfo.InvariantCulture))) + "]",
        ArgKind.Enum => EnumMember,
        _ => "[" + string.Join(",", Ints) + "]",
    };
}

/// <summary>A named argument of a resolved layer, named and ordered as the TorchSharp factory takes it.</summary>
/// <param name="Name">The PyTorch/TorchSharp parameter name (<c>out_channels</c>, <c>kernel_size</c>, ...).</param>
/// <param name="Value">Its value.</param>
public readonly record struct LayerArg(string Name, ArgValue Value);
