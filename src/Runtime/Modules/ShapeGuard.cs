using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace GanGen.Runtime.Modules;

/// <summary>
/// Input checks for generated modules: a wrong shape fails at the module's door with both shapes
/// named, instead of inside libtorch with a message about matrix sizes.
/// </summary>
public static class ShapeGuard
{
    /// <summary>Throws unless <paramref name="input"/> is <c>[batch, *expected]</c>.</summary>
    public static void CheckInput(string model, Tensor input, IReadOnlyList<long> expected)
    {
        var actual = input.shape;
        if (actual.Length != expected.Count + 1 || !actual.Skip(1).SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"{model} takes input [batch,{string.Join(",", expected)}], but got {Format(actual)}", nameof(input));
        }
    }

    /// <summary>Throws unless <paramref name="labels"/> is an int64 <c>[batch]</c> tensor matching <paramref name="input"/>.</summary>
    public static void CheckLabels(string model, Tensor input, Tensor labels)
    {
        if (labels.dtype != ScalarType.Int64 || labels.dim() != 1 || labels.shape[0] != input.shape[0])
        {
            throw new ArgumentException(
                $"{model} takes labels as int64 [batch] class indices for a batch of {input.shape[0]}, but got {labels.dtype} {Format(labels.shape)}", nameof(labels));
        }
    }

    private static string Format(long[] shape) => "[" + string.Join(",", shape) + "]";
}
