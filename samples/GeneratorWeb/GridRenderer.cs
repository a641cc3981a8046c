namespace GanGen.Web;

/// <summary>Turns a grid request into the generator's inputs, runs it, and encodes the grid.</summary>
public static class GridRenderer
{
    /// <summary>
    /// The noise for a request: <c>Count × NoiseSize</c> draws of the model's distribution from the
    /// request's seed, sample after sample, so the first tiles of a larger grid are the smaller grid's.
    /// </summary>
    public static float[] Noise(GeneratorModel model, GridRequest request)
    {
        var noise = new float[request.Count * model.NoiseSize];
        model.Metadata.Noise.Fill(new SeededRandom(request.Seed), noise);
        return noise;
    }

    /// <summary>
    /// The labels for a request: null for an unconditional GAN, else the chosen class for every tile, or
    /// with no class chosen tile i gets class i mod K (a row per class when the columns equal K).
    /// </summary>
    public static long[]? Labels(GeneratorModel model, GridRequest request)
    {
        if (!model.Metadata.IsConditional)
        {
            return null;
        }
        var labels = new long[request.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = request.Class ?? (i % model.Metadata.Classes);
        }
        return labels;
    }

    /// <summary>The grid that <paramref name="request"/> names, as PNG bytes.</summary>
    public static byte[] Png(GeneratorModel model, GridRequest request)
    {
        var samples = model.Generate(Noise(model, request), Labels(model, request), request.Count);
        return GridImage.EncodePng(model, samples, request.Count, request.Scale);
    }
}
