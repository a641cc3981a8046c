using System.Collections.Generic;
using System.Globalization;

namespace GanGen.Web;

/// <summary>What an exported generator says about itself in its ONNX <c>metadata_props</c>.</summary>
/// <param name="Gan">The GAN's name (<c>gangen.gan</c>).</param>
/// <param name="Classes">The number of classes of a conditional GAN, 0 for an unconditional one (<c>gangen.classes</c>).</param>
/// <param name="Noise">The noise distribution (<c>gangen.noise</c>).</param>
/// <param name="Pixels">What the samples are (<c>gangen.pixels</c>).</param>
public sealed record GeneratorMetadata(string Gan, int Classes, NoiseDistribution Noise, PixelRange Pixels)
{
    /// <summary>The key of the GAN's name.</summary>
    public const string GanKey = "gangen.gan";

    /// <summary>The key of the number of classes.</summary>
    public const string ClassesKey = "gangen.classes";

    /// <summary>The key of the noise distribution.</summary>
    public const string NoiseKey = "gangen.noise";

    /// <summary>The key of the pixel range.</summary>
    public const string PixelsKey = "gangen.pixels";

    /// <summary>True when the generator takes class labels.</summary>
    public bool IsConditional => Classes > 0;

    /// <summary>Reads the four entries; a missing or malformed one is a <see cref="ModelLoadException"/>.</summary>
    /// <param name="props">The model's metadata_props.</param>
    /// <param name="modelPath">The model file, for the message.</param>
    public static GeneratorMetadata Parse(IReadOnlyDictionary<string, string> props, string modelPath)
    {
        string Read(string key, string expected)
        {
            if (!props.TryGetValue(key, out var value))
            {
                throw new ModelLoadException(
                    $"{modelPath}: the ONNX metadata has no '{key}' ({expected}); export the generator with `gangen export RUN --onnx FILE`, which writes it.");
            }
            return value;
        }

        ModelLoadException Bad(string key, string value, string expected) =>
            new($"{modelPath}: metadata '{key}' is '{value}', expected {expected}.");

        var gan = Read(GanKey, "the GAN's name");
        var classesText = Read(ClassesKey, "the number of classes, 0 if unconditional");
        if (!int.TryParse(classesText, NumberStyles.None, CultureInfo.InvariantCulture, out var classes))
        {
            throw Bad(ClassesKey, classesText, "a whole number (0 for an unconditional GAN)");
        }
        var noiseText = Read(NoiseKey, "'normal' or 'uniform LOW HIGH'");
        var noise = NoiseDistribution.Parse(noiseText) ?? throw Bad(NoiseKey, noiseText, "'normal' or 'uniform LOW HIGH' with LOW < HIGH");
        var pixelsText = Read(PixelsKey, "'-1..1', '0..1' or 'none'");
        var pixels = pixelsText switch
        {
            "-1..1" => PixelRange.MinusOneToOne,
            "0..1" => PixelRange.ZeroToOne,
            "none" => PixelRange.None,
            _ => throw Bad(PixelsKey, pixelsText, "'-1..1', '0..1' or 'none'"),
        };
        return new GeneratorMetadata(gan, classes, noise, pixels);
    }
}
