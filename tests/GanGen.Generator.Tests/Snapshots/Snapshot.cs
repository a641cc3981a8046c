using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace GanGen.Generator.Tests.Snapshots;

/// <summary>
/// A minimal stand-in for Verify. Verify.Xunit restores here, but its core package (Verify, and Argon)
/// is not on this registry, so it cannot be used. This helper keeps Verify's conventions so that moving
/// to Verify later is a package swap and a rename of the call:
/// <list type="bullet">
/// <item>the expected text is <c>&lt;TestClass&gt;.&lt;Name&gt;.verified.cs</c> beside the test's source file;</item>
/// <item>a mismatch (or a missing verified file) writes <c>&lt;TestClass&gt;.&lt;Name&gt;.received.cs</c> next to it and fails;</item>
/// <item>accept by renaming received to verified, or run once with <c>GANGEN_ACCEPT_SNAPSHOTS=1</c>
/// (then received text is written as verified and the test passes).</item>
/// </list>
/// Line endings are compared as <c>\n</c> (as Verify does), so a checkout with CRLF does not fail.
/// </summary>
internal static class Snapshot
{
    /// <summary>The environment variable that accepts every received snapshot as verified.</summary>
    public const string AcceptVariable = "GANGEN_ACCEPT_SNAPSHOTS";

    /// <summary>
    /// Compares <paramref name="actual"/> with the verified snapshot of <paramref name="name"/>. The test
    /// class is the name of the calling source file, which by convention is the class's name.
    /// </summary>
    public static void Verify(string name, string actual, [CallerFilePath] string sourceFile = "") =>
        Verify(
            Path.GetDirectoryName(sourceFile)!,
            Path.GetFileNameWithoutExtension(sourceFile),
            name,
            actual,
            accept: Environment.GetEnvironmentVariable(AcceptVariable) == "1");

    /// <summary>The comparison itself, with the folder and the accept switch explicit so it can be tested.</summary>
    internal static void Verify(string directory, string testClass, string name, string actual, bool accept)
    {
        var verified = Path.Combine(directory, $"{testClass}.{name}.verified.cs");
        var received = Path.Combine(directory, $"{testClass}.{name}.received.cs");
        actual = Normalize(actual);
        var expected = File.Exists(verified) ? Normalize(File.ReadAllText(verified)) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (accept)
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        throw new XunitException(expected is null
            ? $"No snapshot {verified}; wrote {received}. Review it, then rename it to .verified.cs (or run with {AcceptVariable}=1)."
            : $"Snapshot {verified} differs; wrote {received}.\n{FirstDifference(expected, actual)}");
    }

    /// <summary>The first differing line, numbered, with both versions and the line before it for context.</summary>
    internal static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right)
            {
                var context = i > 0 ? $"  {e[i - 1]}\n" : string.Empty;
                return $"@@ line {i + 1} @@\n{context}- {left}\n+ {right}";
            }
        }

        return "The texts are equal.";
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
