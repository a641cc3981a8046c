namespace GanGen.Web;

/// <summary>What a generator's samples mean, as its <c>gangen.pixels</c> metadata says.</summary>
public enum PixelRange
{
    /// <summary><c>-1..1</c>: images with pixels in [-1, 1] (tanh output).</summary>
    MinusOneToOne,

    /// <summary><c>0..1</c>: images with pixels in [0, 1] (sigmoid output).</summary>
    ZeroToOne,

    /// <summary><c>none</c>: 1-D samples, not images.</summary>
    None,
}
