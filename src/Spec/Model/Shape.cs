using System;
using System.Linq;
using GanGen.Spec.Collections;

namespace GanGen.Spec.Model;

/// <summary>A per-sample tensor shape (the batch dimension is implicit), e.g. <c>[1,28,28]</c>.</summary>
/// <param name="Dims">The sizes, outermost first.</param>
public readonly record struct Shape(EquatableArray<long> Dims)
{
    /// <summary>Creates a shape from its sizes.</summary>
    public static Shape Of(params long[] dims) => new(new EquatableArray<long>(dims));

    /// <summary>Number of dimensions.</summary>
    public int Rank => Dims.Count;

    /// <summary>Size of dimension <paramref name="index"/>.</summary>
    public long this[int index] => Dims[index];

    /// <summary>Number of elements, or <c>null</c> when it does not fit in 64 bits.</summary>
    public long? ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims)
            {
                if (!Checked.TryMultiply(count, dim, out count))
                {
                    return null;
                }
            }

            return count;
        }
    }

    /// <summary>The same shape with the last dimension replaced.</summary>
    public Shape WithLast(long size) => new(Dims.Take(Rank - 1).Append(size).ToEquatableArray());

    /// <summary>Formats as <c>[256,7,7]</c>, the form used in every message.</summary>
    public override string ToString() => "[" + string.Join(",", Dims) + "]";
}

/// <summary>Overflow-checked arithmetic: shape inference reports overflow instead of wrapping around.</summary>
internal static class Checked
{
    public static bool TryMultiply(long a, long b, out long result)
    {
        try
        {
            result = checked(a * b);
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }

    public static bool TryAdd(long a, long b, out long result)
    {
        try
        {
            result = checked(a + b);
            return true;
        }
        catch (OverflowException)
        {
            result = 0;
            return false;
        }
    }
}
