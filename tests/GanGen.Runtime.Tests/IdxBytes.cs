using System.Linq;

namespace GanGen.Runtime.Tests;

/// <summary>Builds unsigned-byte IDX files (MNIST's format) for tests.</summary>
internal static class IdxBytes
{
    /// <summary>The magic number (unsigned bytes, rank), big-endian sizes, then the bytes.</summary>
    public static byte[] Of(int[] shape, byte[] data)
    {
        var header = new byte[] { 0, 0, 8, (byte)shape.Length };
        var sizes = shape.SelectMany(s => new[] { (byte)(s >> 24), (byte)(s >> 16), (byte)(s >> 8), (byte)s });
        return header.Concat(sizes).Concat(data).ToArray();
    }
}
