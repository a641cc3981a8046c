using System;

namespace GanGen.Web;

/// <summary>
/// A small seeded random stream (SplitMix64, Steele, Lea and Flood 2014) with uniform and normal draws:
/// the same seed gives the same noise, so the same grid, on every machine and .NET version.
/// </summary>
/// <remarks>
/// Not TorchSharp's generator: that would bring libtorch (about 1.8 GB) into a sample whose point is to
/// run without it. Not <see cref="Random"/> either: the algorithm behind a seeded <see cref="Random"/> is
/// not guaranteed to stay the same across .NET versions, and a bookmarked seed should keep its grid.
/// </remarks>
public sealed class SeededRandom
{
    private ulong state;
    private double? spareNormal;

    /// <summary>Starts the stream that <paramref name="seed"/> names.</summary>
    public SeededRandom(ulong seed)
    {
        state = seed;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform draw from [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal draw (Box-Muller; each pair of uniforms gives two normals).</summary>
    public double NextNormal()
    {
        if (spareNormal is { } spare)
        {
            spareNormal = null;
            return spare;
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        var angle = 2.0 * Math.PI * NextDouble();
        spareNormal = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }
}
