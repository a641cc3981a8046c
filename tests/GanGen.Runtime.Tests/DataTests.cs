using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using GanGen.Runtime.Data;
using GanGen.Spec.Training;
using Xunit;
using static TorchSharp.torch;

namespace GanGen.Runtime.Tests;

/// <summary>IDX and npm-digit loading on small files made here, and the 1-D seed's samplers (damaged files: <see cref="BadDataTests"/>).</summary>
public sealed class DataTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("gangen-data-").FullName;

    [Fact]
    public void ReadsRawAndGzippedIdx()
    {
        var raw = Write("images-idx3-ubyte", IdxBytes.Of(new[] { 2, 2, 3 }, Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray()));
        var gz = Gzip(raw);

        foreach (var path in new[] { raw, gz })
        {
            var file = IdxFile.Read(path);
            Assert.Equal(new[] { 2, 2, 3 }, file.Shape);
            Assert.Equal(220, file.Data[11]);
        }
    }

    [Fact]
    public void ImagesAndLabelsBecomeScaledTensors()
    {
        var images = Write("i", IdxBytes.Of(new[] { 2, 1, 2 }, new byte[] { 0, 255, 51, 102 }));
        var labels = Write("l", IdxBytes.Of(new[] { 2 }, new byte[] { 7, 3 }));
        using var scope = NewDisposeScope();

        using var tanhRange = ImageDataset.FromIdx(images, labels, PixelScale.MinusOneToOne);
        Assert.Equal(new long[] { 2, 1, 1, 2 }, tanhRange.Images.shape);
        Assert.Equal(new[] { -1f, 1f, -0.6f, -0.2f }, tanhRange.Images.data<float>().ToArray().Select(v => MathF.Round(v, 4)));
        Assert.Equal(new long[] { 7, 3 }, tanhRange.Labels.data<long>().ToArray());

        using var sigmoidRange = ImageDataset.FromIdx(images, labels, PixelScale.ZeroToOne);
        Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, sigmoidRange.Images.data<float>().ToArray().Select(v => MathF.Round(v, 4)));
    }

    [Fact]
    public void PixelsMapBetweenUnitAndTheGeneratorsRange()
    {
        using var scope = NewDisposeScope();
        var unit = tensor(new[] { 0f, 0.25f, 0.5f, 1f });

        Assert.Equal(new[] { -1f, -0.5f, 0f, 1f }, PixelScale.MinusOneToOne.FromUnit(unit).data<float>().ToArray());
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 1f }, PixelScale.MinusOneToOne.ToUnit(PixelScale.MinusOneToOne.FromUnit(unit)).data<float>().ToArray());
        Assert.Same(unit, PixelScale.ZeroToOne.FromUnit(unit));
        Assert.Same(unit, PixelScale.ZeroToOne.ToUnit(unit));

        // Image settings built in code without a scale read as the Tanh range.
        Assert.Equal(new[] { -1f, -0.5f, 0f, 1f }, PixelScale.None.FromUnit(unit).data<float>().ToArray());
        Assert.Equal(new[] { 0.5f, 0.625f, 0.75f, 1f }, PixelScale.None.ToUnit(unit).data<float>().ToArray());
    }

    [Fact]
    public void ReadsNpmDigitFiles()
    {
        var digits = Path.Combine(folder, "mnist", "src", "digits");
        Directory.CreateDirectory(digits);
        for (var d = 0; d < 10; d++)
        {
            // Digit d gets d + 1 images whose pixels all equal d / 10.
            var values = Enumerable.Repeat((d / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture), (d + 1) * 784);
            File.WriteAllText(Path.Combine(digits, $"{d}.json"), "{\"data\": [" + string.Join(",", values) + "]}");
        }

        using var scope = NewDisposeScope();
        using var set = NpmMnistDigits.Load(Path.Combine(folder, "mnist"), PixelScale.ZeroToOne);
        Assert.Equal(55, set.Count);
        Assert.Equal(new long[] { 55, 1, 28, 28 }, set.Images.shape);
        Assert.Equal(9, set.Labels[54].item<long>());
        Assert.Equal(0.9f, set.Images[54].mean().item<float>(), 5);

        File.WriteAllText(Path.Combine(digits, "4.json"), "{\"data\": [0.5, 0.5]}");
        var error = Assert.Throws<InvalidDataException>(() => NpmMnistDigits.Load(Path.Combine(folder, "mnist"), PixelScale.ZeroToOne));
        Assert.EndsWith("4.json: holds 2 values, which is not a positive multiple of 784 (28 x 28)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StratifiedNoiseCoversTheRangeInEveryBatch()
    {
        using var scope = NewDisposeScope();
        var noise = Samplers.Stratified(8)(5, new Generator(1)).data<float>().ToArray();
        var grid = new[] { -8f, -4f, 0f, 4f, 8f };
        Assert.All(noise.Zip(grid), p => Assert.InRange(p.First - p.Second, 0f, 0.01f));
    }

    [Fact]
    public void GaussianSamplesHaveTheSeedsMoments()
    {
        using var scope = NewDisposeScope();
        var samples = Samplers.Gaussian(4, 0.5)(20_000, new Generator(7));
        Assert.Equal(new long[] { 20_000, 1 }, samples.shape);
        Assert.Equal(4.0, samples.mean().item<float>(), 1);
        Assert.Equal(0.5, samples.std().item<float>(), 1);
    }

    [Fact]
    public void MixtureVisitsEveryMode()
    {
        using var scope = NewDisposeScope();
        var samples = Samplers.GaussianMixture(new[] { -4.0, 4.0 }, 0.1)(1000, new Generator(3));
        var positive = (samples > 0).sum().item<long>();
        Assert.InRange(positive, 400, 600);
        Assert.True(samples.abs().min().item<float>() > 3, "every sample sits near a mode");
    }

    [Fact]
    public void TensorSamplerDrawsExamplesReshapedPerSample()
    {
        using var scope = NewDisposeScope();
        var examples = arange(3 * 4, dtype: ScalarType.Float32).view(3, 1, 2, 2);
        var batch = Samplers.FromTensor(examples, 4)(5, new Generator(9));

        Assert.Equal(new long[] { 5, 4 }, batch.shape);
        Assert.All(batch.data<float>().ToArray().Chunk(4), row => Assert.Equal(new[] { row[0], row[0] + 1, row[0] + 2, row[0] + 3 }, row));
    }

    [Fact]
    public void GaussianDensityIsTheNormalPdf()
    {
        using var scope = NewDisposeScope();
        var density = Samplers.GaussianDensity(tensor(new[] { 4f, 4.5f }), 4, 0.5).data<float>().ToArray();

        // 1 / (0.5 sqrt(2π)) = 0.7978846; one std away: × exp(-1/2) = 0.4839414.
        Assert.Equal(0.7978846f, density[0], 5);
        Assert.Equal(0.4839414f, density[1], 5);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Gzip(string path)
    {
        var target = path + ".gz";
        using var output = new GZipStream(File.Create(target), CompressionLevel.Fastest);
        output.Write(File.ReadAllBytes(path));
        return target;
    }
}
