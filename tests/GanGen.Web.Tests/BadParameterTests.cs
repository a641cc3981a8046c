using System.Net;
using System.Threading.Tasks;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>Bad query parameters are answered 400 with a one-line message that says what is wrong.</summary>
public sealed class BadParameterTests(DcganServer dcgan, ConditionalServer conditional)
    : IClassFixture<DcganServer>, IClassFixture<ConditionalServer>
{
    private const string Classes = "class must be a whole number from 0 to 9 (WebTestConditionalDcgan has 10 classes); got";
    private const string Seeds = "seed must be a whole number from 0 to 18446744073709551615; got";

    [Theory]
    [InlineData("/grid.png?seed=1&class=10", $"{Classes} '10'.")]
    [InlineData("/grid.png?seed=1&class=-1", $"{Classes} '-1'.")]
    [InlineData("/grid.png?seed=1&class=three", $"{Classes} 'three'.")]
    [InlineData("/grid.png?seed=1&class=99999999999", $"{Classes} '99999999999'.")]
    [InlineData("/grid.png?seed=1&count=100000", "count must be a whole number from 1 to 256; got '100000'.")]
    [InlineData("/grid.png?seed=1&count=257", "count must be a whole number from 1 to 256; got '257'.")]
    [InlineData("/grid.png?seed=1&count=0", "count must be a whole number from 1 to 256; got '0'.")]
    [InlineData("/grid.png?seed=1&count=1e3", "count must be a whole number from 1 to 256; got '1e3'.")]
    [InlineData("/grid.png?seed=1&scale=9", "scale must be a whole number from 1 to 8; got '9'.")]
    // 256 tiles: 16 columns of 28·5 = 140 pixels: 16 · 142 + 2 = 2274. At scale 4 (1826) it is allowed.
    [InlineData("/grid.png?seed=1&count=256&scale=5", "count 256 at scale 5 makes a 2274x2274 grid, over the 2048-pixel limit; lower count or scale.")]
    [InlineData("/grid.png?seed=abc", $"{Seeds} 'abc'.")]
    [InlineData("/grid.png?seed=-5", $"{Seeds} '-5'.")]
    [InlineData("/grid.png?seed=18446744073709551616", $"{Seeds} '18446744073709551616'.")]
    [InlineData("/grid.png?seed=1&seed=2", "seed is given 2 times; give it once.")]
    [InlineData("/grid.png?count=4", "seed is required: a whole number from 0 to 18446744073709551615, e.g. ?seed=42.")]
    [InlineData("/?class=12", $"{Classes} '12'.")]
    [InlineData("/?count=500", "count must be a whole number from 1 to 256; got '500'.")]
    public async Task Conditional_server_answers_400_with_the_message(string url, string message)
    {
        await AssertBadRequest(conditional, url, message);
    }

    [Theory]
    [InlineData("/grid.png?seed=1&class=0", "class: WebTestDcgan is unconditional, so it takes no class; leave class out.")]
    [InlineData("/?seed=1&class=3", "class: WebTestDcgan is unconditional, so it takes no class; leave class out.")]
    public async Task Unconditional_server_refuses_a_class(string url, string message)
    {
        await AssertBadRequest(dcgan, url, message);
    }

    private static async Task AssertBadRequest(WebServer server, string url, string message)
    {
        using var response = await server.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(message + "\n", await response.Content.ReadAsStringAsync());
    }
}
