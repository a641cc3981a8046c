using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GanGen.Web;

/// <summary>Builds the web application: the model from configuration, the page and the endpoints.</summary>
public static class GeneratorWebApp
{
    /// <summary>The configuration key of the model file (<c>--model FILE</c> on the command line).</summary>
    public const string ModelKey = "model";

    /// <summary>
    /// Loads the model that configuration names (<c>--model FILE</c>, or <c>Model</c> in
    /// appsettings.json or the environment) and maps <c>/</c> (the page), <c>/grid.png</c> and
    /// <c>/model.json</c>. A missing or unusable model is a <see cref="ModelLoadException"/>.
    /// </summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // One log line per request would drown the startup lines that say where the page is.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var path = builder.Configuration[ModelKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ModelLoadException(
                "No generator to serve: pass --model FILE, an ONNX file written by `gangen export RUN --onnx FILE` (or set Model in appsettings.json or the environment).");
        }
        // Loaded now, so that a bad model stops the start; registered through a factory, so that the
        // container disposes it with the app.
        var model = GeneratorModel.Load(path);
        builder.Services.AddSingleton(_ => model);
        var app = builder.Build();
        app.MapGet("/", Page);
        app.MapGet("/grid.png", Grid);
        app.MapGet("/model.json", () => Results.Json(new
        {
            gan = model.Metadata.Gan,
            classes = model.Metadata.Classes,
            noise = model.Metadata.Noise.ToString(),
            noiseShape = model.NoiseShape,
            sampleShape = new[] { model.Channels, model.Height, model.Width },
            maxCount = GridRequest.MaxCount,
        }));
        return app;
    }

    private static IResult Page(HttpRequest http, GeneratorModel model)
    {
        var request = GridRequest.Parse(http.Query, model, RandomSeed(), out var error);
        return request is null
            ? BadRequest(error)
            : Results.Content(GridPage.Render(model, request, RandomSeed()), "text/html; charset=utf-8");
    }

    private static IResult Grid(HttpRequest http, GeneratorModel model)
    {
        var request = GridRequest.Parse(http.Query, model, null, out var error);
        return request is null ? BadRequest(error) : Results.Bytes(GridRenderer.Png(model, request), "image/png");
    }

    private static IResult BadRequest(string message) => Results.Text(message + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);

    // Seeds a browser can type and a page can show: below 2^53, where JavaScript's numbers are still exact.
    private static ulong RandomSeed() => (ulong)Random.Shared.NextInt64(1L << 53);
}
