using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using GanGen.Web;
using Microsoft.AspNetCore.Builder;
using Xunit;

namespace GanGen.Web.Tests;

/// <summary>
/// The web sample serving one of the test generators, for real: Kestrel on 127.0.0.1 with a port the
/// system picks (so it is free), in this process. Tests talk to it over HTTP.
/// </summary>
public abstract class WebServer : IAsyncLifetime
{
    private WebApplication? app;

    protected WebServer(string modelFile)
    {
        ModelPath = GeneratorFile(modelFile);
    }

    /// <summary>The model file served.</summary>
    public string ModelPath { get; }

    /// <summary>The server's address, e.g. http://127.0.0.1:40123, once started.</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>A client for the server (HttpClient is safe to share between threads).</summary>
    public HttpClient Client { get; private set; } = new();

    /// <summary>The path of a test generator copied beside the tests.</summary>
    public static string GeneratorFile(string name) => Path.Combine(AppContext.BaseDirectory, "Generators", name);

    public async Task InitializeAsync()
    {
        // Quiet: the hosting lines would repeat for every fixture in the test log.
        app = GeneratorWebApp.Create(["--model", ModelPath, "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        Address = new Uri(app.Urls.Single());
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}

/// <summary>The unconditional test generator: N(0, 1) noise [32], grey 28×28 samples in [-1, 1].</summary>
public sealed class DcganServer() : WebServer("dcgan28.onnx");

/// <summary>The conditional test generator: 10 classes, U(-1, 1) noise [16, 1, 1], RGB 28×28 samples in [0, 1].</summary>
public sealed class ConditionalServer() : WebServer("conditional28.onnx");
