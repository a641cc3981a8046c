using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace GanGen.Web.Tests;

/// <summary>Many clients at once: every request answered, the same seed the same bytes, latencies reported.</summary>
[Collection(SerialCollection.Name)]
public sealed class LoadTests(DcganServer server, ITestOutputHelper output) : IClassFixture<DcganServer>
{
    private const int Clients = 8;
    private const int RequestsPerClient = 25;

    [Fact]
    public async Task Two_hundred_requests_from_eight_clients_all_succeed()
    {
        // Warm up: ONNX Runtime plans its first runs.
        for (var i = 0; i < 4; i++)
        {
            await server.Client.GetByteArrayAsync($"/grid.png?seed={i}");
        }

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            // Each client has its own connections, as separate browsers would.
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(2) };
            var answers = new (int Seed, HttpStatusCode Status, string? Type, byte[] Body, double Milliseconds)[RequestsPerClient];
            for (var i = 0; i < RequestsPerClient; i++)
            {
                // Every client asks for seeds 100..124, in a different order, so each grid is asked for 8 times at once.
                var seed = 100 + ((i + (client * 3)) % RequestsPerClient);
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"/grid.png?seed={seed}&count=16&scale=3");
                var body = await response.Content.ReadAsByteArrayAsync();
                answers[i] = (seed, response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            return answers;
        })));
        var wall = clock.Elapsed;

        var all = results.SelectMany(answers => answers).ToArray();
        Assert.Equal(Clients * RequestsPerClient, all.Length);
        Assert.All(all, a => Assert.Equal((HttpStatusCode.OK, "image/png"), (a.Status, a.Type)));
        Assert.All(all, a => Assert.True(Png.HasSignature(a.Body), $"seed {a.Seed}: not a PNG"));
        foreach (var seed in all.GroupBy(a => a.Seed))
        {
            Assert.Single(seed.Select(a => Convert.ToHexString(a.Body)).Distinct());
        }

        var latencies = all.Select(a => a.Milliseconds).Order().ToArray();
        output.WriteLine(
            $"{all.Length} requests (16-sample 346x346 grids) from {Clients} clients in {wall.TotalSeconds:F2} s ({all.Length / wall.TotalSeconds:F0} per second), "
            + $"on {Environment.ProcessorCount} cores: latency p50 {Percentile(latencies, 50):F1} ms, p95 {Percentile(latencies, 95):F1} ms, "
            + $"p99 {Percentile(latencies, 99):F1} ms, max {latencies[^1]:F1} ms");
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, int percent) =>
        sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
}
