namespace GanGen.Runtime.Export;

/// <summary>Layers that only rearrange elements. The batch dimension is left to ONNX (-1), the rest is the shape the layer produced.</summary>
internal static class ReshapeExport
{
    /// <summary>Flatten with any start_dim and end_dim, and Reshape: both are a reshape to the per-sample output shape.</summary>
    public static string ToOutputShape(LayerExport e) => e.Reshape(e.Input, e.OutputShape);

    /// <summary>PixelShuffle is DepthToSpace in its column-row-depth order.</summary>
    public static string PixelShuffle(LayerExport e) =>
        e.Graph.Node("DepthToSpace", new[] { e.Input }, OnnxGraphBuilder.Attribute("blocksize", e.Int("upscale_factor")), OnnxGraphBuilder.Attribute("mode", "CRD"));
}
