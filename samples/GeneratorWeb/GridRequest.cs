using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace GanGen.Web;

/// <summary>What a grid request asks for, checked against the model.</summary>
/// <param name="Seed">The noise seed.</param>
/// <param name="Class">The class of every sample, or null: a conditional GAN then cycles through its classes.</param>
/// <param name="Count">How many samples.</param>
/// <param name="Scale">How many screen pixels per sample pixel.</param>
public sealed record GridRequest(ulong Seed, int? Class, int Count, int Scale)
{
    /// <summary>The most samples one grid may hold.</summary>
    public const int MaxCount = 256;

    /// <summary>The largest scale.</summary>
    public const int MaxScale = 8;

    /// <summary>Samples in a grid when the request names no count.</summary>
    public const int DefaultCount = 16;

    /// <summary>The scale when the request names none.</summary>
    public const int DefaultScale = 3;

    /// <summary>The widest and tallest grid in pixels, so that count and scale together stay bounded too.</summary>
    public const int MaxSide = 2048;

    /// <summary>
    /// Reads <c>seed</c>, <c>class</c>, <c>count</c> and <c>scale</c> from a query string (an empty value
    /// counts as missing). A missing seed
    /// takes <paramref name="seedIfMissing"/> (null: the seed is required). Returns null and a one-line
    /// <paramref name="error"/> for anything out of range or not a number, or a grid over
    /// <see cref="MaxSide"/> pixels wide or tall.
    /// </summary>
    public static GridRequest? Parse(IQueryCollection query, GeneratorModel model, ulong? seedIfMissing, out string error)
    {
        error = "";
        var metadata = model.Metadata;
        var seedText = Single(query, "seed", ref error);
        var classText = Single(query, "class", ref error);
        var countText = Single(query, "count", ref error);
        var scaleText = Single(query, "scale", ref error);
        if (error.Length > 0)
        {
            return null;
        }

        ulong seed;
        if (seedText is null)
        {
            if (seedIfMissing is not { } fallback)
            {
                error = $"seed is required: a whole number from 0 to {ulong.MaxValue}, e.g. ?seed=42.";
                return null;
            }
            seed = fallback;
        }
        else if (!ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out seed))
        {
            error = $"seed must be a whole number from 0 to {ulong.MaxValue}; got '{seedText}'.";
            return null;
        }

        int? label = null;
        if (classText is not null)
        {
            if (!metadata.IsConditional)
            {
                error = $"class: {metadata.Gan} is unconditional, so it takes no class; leave class out.";
                return null;
            }
            if (!int.TryParse(classText, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value >= metadata.Classes)
            {
                error = $"class must be a whole number from 0 to {metadata.Classes - 1} ({metadata.Gan} has {metadata.Classes} classes); got '{classText}'.";
                return null;
            }
            label = value;
        }

        var count = Bounded("count", countText, DefaultCount, MaxCount, ref error);
        var scale = Bounded("scale", scaleText, DefaultScale, MaxScale, ref error);
        if (error.Length > 0)
        {
            return null;
        }
        var (width, height) = GridImage.Size(model, count, scale);
        if (width > MaxSide || height > MaxSide)
        {
            error = $"count {count} at scale {scale} makes a {width}x{height} grid, over the {MaxSide}-pixel limit; lower count or scale.";
            return null;
        }
        return new GridRequest(seed, label, count, scale);
    }

    /// <summary>
    /// The query string that asks for this grid (<c>seed=…&amp;count=…&amp;scale=…</c>, with <c>class</c>
    /// when one is chosen).
    /// </summary>
    public string ToQuery() =>
        string.Create(CultureInfo.InvariantCulture, $"seed={Seed}{(Class is { } label ? $"&class={label}" : "")}&count={Count}&scale={Scale}");

    private static string? Single(IQueryCollection query, string name, ref string error)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return null;
        }
        if (values.Count != 1 && error.Length == 0)
        {
            error = $"{name} is given {values.Count} times; give it once.";
        }
        // An empty value is what a form sends for a field left blank or "all classes": the same as leaving it out.
        return string.IsNullOrEmpty(values[0]) ? null : values[0];
    }

    private static int Bounded(string name, string? text, int fallback, int max, ref string error)
    {
        if (text is null)
        {
            return fallback;
        }
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }
        if (error.Length == 0)
        {
            error = $"{name} must be a whole number from 1 to {max}; got '{text}'.";
        }
        return fallback;
    }
}
