using System;
using System.Globalization;
using System.IO;
using System.Linq;
using GanGen.Runtime.Evaluation;
using GanGen.Runtime.Tests;
using SkiaSharp;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>
/// <c>gangen eval --images</c> and <c>gangen sample --folder</c> end to end, as gangen processes with a cache of their
/// own: a GAN of a folder of 8x8 bar images (horizontal and vertical, two class subfolders), measured on bars drawn
/// here as another program's samples, and on its own samples written a PNG file each.
/// </summary>
public sealed class EvalCommandTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("gangen-eval-cli-").FullName;

    [Fact]
    public void ScoresPngAndIdxImagesMadeElsewhereAndSamplesWrittenAFileEach()
    {
        DrawBars(Path.Combine(root, "data"), perKind: 250, seed: 1);
        var both = DrawBars(Path.Combine(root, "both"), perKind: 100, seed: 2);
        DrawBars(Path.Combine(root, "horizontal"), perKind: 100, seed: 3, vertical: false);
        WriteIdx(Path.Combine(root, "idx"), both);
        var spec = Path.Combine(root, "spec.yaml");
        File.WriteAllText(spec, "models:\n  G:\n    input: [8]\n    layers: [{ Linear: { out_features: 64 } }, Tanh, { Reshape: [1, 8, 8] }]\n"
            + "  D:\n    input: [1, 8, 8]\n    layers: [Flatten, { Linear: { out_features: 1 } }]\n"
            + $"gans:\n  Bars:\n    generator: G\n    discriminator: D\n    training: {{ data: {{ images: {{ path: {Path.Combine(root, "data")}, size: 8, channels: 1 }} }}, steps: 10 }}\n");

        var (code, output) = Eval("both");
        Assert.True(code == 0, output);
        // Every fifth of the 500 data images is held out: 100 real images a side, so 100 of the 200 are drawn.
        // Spectre.Console wraps the table's title, and may break the path inside it: only its words are checked.
        Assert.Contains("100 of 200 images from", output, StringComparison.Ordinal);
        Assert.Contains("Training the data-8px-1ch domain classifier", output, StringComparison.Ordinal);
        Assert.Equal(0, Eval("horizontal").Code);
        Assert.Equal(0, Eval("idx").Code);

        var mixed = Report("both");
        var oneKind = Report("horizontal");
        Assert.Equal(2, mixed[QualityMetric.ClassesHit]);
        Assert.Equal(1, oneKind[QualityMetric.ClassesHit]);
        Assert.True(mixed[QualityMetric.ClassKl] < 0.05, $"class_kl {mixed[QualityMetric.ClassKl]} for bars of both kinds in equal numbers");
        Assert.True(oneKind[QualityMetric.Fid] > 10 * mixed[QualityMetric.Fid], $"fid {oneKind[QualityMetric.Fid]} for one kind of bar, {mixed[QualityMetric.Fid]} for both");

        // The same pixels as IDX: the same measurement, to the last digit.
        Assert.Equal(mixed.Values, Report("idx").Values);

        // GanGen's own samples as files, a PNG each, scored like any other folder (the classifier is cached by now).
        var run = Path.Combine(root, "run");
        Assert.Equal(0, Gangen("train", "--spec", spec, "--gan", "Bars", "--run", run, "--steps", "20", "--no-eval").Code);
        var (sampled, sampledOutput) = Gangen("sample", run, "--count", "150", "--folder", Path.Combine(root, "samples"));
        Assert.True(sampled == 0, sampledOutput);
        Assert.Contains("150 samples written as PNG files to", sampledOutput, StringComparison.Ordinal);
        Assert.Equal(150, Directory.GetFiles(Path.Combine(root, "samples"), "*.png").Length);
        var (scored, scoredOutput) = Eval("samples");
        Assert.True(scored == 0, scoredOutput);
        Assert.Contains("100 of 150 images from", scoredOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("domain classifier (", scoredOutput, StringComparison.Ordinal);

        var (twice, twiceOutput) = Gangen("sample", run, "--folder", Path.Combine(root, "samples"), "--output", Path.Combine(root, "grid.png"));
        Assert.Equal(1, twice);
        Assert.Equal("error: give --output (one grid, or a CSV file in 1-D) or --folder (a PNG file per sample), not both", twiceOutput);

        var (bad, badOutput) = Eval("data/horizontal/000.png");
        Assert.Equal(1, bad);
        Assert.StartsWith($"error: {Path.Combine(root, "data/horizontal/000.png")}: no such folder; write the samples there as PNG/JPEG files", badOutput, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>
    /// Bars one pixel wide, at a random row (or column) and brightness on black, as 8-bit pixels [image, y, x] in
    /// the order gangen reads the files (by path: zero-padded numbers, horizontal before vertical).
    /// </summary>
    private static byte[][] DrawBars(string folder, int perKind, int seed, bool vertical = true)
    {
        var random = new Random(seed);
        var images = new System.Collections.Generic.List<byte[]>();
        foreach (var kind in vertical ? new[] { "horizontal", "vertical" } : new[] { "horizontal" })
        {
            for (var i = 0; i < perKind; i++)
            {
                var (line, level) = (random.Next(8), (byte)random.Next(128, 256));
                var pixels = Enumerable.Range(0, 64).Select(p => (kind == "horizontal" ? p / 8 : p % 8) == line ? level : (byte)0).ToArray();
                ImageFiles.Write(Path.Combine(folder, kind, $"{i.ToString("D3", CultureInfo.InvariantCulture)}.png"), 8, 8, (x, y) => new SKColor(pixels[(y * 8) + x], pixels[(y * 8) + x], pixels[(y * 8) + x]));
                images.Add(pixels);
            }
        }

        return images.ToArray();
    }

    private static void WriteIdx(string folder, byte[][] images)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte"), IdxBytes.Of([images.Length, 8, 8], images.SelectMany(i => i).ToArray()));
        File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte"), IdxBytes.Of([images.Length], new byte[images.Length]));
    }

    private (int Code, string Output) Eval(string folder) =>
        Gangen("eval", "--images", Path.Combine(root, folder), "--gan", "Bars", "--spec", Path.Combine(root, "spec.yaml"), "--eval-samples", "200", "--output", Path.Combine(root, folder.Replace('/', '-') + ".json"));

    /// <summary>Runs gangen with this test's cache folder, for the bar classifier and the decoded images.</summary>
    private (int Code, string Output) Gangen(params string[] arguments)
    {
        using var gangen = GanGenProcess.Launch([$"GANGEN_CACHE={Path.Combine(root, "cache")}"], arguments);
        var code = gangen.WaitForExit();
        return (code, gangen.Output);
    }

    private QualityReport Report(string folder) => QualityReport.FromJson(File.ReadAllText(Path.Combine(root, folder + ".json")));
}
