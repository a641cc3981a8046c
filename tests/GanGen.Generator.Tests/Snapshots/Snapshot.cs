using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace GanGen.Generator.Tests.Snapshots;

/// <summary>
/// A minimal stand-in for Verify (its core package is not on this registry): the expected text lives
/// in <c>Type.Name.verified.cs</c> beside the test source; a mismatch writes <c>.received.cs</c> and
/// fails. Accept by renaming received to verified, or run with <c>GANGEN_ACCEPT_SNAPSHOTS=1</c>.
/// Same file conventions as Verify, so moving to it later is a package swap.
/// </summary>
internal static class Snapshot
{
    public static void Verify(string name, string actual, [CallerFilePath] string testFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        var verified = Path.Combine(directory, $"{name}.verified.cs");
        var received = Path.Combine(directory, $"{name}.received.cs");
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable("GANGEN_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        throw new XunitException(expected is null
            ? $"No snapshot {verified}; wrote {received}. Review it, then rename it to .verified.cs."
            : $"Snapshot {verified} differs; wrote {received}.\n{FirstDifference(expected, actual)}");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right)
            {
                return $"First difference at line {i + 1}:\n- {left}\n+ {right}";
            }
        }

        return "The texts differ only in line endings.";
    }
}
