using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using GanGen.Runtime.Output;
using GanGen.Runtime.Training;
using SkiaSharp;
using Xunit;

namespace GanGen.Runtime.Tests;

/// <summary>The run-output writers produce files that other tools (image viewers, pandas, TensorBoard) can read.</summary>
public sealed class OutputWriterTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"gangen-output-{Guid.NewGuid():N}");

    public OutputWriterTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(5000)] // smoothed
    public void LossPlotIsAPngOfTheAskedSize(int count)
    {
        var path = Path.Combine(folder, "losses.png");
        LossPlot.Save(path, Steps(count), "test run", width: 640, height: 480);

        using var png = SKBitmap.Decode(path);
        Assert.Equal((640, 480), (png.Width, png.Height));
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left behind
    }

    [Fact]
    public void LossPlotSurvivesDivergedValues()
    {
        var steps = Steps(50).Select(s => s.Step % 7 == 0 ? s with { DiscriminatorLoss = double.NaN, GeneratorLoss = double.PositiveInfinity } : s).ToList();
        using var png = SKBitmap.Decode(LossPlot.RenderPng(steps, "diverged"));
        Assert.NotNull(png);
    }

    [Fact]
    public void SmoothingAveragesBucketsAndSkipsNonFiniteValues()
    {
        var steps = new[] { Step(1, 1), Step(2, 3), Step(3, double.NaN), Step(4, 5), Step(5, double.NaN), Step(6, double.NaN) };
        var (xs, ys) = LossPlot.BucketMeans(steps, 2, s => s.DiscriminatorLoss);
        Assert.Equal(new[] { 1.5, 4 }, xs);
        Assert.Equal(new[] { 2.0, 5 }, ys);
    }

    [Fact]
    public void MetricsRoundTripInInvariantCultureWithExtraColumns()
    {
        var path = Path.Combine(folder, MetricsCsv.FileName);
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE"); // decimal comma
        try
        {
            using (var csv = new MetricsCsv(path, ["fid", "jsd"]))
            {
                csv.Append(new TrainingStep(1, 0.1, 1.0 / 3, 0.9, double.NaN), 2e-4, 1e-4, 0.5, [12.25, 0.03]);
                csv.Append(new TrainingStep(2, double.PositiveInfinity, 2, 3, 4), 2e-4, 1e-4, 1.0, [7]);
            }
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal("step,d_loss,g_loss,d_real,d_fake,lr_g,lr_d,seconds,fid,jsd", lines[0]);
        Assert.Equal("2,Infinity,2,3,4,0.0002,0.0001,1,7,", lines[2]);

        var rows = MetricsCsv.Read(path);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new TrainingStep(1, 0.1, 1.0 / 3, 0.9, double.NaN), rows[0].Training); // exact round trip
        Assert.Equal((2e-4, 1e-4, 0.5), (rows[0].LearningRateG, rows[0].LearningRateD, rows[0].Seconds));
        Assert.Equal(12.25, rows[0].Extra["fid"]);
        Assert.True(double.IsNaN(rows[1].Extra["jsd"]));
    }

    [Fact]
    public void ResumeKeepsRowsUpToTheCheckpointAndAppendsAfterThem()
    {
        var path = Path.Combine(folder, MetricsCsv.FileName);
        using (var csv = new MetricsCsv(path))
        {
            foreach (var step in Steps(10))
            {
                csv.Append(step, 1e-3, 1e-3, step.Step);
            }
        }

        // The run crashed after step 10 but its last checkpoint was step 6; the resumed run adds a column.
        using (var csv = new MetricsCsv(path, ["fid"], resumeAtStep: 6))
        {
            Assert.Equal(6, MetricsCsv.Read(path).Count); // readable while open, and already truncated
            csv.Append(Step(7, 0.7), 1e-3, 1e-3, 7, [30]);
        }

        var rows = MetricsCsv.Read(path);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6, 7 }, rows.Select(r => r.Training.Step));
        Assert.Equal(Steps(6), rows.Take(6).Select(r => r.Training));
        Assert.True(double.IsNaN(rows[0].Extra["fid"]));
        Assert.Equal(30, rows[6].Extra["fid"]);
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void ANewRunStartsTheFileAfreshAndResumingWithoutAFileCreatesIt()
    {
        var path = Path.Combine(folder, "run", MetricsCsv.FileName);
        using (var csv = new MetricsCsv(path, resumeAtStep: 100))
        {
            csv.Append(Step(101, 1), 0, 0, 0);
        }

        using (new MetricsCsv(path))
        {
        }

        Assert.Empty(MetricsCsv.Read(path));
    }

    [Fact]
    public void ReadKeepsWhatACutOffLineHoldsAndSkipsLinesWithoutAStep()
    {
        var path = Path.Combine(folder, MetricsCsv.FileName);
        File.WriteAllText(path, "step,d_loss,g_loss,d_real,d_fake,lr_g,lr_d,seconds\n1,0.5,0.5,0.5,0.5,1,1,1\n2,0.4,0.\n\n");
        var rows = MetricsCsv.Read(path);
        Assert.Equal(2, rows.Count);
        Assert.True(double.IsNaN(rows[1].Training.RealScore));
    }

    [Fact]
    public void BadExtraColumnNamesAreRefused()
    {
        var path = Path.Combine(folder, MetricsCsv.FileName);
        Assert.Throws<ArgumentException>(() => new MetricsCsv(path, ["a,b"]));
        Assert.Throws<ArgumentException>(() => new MetricsCsv(path, ["d_loss"]));
    }

    [Fact]
    public void TensorBoardWritesValidEventRecords()
    {
        var logs = Path.Combine(folder, "tensorboard");
        using (var log = new TensorBoardLog(logs))
        {
            log.Log(new TrainingStep(1, 1.25, 0.75, 0.5, 0.25), learningRateG: 2e-4);
            log.Log(new TrainingStep(2, double.NaN, 0.5, 0.5, 0.5)); // NaN is skipped
            log.Scalar("eval/jsd", 0.03, 2);
        }

        var file = Assert.Single(Directory.GetFiles(logs));
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(file));
        var events = ReadTfRecords(File.ReadAllBytes(file)).Select(Tensorboard.Event.Parser.ParseFrom).ToList();

        Assert.Equal("brain.Event:2", events[0].FileVersion);
        var scalars = events.Skip(1).Select(e => (e.Step, e.Summary.Value.Single().Tag, e.Summary.Value.Single().SimpleValue)).ToList();
        Assert.Equal(
            new (long, string, float)[] { (1, "loss/d", 1.25f), (1, "loss/g", 0.75f), (1, "score/real", 0.5f), (1, "score/fake", 0.25f), (1, "lr/g", 2e-4f),
             (2, "loss/g", 0.5f), (2, "score/real", 0.5f), (2, "score/fake", 0.5f), (2, "eval/jsd", 0.03f) },
            scalars);
    }

    [Fact]
    public void DensityPlotIsAPngOfTheAskedSize()
    {
        var path = Path.Combine(folder, "density.png");
        DensityPlot.Save(path, Frame(0, withOptimal: true), width: 600, height: 400);

        using var png = SKBitmap.Decode(path);
        Assert.Equal((600, 400), (png.Width, png.Height));
        using var frame = SKBitmap.Decode(DensityPlot.RenderPng(Frame(1, withOptimal: false)));
        Assert.Equal((800, 500), (frame.Width, frame.Height));
    }

    [Fact]
    public void HistogramIsADensityOverTheWholeSample()
    {
        // Four samples, one outside the range: the density integrates to 3/4.
        var (centres, density) = DensityPlot.Histogram([0.1, 0.2, 1.5, 9], min: 0, max: 2, bins: 2);
        Assert.Equal(new[] { 0.5, 1.5 }, centres);
        Assert.Equal(new[] { 0.5, 0.25 }, density);
    }

    [Fact]
    public void DensityPlotDrawsAnOptimalDecisionWithGaps()
    {
        // Undefined far out, defined in two stretches, one of them a single point.
        var frame = Frame(0, withOptimal: true);
        var optimal = frame.OptimalDecision!.Select((d, i) => i is (>= 40 and < 100) or 120 ? d : double.NaN).ToArray();
        using var png = SKBitmap.Decode(DensityPlot.RenderPng(frame with { OptimalDecision = optimal }, 400, 300));
        Assert.Equal((400, 300), (png.Width, png.Height));
    }

    [Fact]
    public void DensityFrameArraysMustMatchTheGrid()
    {
        var frame = Frame(0, withOptimal: false) with { Decision = [0.5] };
        Assert.Throws<ArgumentException>(() => DensityPlot.RenderPng(frame));
    }

    [Fact]
    public void GifHasEveryFrameAtItsSizeWithItsColours()
    {
        var colours = new[] { SKColors.Red, SKColors.Lime, SKColors.Blue };
        var frames = colours.Select((c, i) => Png(64, 48, c, i)).ToList();
        var path = Path.Combine(folder, "training.gif");
        AnimatedGif.Save(path, frames, delayMs: 200);

        using var codec = SKCodec.Create(path);
        Assert.Equal(SKEncodedImageFormat.Gif, codec.EncodedFormat);
        Assert.Equal(3, codec.FrameCount);
        Assert.Equal((64, 48), (codec.Info.Width, codec.Info.Height));
        Assert.Equal(-1, codec.RepetitionCount); // Skia's "for ever"
        Assert.All(codec.FrameInfo, f => Assert.Equal(200, f.Duration));

        for (var i = 0; i < colours.Length; i++)
        {
            using var decoded = new SKBitmap(new SKImageInfo(64, 48, SKColorType.Rgba8888, SKAlphaType.Premul));
            Assert.Equal(SKCodecResult.Success, codec.GetPixels(decoded.Info, decoded.GetPixels(), new SKCodecOptions(i)));
            Assert.True(Near(SKColors.White, decoded.GetPixel(1, 1)), $"frame {i} background is {decoded.GetPixel(1, 1)}");
            Assert.True(Near(colours[i], decoded.GetPixel(10 + (10 * i), 20)), $"frame {i} square is {decoded.GetPixel(10 + (10 * i), 20)}");
        }
    }

    [Fact]
    public void GifOfDensityPlotsDecodes()
    {
        var path = Path.Combine(folder, "density.gif");
        AnimatedGif.Save(path, [DensityPlot.RenderPng(Frame(0, true), 320, 200), DensityPlot.RenderPng(Frame(1, true), 320, 200)], delayMs: 100);

        using var codec = SKCodec.Create(path);
        Assert.Equal(2, codec.FrameCount);
        Assert.Equal((320, 200), (codec.Info.Width, codec.Info.Height));
    }

    [Fact]
    public void GifFramesMustShareOneSize()
    {
        var path = Path.Combine(folder, "mixed.gif");
        Assert.Throws<ArgumentException>(() => AnimatedGif.Save(path, [Png(10, 10, SKColors.Red, 0), Png(12, 10, SKColors.Red, 0)], 100));
        Assert.Throws<ArgumentException>(() => AnimatedGif.Save(path, [], 100));
        Assert.False(File.Exists(path));
    }

    private static TrainingStep Step(long step, double dLoss) => new(step, dLoss, 1, 0.5, 0.5);

    private static List<TrainingStep> Steps(int count) =>
        Enumerable.Range(1, count).Select(i => new TrainingStep(i, 1.4 - (0.3 / i), 0.7 + (1.0 / i), 0.5 + (0.3 / i), 0.5 - (0.3 / i))).ToList();

    private static DensityFrame Frame(int step, bool withOptimal)
    {
        var grid = Enumerable.Range(0, 161).Select(i => -8 + (i * 0.1)).ToArray();
        static double Normal(double x, double mean, double sd) => Math.Exp(-0.5 * Math.Pow((x - mean) / sd, 2)) / (sd * Math.Sqrt(2 * Math.PI));
        var real = grid.Select(x => Normal(x, 4, 0.5)).ToArray();
        var generated = grid.Select(x => Normal(x, step, 1)).ToArray();
        var random = new Random(step);
        var samples = Enumerable.Range(0, 1000).Select(_ => step + (random.NextDouble() * 2) - 1).ToArray();
        var optimal = withOptimal ? real.Zip(generated, (r, g) => r / (r + g)).ToArray() : null;
        return new DensityFrame(grid, grid.Select(x => 1 / (1 + Math.Exp(-x))).ToArray(), real, samples, optimal, $"step {step}") { YMax = 1.2 };
    }

    /// <summary>A white PNG with a coloured 10x10 square at x = 5 + 10·offset, y = 15.</summary>
    private static byte[] Png(int width, int height, SKColor colour, int offset)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            canvas.DrawRect(5 + (10 * offset), 15, 10, 10, new SKPaint { Color = colour });
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static bool Near(SKColor expected, SKColor actual) =>
        Math.Abs(expected.Red - actual.Red) + Math.Abs(expected.Green - actual.Green) + Math.Abs(expected.Blue - actual.Blue) <= 24;

    /// <summary>Splits TFRecord framing (length, masked CRC of it, data, masked CRC of data), checking both CRCs.</summary>
    private static IEnumerable<byte[]> ReadTfRecords(byte[] file)
    {
        static uint Masked(uint crc) => ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
        for (var at = 0; at < file.Length;)
        {
            var length = BitConverter.ToInt64(file, at);
            Assert.Equal(Masked(TorchSharp.Utils.CRC32C.process(length)), BitConverter.ToUInt32(file, at + 8));
            var data = file.AsSpan(at + 12, (int)length).ToArray();
            Assert.Equal(Masked(TorchSharp.Utils.CRC32C.process(data)), BitConverter.ToUInt32(file, at + 12 + (int)length));
            at += 16 + (int)length;
            yield return data;
        }
    }
}
