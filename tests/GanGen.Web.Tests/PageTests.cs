using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>GET / : the form and the grid it names.</summary>
public sealed partial class PageTests(DcganServer dcgan, ConditionalServer conditional)
    : IClassFixture<DcganServer>, IClassFixture<ConditionalServer>
{
    [Fact]
    public async Task Conditional_page_offers_the_classes_and_shows_the_chosen_grid()
    {
        using var response = await conditional.Client.GetAsync("/?seed=7&class=3&count=9");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>WebTestConditionalDcgan</h1>", html);
        Assert.Contains("<option value=\"3\" selected>3</option>", html);
        Assert.Contains("<option value=\"9\">9</option>", html);
        Assert.DoesNotContain("<option value=\"10\">", html);
        Assert.Contains("<input type=\"number\" name=\"seed\" min=\"0\" value=\"7\">", html);
        // 9 tiles at scale 3: 3 · (84 + 2) + 2 = 260 pixels square.
        Assert.Contains("<img id=\"grid\" src=\"/grid.png?seed=7&amp;class=3&amp;count=9&amp;scale=3\" width=\"260\" height=\"260\"", html);

        var grid = await conditional.Client.GetByteArrayAsync(WebUtility.HtmlDecode(ImageSource().Match(html).Groups[1].Value));
        using var image = Png.Decode(grid);
        Assert.Equal((260, 260), (image.Width, image.Height));
        Assert.Equal(await conditional.Client.GetByteArrayAsync("/grid.png?class=3&seed=7&count=9"), grid);
    }

    [Fact]
    public async Task Blank_form_fields_mean_left_out()
    {
        // What the form sends with "all, in turn" chosen and the seed field cleared.
        var html = await conditional.Client.GetStringAsync("/?class=&seed=&count=4");

        Assert.Contains("<option value=\"\" selected>all, in turn</option>", html);
        Assert.Matches("<img id=\"grid\" src=\"/grid.png\\?seed=\\d+&amp;count=4&amp;scale=3\"", html);
    }

    [Fact]
    public async Task Unconditional_page_has_no_class_and_a_fresh_seed_on_every_visit()
    {
        var first = await dcgan.Client.GetStringAsync("/");
        var second = await dcgan.Client.GetStringAsync("/");

        Assert.Contains("<h1>WebTestDcgan</h1>", first);
        Assert.DoesNotContain("name=\"class\"", first);
        Assert.Matches(ImageSource(), first);
        // Random seeds below 2^53: two visits draw the same one with probability 2^-53.
        Assert.NotEqual(ImageSource().Match(first).Groups[1].Value, ImageSource().Match(second).Groups[1].Value);
        Assert.Matches("<a href=\"/\\?seed=\\d+&amp;count=16&amp;scale=3\">New seed</a>", first);
    }

    [GeneratedRegex("<img id=\"grid\" src=\"([^\"]+)\"")]
    private static partial Regex ImageSource();
}
