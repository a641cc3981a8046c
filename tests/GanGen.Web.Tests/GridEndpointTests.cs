using System.Linq;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Tasks;
using SkiaSharp;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>GET /grid.png and /model.json against the real server.</summary>
public sealed class GridEndpointTests(DcganServer dcgan, ConditionalServer conditional)
    : IClassFixture<DcganServer>, IClassFixture<ConditionalServer>
{
    private static readonly SKColor Gap = new(0x20, 0x20, 0x20);

    [Theory]
    // 16 tiles: 4 × 4 of 28·3 = 84 pixels, a 2-pixel gap around each: 4 · (84 + 2) + 2 = 346.
    [InlineData("seed=1&count=16&scale=3", 346, 346)]
    // 5 tiles: 3 columns, 2 rows of 28·2 = 56: 3 · 58 + 2 = 176 by 2 · 58 + 2 = 118.
    [InlineData("seed=1&count=5&scale=2", 176, 118)]
    // The defaults: 16 tiles at scale 3.
    [InlineData("seed=1", 346, 346)]
    // The largest grid at scale 4: 16 · (112 + 2) + 2 = 1826.
    [InlineData("seed=1&count=256&scale=4", 1826, 1826)]
    // One tile at scale 1: 28 + 4.
    [InlineData("seed=1&count=1&scale=1", 32, 32)]
    public async Task Grid_is_a_png_of_the_laid_out_size(string query, int width, int height)
    {
        using var response = await dcgan.Client.GetAsync($"/grid.png?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var image = Png.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Fact]
    public async Task Same_seed_gives_the_same_bytes_and_another_seed_other_bytes()
    {
        var first = await dcgan.Client.GetByteArrayAsync("/grid.png?seed=42&count=9");
        var again = await dcgan.Client.GetByteArrayAsync("/grid.png?seed=42&count=9");
        var other = await dcgan.Client.GetByteArrayAsync("/grid.png?seed=43&count=9");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        using var a = Png.Decode(first);
        using var b = Png.Decode(other);
        var differing = Enumerable.Range(0, a.Width * a.Height).Count(i => a.GetPixel(i % a.Width, i / a.Width) != b.GetPixel(i % a.Width, i / a.Width));
        Assert.True(differing > a.Width * a.Height / 4, $"only {differing} of {a.Width * a.Height} pixels differ between seeds 42 and 43");
    }

    [Fact]
    public async Task Grey_grid_has_gaps_and_scaled_grey_tiles_whose_first_tiles_do_not_depend_on_the_count()
    {
        using var nine = Png.Decode(await dcgan.Client.GetByteArrayAsync("/grid.png?seed=5&count=9&scale=2"));
        using var four = Png.Decode(await dcgan.Client.GetByteArrayAsync("/grid.png?seed=5&count=4&scale=2"));

        // The gap: the first row and column, and between tiles (x = 2 + 56 = 58, 59).
        Assert.All(new[] { (0, 0), (1, 10), (58, 30), (59, 30), (30, 58) }, p => Assert.Equal(Gap, nine.GetPixel(p.Item1, p.Item2)));
        // Grey: R = G = B everywhere; scale 2: every 2 × 2 block is one sample pixel.
        for (var y = 2; y < 58; y++)
        {
            for (var x = 2; x < 58; x++)
            {
                var pixel = nine.GetPixel(x, y);
                Assert.True(pixel.Red == pixel.Green && pixel.Green == pixel.Blue, $"({x}, {y}) is {pixel}, not grey");
                Assert.Equal(pixel, nine.GetPixel(x - ((x - 2) % 2), y - ((y - 2) % 2)));
            }
        }
        // The noise is drawn sample after sample, so tile k of a 3 × 3 grid is tile k of a 2 × 2 grid.
        foreach (var tile in Enumerable.Range(0, 4))
        {
            var (nineLeft, nineTop) = (2 + (tile % 3 * 58), 2 + (tile / 3 * 58));
            var (fourLeft, fourTop) = (2 + (tile % 2 * 58), 2 + (tile / 2 * 58));
            for (var y = 0; y < 56; y++)
            {
                for (var x = 0; x < 56; x++)
                {
                    Assert.Equal(four.GetPixel(fourLeft + x, fourTop + y), nine.GetPixel(nineLeft + x, nineTop + y));
                }
            }
        }
        Assert.True(Enumerable.Range(0, 56).Select(x => nine.GetPixel(2 + x, 30)).Distinct().Count() > 5, "a tile row is nearly flat");
    }

    [Fact]
    public async Task Conditional_grid_draws_the_chosen_class_or_every_class_in_turn()
    {
        using var all = Png.Decode(await conditional.Client.GetByteArrayAsync("/grid.png?seed=11&count=10&scale=1"));
        using var three = Png.Decode(await conditional.Client.GetByteArrayAsync("/grid.png?seed=11&count=10&scale=1&class=3"));
        using var four = Png.Decode(await conditional.Client.GetByteArrayAsync("/grid.png?seed=11&count=10&scale=1&class=4"));

        // 10 tiles: 4 columns of 28 + 2. Without a class, tile i has class i mod 10: tile 3 has class 3,
        // and the same noise as tile 3 of the class-3 grid.
        SKColor[] Tile(SKBitmap grid, int tile) =>
            [.. Enumerable.Range(0, 28 * 28).Select(i => grid.GetPixel(2 + (tile % 4 * 30) + (i % 28), 2 + (tile / 4 * 30) + (i / 28)))];
        Assert.Equal(Tile(three, 3), Tile(all, 3));
        Assert.Equal(Tile(four, 4), Tile(all, 4));
        // The same noise with another class is another picture.
        Assert.NotEqual(Tile(four, 3), Tile(all, 3));
        Assert.Contains(Tile(all, 0), pixel => pixel.Red != pixel.Green || pixel.Green != pixel.Blue);
    }

    [Fact]
    public async Task Model_json_describes_the_generator()
    {
        using var json = JsonDocument.Parse(await conditional.Client.GetStringAsync("/model.json"));
        var root = json.RootElement;

        Assert.Equal("WebTestConditionalDcgan", root.GetProperty("gan").GetString());
        Assert.Equal(10, root.GetProperty("classes").GetInt32());
        Assert.Equal("uniform -1 1", root.GetProperty("noise").GetString());
        Assert.Equal([16, 1, 1], root.GetProperty("noiseShape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([3, 28, 28], root.GetProperty("sampleShape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(256, (await dcgan.Client.GetFromJsonAsync<JsonElement>("/model.json")).GetProperty("maxCount").GetInt32());
    }
}
