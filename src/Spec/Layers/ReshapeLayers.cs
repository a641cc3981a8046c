using System.Linq;
using GanGen.Spec.Diagnostics;
using GanGen.Spec.Model;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Layers;

/// <summary>
/// <c>nn.Flatten</c>. <c>start_dim</c> and <c>end_dim</c> count the batch dimension, as in PyTorch,
/// so the default <c>start_dim: 1</c> flattens each sample to a vector.
/// </summary>
internal sealed class FlattenLayer : LayerDefinition
{
    public FlattenLayer()
        : base(LayerNames.Flatten, "flatten", LayerRecipe.TorchSharp("Flatten"),
            new ArgSpec("start_dim", ArgType.Int, 1L, ArgSpec.Positive),
            new ArgSpec("end_dim", ArgType.Int, -1L))
    {
    }

    public override void Infer(LayerContext context)
    {
        if (context.Failed)
        {
            return;
        }

        var rank = context.Input.Rank;
        var start = context.Int("start_dim");
        var end = context.Int("end_dim");
        var resolvedEnd = end < 0 ? rank + 1 + end : end;
        if (start > rank)
        {
            context.Error(DiagnosticCatalog.OutOfRange, $"Flatten start_dim {start} is past the last dimension of input {context.Input} (dimension {rank}, counting the batch as 0)", "start_dim");
            return;
        }

        if (resolvedEnd < start || resolvedEnd > rank)
        {
            context.Error(DiagnosticCatalog.OutOfRange, $"Flatten end_dim {end} must name a dimension from start_dim {start} to {rank} of input {context.Input} (counting the batch as 0)", "end_dim");
            return;
        }

        checked
        {
            var dims = context.Input.Dims.ToArray();
            var merged = dims.Skip((int)start - 1).Take((int)(resolvedEnd - start + 1)).Aggregate(1L, (a, b) => a * b);
            var output = dims.Take((int)start - 1).Append(merged).Concat(dims.Skip((int)resolvedEnd)).ToArray();
            context.Produce(Shape.Of(output), 0, new LayerArg("start_dim", ArgValue.Of(start)), new LayerArg("end_dim", ArgValue.Of(end)));
        }
    }
}

/// <summary>
/// Reshapes each sample to the listed shape (<c>view</c> without the batch); one entry may be -1
/// to take whatever size makes the element counts match.
/// </summary>
internal sealed class ReshapeLayer : LayerDefinition
{
    public ReshapeLayer()
        : base(LayerNames.Reshape, "reshape", LayerRecipe.GanGen("Reshape"))
    {
    }

    public override bool TakesList => true;

    public override void Infer(LayerContext context)
    {
        if (context.Failed || context.ListValue is not { } list)
        {
            return;
        }

        var target = new long[list.Items.Count];
        var inferred = -1;
        for (var i = 0; i < target.Length; i++)
        {
            var item = list.Items[i];
            if (item is not YamlScalarNode scalar || !scalar.TryGetInt64(out target[i]))
            {
                context.Error(DiagnosticCatalog.WrongType, item, $"Reshape sizes must be integers, but one is {item.KindText}");
                return;
            }

            if (target[i] == -1 && inferred < 0)
            {
                inferred = i;
            }
            else if (target[i] <= 0)
            {
                context.Error(DiagnosticCatalog.OutOfRange, item, $"Reshape sizes must be positive (or one -1 to infer), but one is {target[i]}");
                return;
            }
        }

        if (target.Length == 0)
        {
            context.Error(DiagnosticCatalog.OutOfRange, list, "Reshape needs at least one size");
            return;
        }

        var available = context.Input.ElementCount;
        var known = Shape.Of(target.Where(d => d > 0).ToArray()).ElementCount;
        if (available is null || known is null)
        {
            context.Error(DiagnosticCatalog.Overflow, "Reshape sizes overflow 64 bits");
            return;
        }

        if (inferred >= 0)
        {
            if (available.Value % known.Value != 0)
            {
                context.Error(DiagnosticCatalog.ReshapeMismatch,
                    $"Reshape {Format(target)} cannot take input {context.Input} with {available} elements: {available} is not a multiple of {known}");
                return;
            }

            target[inferred] = available.Value / known.Value;
        }
        else if (known != available)
        {
            context.Error(DiagnosticCatalog.ReshapeMismatch,
                $"Reshape {Format(target)} needs {known} elements, but its input {context.Input} has {available}");
            return;
        }

        context.Produce(Shape.Of(target), 0, new LayerArg("shape", ArgValue.List(target)));
    }

    private static string Format(long[] dims) => "[" + string.Join(",", dims) + "]";
}
