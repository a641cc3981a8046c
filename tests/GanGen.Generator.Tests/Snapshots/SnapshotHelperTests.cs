using System;
using System.IO;
using Xunit;
using Xunit.Sdk;

namespace GanGen.Generator.Tests.Snapshots;

/// <summary>
/// The snapshot helper keeps Verify's file conventions. Each case works in its own temporary folder
/// and passes the accept switch explicitly: setting the environment variable here would accept the
/// real snapshots of tests running in parallel.
/// </summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gangen-snapshot-").FullName;

    private string Verified => Path.Combine(directory, "Tests.Model.verified.cs");

    private string Received => Path.Combine(directory, "Tests.Model.received.cs");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void MissingSnapshotFailsAndWritesReceived()
    {
        var failure = Assert.Throws<XunitException>(() => Snapshot.Verify(directory, "Tests", "Model", "class A { }\n", accept: false));

        Assert.Contains("No snapshot", failure.Message, StringComparison.Ordinal);
        Assert.Equal("class A { }\n", File.ReadAllText(Received));
        Assert.False(File.Exists(Verified));
    }

    [Fact]
    public void MismatchFailsWithTheFirstDifferingLine()
    {
        File.WriteAllText(Verified, "namespace N;\nclass A { }\nclass B { }\n");

        var failure = Assert.Throws<XunitException>(() => Snapshot.Verify(directory, "Tests", "Model", "namespace N;\nclass A { int x; }\nclass B { }\n", accept: false));

        Assert.EndsWith("@@ line 2 @@\n  namespace N;\n- class A { }\n+ class A { int x; }", failure.Message, StringComparison.Ordinal);
        Assert.Equal("namespace N;\nclass A { int x; }\nclass B { }\n", File.ReadAllText(Received));
    }

    [Fact]
    public void ExtraLinesAreShownAgainstTheEndOfFile()
    {
        Assert.Equal("@@ line 2 @@\n  a\n- <end of file>\n+ b", Snapshot.FirstDifference("a", "a\nb"));
    }

    [Fact]
    public void AcceptingWritesVerifiedAndPasses()
    {
        File.WriteAllText(Received, "stale");

        Snapshot.Verify(directory, "Tests", "Model", "class A { }\n", accept: true);

        Assert.Equal("class A { }\n", File.ReadAllText(Verified));
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void MatchPassesRemovesAStaleReceivedAndIgnoresLineEndings()
    {
        File.WriteAllText(Verified, "class A\r\n{\r\n}\r\n");
        File.WriteAllText(Received, "stale");

        Snapshot.Verify(directory, "Tests", "Model", "class A\n{\n}\n", accept: false);

        Assert.False(File.Exists(Received));
    }
}
