using System.Linq;
using static GanGen.Runtime.Export.OnnxGraphBuilder;
using static TorchSharp.torch;

namespace GanGen.Runtime.Export;

/// <summary>Normalization layers, in eval mode: batch norms with their running statistics, the per-sample ones as they always compute.</summary>
internal static class NormalizationExport
{
    /// <summary>
    /// BatchNorm1d/2d: BatchNormalization with the running mean and variance. Without running statistics
    /// (<c>track_running_stats: false</c>) PyTorch normalizes by the batch's own statistics even in eval, and
    /// so does the export.
    /// </summary>
    public static string BatchNorm(LayerExport e)
    {
        var channels = e.InputShape[0];
        var scale = e.HasTensor("weight") ? e.Tensor("weight") : ones(channels);
        var shift = e.HasTensor("bias") ? e.Tensor("bias") : zeros(channels);
        return e.HasTensor("running_mean")
            ? RunningStatistics(e, "", scale, shift)
            : BatchStatistics(e, scale, shift);
    }

    /// <summary>
    /// InstanceNorm2d: InstanceNormalization; with <c>track_running_stats: true</c> PyTorch's eval mode uses the
    /// running statistics instead, a batch norm's computation.
    /// </summary>
    public static string InstanceNorm2d(LayerExport e)
    {
        var channels = e.InputShape[0];
        var scale = e.HasTensor("weight") ? e.Tensor("weight") : ones(channels);
        var shift = e.HasTensor("bias") ? e.Tensor("bias") : zeros(channels);
        if (e.HasTensor("running_mean"))
        {
            return RunningStatistics(e, "", scale, shift);
        }

        return e.Graph.Node("InstanceNormalization", new[] { e.Input, e.Graph.Constant("scale", scale), e.Graph.Constant("bias", shift) }, Attribute("epsilon", e.Float("eps")));
    }

    /// <summary>
    /// GroupNorm: the sample reshaped to [groups, rest] and instance-normalized (each group over its channels
    /// and positions), reshaped back, then the per-channel scale and shift.
    /// </summary>
    public static string GroupNorm(LayerExport e)
    {
        var g = e.Graph;
        var groups = e.Int("num_groups");
        var grouped = e.Reshape(e.Input, new[] { groups, -1L });
        var normalized = g.Node("InstanceNormalization", new[] { grouped, g.Floats("ones", 1, groups), g.Floats("zeros", 0, groups) }, Attribute("epsilon", e.Float("eps")));
        var y = e.Reshape(normalized, e.InputShape);
        return e.HasTensor("weight")
            ? g.Node("Add", g.Node("Mul", y, e.PerChannel("weight", e.Tensor("weight"))), e.PerChannel("bias", e.Tensor("bias")))
            : y;
    }

    /// <summary>LayerNorm over the whole sample: LayerNormalization from axis 1, with ones and zeros where the layer has no scale or shift.</summary>
    public static string LayerNorm(LayerExport e)
    {
        var g = e.Graph;
        var shape = e.InputShape;
        var scale = e.HasTensor("weight") ? e.Constant("weight") : g.Floats("ones", 1, shape);
        var shift = e.HasTensor("bias") ? e.Constant("bias") : g.Floats("zeros", 0, shape);
        return g.Node("LayerNormalization", new[] { e.Input, scale, shift }, Attribute("axis", 1L), Attribute("epsilon", e.Float("eps")));
    }

    /// <summary>
    /// ConditionalBatchNorm1d/2d: the running-statistics batch norm without affine parameters (<c>bn</c>), then
    /// each sample's class row of the embedding: scales in its first C columns, shifts in the last C.
    /// </summary>
    public static string ConditionalBatchNorm(LayerExport e)
    {
        var g = e.Graph;
        var channels = e.InputShape[0];
        var normalized = RunningStatistics(e, "bn.", ones(channels), zeros(channels));
        var embedding = e.Tensor("embed.weight");
        var labels = e.RequireLabels();
        var perSample = new[] { channels }.Concat(Enumerable.Repeat(1L, e.InputShape.Length - 1));
        var scale = e.Reshape(g.Node("Gather", g.Constant("scales", embedding.narrow(1, 0, channels)), labels), perSample);
        var shift = e.Reshape(g.Node("Gather", g.Constant("shifts", embedding.narrow(1, channels, channels)), labels), perSample);
        return g.Node("Add", g.Node("Mul", normalized, scale), shift);
    }

    private static string RunningStatistics(LayerExport e, string owner, Tensor scale, Tensor shift)
    {
        var g = e.Graph;
        return g.Node("BatchNormalization",
            new[] { e.Input, g.Constant("scale", scale), g.Constant("bias", shift), e.Constant(owner + "running_mean"), e.Constant(owner + "running_var") },
            Attribute("epsilon", e.Float("eps")));
    }

    /// <summary>(x − mean) / √(var + eps) over the batch and positions, biased variance, as a batch norm in training.</summary>
    private static string BatchStatistics(LayerExport e, Tensor scale, Tensor shift)
    {
        var g = e.Graph;
        var axes = new long[] { 0 }.Concat(Enumerable.Range(2, e.InputShape.Length - 1).Select(a => (long)a)).ToArray();
        var centred = g.Node("Sub", e.Input, g.Node("ReduceMean", e.Input, g.Ints("axes", axes)));
        var variance = g.Node("ReduceMean", g.Node("Mul", centred, centred), g.Ints("axes", axes));
        var normalized = g.Node("Div", centred, g.Node("Sqrt", g.Node("Add", variance, g.Floats("eps", e.Float("eps")))));
        return g.Node("Add", g.Node("Mul", normalized, e.PerChannel("scale", scale)), e.PerChannel("bias", shift));
    }
}
