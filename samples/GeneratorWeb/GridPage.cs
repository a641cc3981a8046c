using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;

namespace GanGen.Web;

/// <summary>The HTML page: a form (class, seed, count) and the grid it names, with no script.</summary>
public static class GridPage
{
    /// <summary>The id of the grid's <c>img</c> element.</summary>
    public const string GridImageId = "grid";

    /// <summary>The page for <paramref name="request"/>.</summary>
    public static string Render(GeneratorModel model, GridRequest request, ulong nextSeed)
    {
        var html = HtmlEncoder.Default;
        var metadata = model.Metadata;
        var (width, height) = GridImage.Size(model, request.Count, request.Scale);
        var page = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        page.Append(invariant, $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{{html.Encode(metadata.Gan)}}: GanGen generator</title>
            <style>
            body { font-family: sans-serif; background: #f4f1ea; color: #222; margin: 24px; }
            form { margin-bottom: 16px; }
            label { margin-right: 12px; }
            input[type=number] { width: 12em; }
            img { display: block; image-rendering: pixelated; }
            </style>
            </head>
            <body>
            <h1>{{html.Encode(metadata.Gan)}}</h1>
            <p>{{Describe(model)}}</p>
            <form method="get" action="/">

            """);
        if (metadata.IsConditional)
        {
            page.Append("<label>Class <select name=\"class\">");
            page.Append(request.Class is null ? "<option value=\"\" selected>all, in turn</option>" : "<option value=\"\">all, in turn</option>");
            foreach (var label in Enumerable.Range(0, metadata.Classes))
            {
                page.Append(invariant, $"<option value=\"{label}\"{(request.Class == label ? " selected" : "")}>{label}</option>");
            }
            page.Append("</select></label>\n");
        }
        page.Append(invariant, $$"""
            <label>Seed <input type="number" name="seed" min="0" value="{{request.Seed}}"></label>
            <label>Samples <input type="number" name="count" min="1" max="{{GridRequest.MaxCount}}" value="{{request.Count}}"></label>
            <input type="hidden" name="scale" value="{{request.Scale}}">
            <button type="submit">Show</button>
            <a href="/?{{html.Encode((request with { Seed = nextSeed }).ToQuery())}}">New seed</a>
            </form>
            <img id="{{GridImageId}}" src="/grid.png?{{html.Encode(request.ToQuery())}}" width="{{width}}" height="{{height}}" alt="{{request.Count}} samples of {{html.Encode(metadata.Gan)}}, seed {{request.Seed}}">
            </body>
            </html>

            """);
        return page.ToString();
    }

    private static string Describe(GeneratorModel model)
    {
        var metadata = model.Metadata;
        var kind = metadata.IsConditional ? $"conditional, {metadata.Classes} classes" : "unconditional";
        var colour = model.Channels == 3 ? "RGB" : "grey";
        return HtmlEncoder.Default.Encode(
            $"{kind}; noise {metadata.Noise} [{string.Join(", ", model.NoiseShape)}]; {model.Width}×{model.Height} {colour} samples.");
    }
}
