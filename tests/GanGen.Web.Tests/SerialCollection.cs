using Xunit;

namespace GanGen.Web.Tests;

/// <summary>
/// Tests that time the server or run a browser: alone, so that other tests' requests neither slow the
/// latencies measured nor a 2-core machine's Chromium start.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial";
}
