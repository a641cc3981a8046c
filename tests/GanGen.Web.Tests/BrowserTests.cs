using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;

namespace GanGen.Web.Tests;

/// <summary>The page in a real browser: headless Chromium's screenshot shows the grid, pixel for pixel.</summary>
[Collection(SerialCollection.Name)]
public sealed class BrowserTests(ConditionalServer server, ITestOutputHelper output) : IClassFixture<ConditionalServer>
{
    [ChromiumFact]
    public async Task Screenshot_of_the_page_shows_the_grid()
    {
        const string Query = "seed=7&class=3&count=16&scale=3";
        var folder = Directory.CreateTempSubdirectory("gangen-web-chromium-");
        try
        {
            var screenshot = Path.Combine(folder.FullName, "page.png");
            var (code, log) = await Screenshot(new Uri(server.Address, $"/?{Query}"), screenshot, Path.Combine(folder.FullName, "profile"));
            Assert.True(code == 0 && File.Exists(screenshot), $"chromium exited with {code} and {(File.Exists(screenshot) ? "a" : "no")} screenshot: {log}");

            using var page = Png.Decode(await File.ReadAllBytesAsync(screenshot));
            using var grid = Png.Decode(await server.Client.GetByteArrayAsync($"/grid.png?{Query}"));
            Assert.Equal((900, 700), (page.Width, page.Height));
            var found = Find(page, grid);
            output.WriteLine($"the {grid.Width}x{grid.Height} grid is at {found} in the {page.Width}x{page.Height} screenshot");
            Assert.True(found is not null, $"the {grid.Width}x{grid.Height} grid is not in the screenshot (kept at {screenshot} for a look)");
            // The grid holds 16 different pictures, not a flat area: many colours.
            Assert.True(Enumerable.Range(0, grid.Width * grid.Height).Select(i => grid.GetPixel(i % grid.Width, i / grid.Width)).Distinct().Count() > 1000);
            folder.Delete(recursive: true);
        }
        catch
        {
            // The screenshot stays for a look; the profile is big and useless.
            var profile = Path.Combine(folder.FullName, "profile");
            if (Directory.Exists(profile))
            {
                Directory.Delete(profile, recursive: true);
            }
            throw;
        }
    }

    private static async Task<(int Code, string Log)> Screenshot(Uri url, string file, string profile)
    {
        var start = new ProcessStartInfo(ChromiumFactAttribute.Chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            // --no-sandbox: the tests run as root in CI, and Chromium's sandbox refuses root.
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--force-device-scale-factor=1", "--hide-scrollbars", $"--user-data-dir={profile}",
            $"--screenshot={file}", "--window-size=900,700", url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }
        using var chromium = Process.Start(start)!;
        var stdout = chromium.StandardOutput.ReadToEndAsync();
        var stderr = chromium.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await chromium.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            chromium.Kill(entireProcessTree: true);
            return (-1, "timed out after 2 minutes; " + await stderr);
        }
        return (chromium.ExitCode, (await stdout + await stderr).Trim());
    }

    /// <summary>Where <paramref name="needle"/> appears in <paramref name="page"/>, every pixel within 2 levels; null if nowhere.</summary>
    private static (int X, int Y)? Find(SKBitmap page, SKBitmap needle)
    {
        var pagePixels = page.Pixels;
        var needlePixels = needle.Pixels;
        static bool Close(SKColor a, SKColor b) =>
            Math.Abs(a.Red - b.Red) <= 2 && Math.Abs(a.Green - b.Green) <= 2 && Math.Abs(a.Blue - b.Blue) <= 2;
        for (var top = 0; top + needle.Height <= page.Height; top++)
        {
            for (var left = 0; left + needle.Width <= page.Width; left++)
            {
                var match = true;
                for (var y = 0; match && y < needle.Height; y++)
                {
                    for (var x = 0; match && x < needle.Width; x++)
                    {
                        match = Close(pagePixels[((top + y) * page.Width) + left + x], needlePixels[(y * needle.Width) + x]);
                    }
                }
                if (match)
                {
                    return (left, top);
                }
            }
        }
        return null;
    }
}
