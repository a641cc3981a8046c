using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>TorchSharp's native library loads on this OS (the build's GLIBCXX fix) and computes.</summary>
public sealed class TorchSharpLoadTests
{
    [Fact]
    public void MatrixProductRunsInLibTorch()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        var product = a.matmul(b);
        Assert.Equal(new float[] { 19, 22, 43, 50 }, product.data<float>().ToArray());
    }
}
