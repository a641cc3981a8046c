using System;
using System.Globalization;

namespace GanGen.Web;

/// <summary>The generator's noise distribution, as its <c>gangen.noise</c> metadata names it.</summary>
/// <param name="IsNormal">True for N(0, 1); false for U(<paramref name="Low"/>, <paramref name="High"/>).</param>
/// <param name="Low">The uniform distribution's lower end (0 for the normal).</param>
/// <param name="High">The uniform distribution's upper end (0 for the normal).</param>
public sealed record NoiseDistribution(bool IsNormal, double Low, double High)
{
    /// <summary>N(0, 1).</summary>
    public static readonly NoiseDistribution Normal = new(true, 0, 0);

    /// <summary>
    /// Reads <c>normal</c> or <c>uniform LOW HIGH</c> (numbers in the invariant culture); null if the text
    /// is neither.
    /// </summary>
    public static NoiseDistribution? Parse(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is ["normal"])
        {
            return Normal;
        }
        if (words is ["uniform", var low, var high]
            && double.TryParse(low, NumberStyles.Float, CultureInfo.InvariantCulture, out var lowValue)
            && double.TryParse(high, NumberStyles.Float, CultureInfo.InvariantCulture, out var highValue)
            && double.IsFinite(lowValue) && double.IsFinite(highValue) && lowValue < highValue)
        {
            return new NoiseDistribution(false, lowValue, highValue);
        }
        return null;
    }

    /// <summary>Fills <paramref name="noise"/> with draws from <paramref name="random"/>, in order.</summary>
    public void Fill(SeededRandom random, Span<float> noise)
    {
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)(IsNormal ? random.NextNormal() : Low + ((High - Low) * random.NextDouble()));
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        IsNormal ? "normal" : string.Create(CultureInfo.InvariantCulture, $"uniform {Low} {High}");
}
