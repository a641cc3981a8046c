using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>Open MPI's <c>mpirun</c> as the tests start it, and whether it is installed (CI installs <c>openmpi-bin</c>).</summary>
internal static class OpenMpiLauncher
{
    /// <summary>The <c>mpirun</c> on the PATH, or null.</summary>
    public static string? Mpirun { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "mpirun"))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// <c>mpirun</c> starting <paramref name="ranks"/> processes on this machine: as root (CI), and with more
    /// ranks than cores allowed, which also makes a waiting rank yield its core instead of spinning.
    /// </summary>
    public static string[] Local(int ranks, params string[] options) =>
        [Mpirun!, "--allow-run-as-root", "--oversubscribe", "-np", ranks.ToString(CultureInfo.InvariantCulture), .. options];

    /// <summary>Ranks of an MPI job started by the launcher process <paramref name="launcher"/>: its children that Open MPI gave a rank.</summary>
    public static Dictionary<int, int> Ranks(int launcher)
    {
        var ranks = new Dictionary<int, int>();
        foreach (var folder in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid))
            {
                continue;
            }

            try
            {
                // /proc/<pid>/stat: "pid (name) state ppid ..."; the name may hold spaces, so read after its ')'.
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                var rank = File.ReadAllText(Path.Combine(folder, "environ")).Split('\0').FirstOrDefault(v => v.StartsWith("OMPI_COMM_WORLD_RANK=", StringComparison.Ordinal));
                if (parent == launcher && rank is not null)
                {
                    ranks[int.Parse(rank["OMPI_COMM_WORLD_RANK=".Length..], CultureInfo.InvariantCulture)] = pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended while being read: not one of the job's.
            }
        }

        return ranks;
    }
}

/// <summary>A test that needs Open MPI's <c>mpirun</c>: it runs wherever <c>openmpi-bin</c> is installed, as in CI.</summary>
internal sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (OpenMpiLauncher.Mpirun is null)
        {
            Skip = "Open MPI is not installed (apt-get install openmpi-bin); .ci/run installs it";
        }
    }
}
