using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>
/// The README's many-machine run, for real on one machine: two network namespaces stand for two hosts joined
/// by a veth pair, <c>mpirun</c> in the first starts the second rank through a remote-shell agent that enters the
/// second namespace (as ssh would log in to the second machine), and the ranks talk over Open MPI's TCP
/// transport on those addresses alone.
/// </summary>
public sealed class NetworkNamespaceTests(MpiRuns runs) : IClassFixture<MpiRuns>
{
    [NetworkNamespaceFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void TwoHostsTrainOverTcpAsTwoRanksOnOneMachineDo()
    {
        using var hosts = new TwoHosts();
        var log = Path.Combine(runs.Root, "agent.log");
        var agent = Path.Combine(runs.Root, "netns-agent.sh");
        File.WriteAllText(agent, $"""
            #!/bin/sh
            # Open MPI's remote-shell agent: "agent HOST COMMAND...", run here in HOST's network namespace.
            host=$1; shift
            echo "$host" >> {log}
            case "$host" in
              {hosts.FirstAddress}) exec ip netns exec {hosts.First} /bin/sh -c "$*" ;;
              {hosts.SecondAddress}) exec ip netns exec {hosts.Second} /bin/sh -c "$*" ;;
            esac
            echo "unknown host $host" >&2
            exit 1
            """);
        File.SetUnixFileMode(agent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var folder = Path.Combine(runs.Root, "two-hosts");
        const int steps = 50;
        string[] launcher =
        [
            "ip", "netns", "exec", hosts.First, OpenMpiLauncher.Mpirun!, "--allow-run-as-root", "-np", "2",
            "--host", $"{hosts.FirstAddress}:1,{hosts.SecondAddress}:1", "--mca", "plm_rsh_agent", agent,
            "--mca", "btl", "tcp,self", "--mca", "btl_tcp_if_include", hosts.Network, "--mca", "oob_tcp_if_include", hosts.Network,
        ];
        MpiRuns.Succeed(launcher, runs.Train(folder, steps));

        // mpirun ran rank 0 itself and logged in to the second host for rank 1.
        Assert.Equal([hosts.SecondAddress], File.ReadAllLines(log));
        var overTcp = MpiRuns.Metrics(folder);
        var sharedMemory = MpiRuns.Metrics(runs.TwoRanks).Take(steps).ToArray();
        Assert.Equal(steps, overTcp.Length);
        foreach (var (expected, actual) in sharedMemory.Zip(overTcp))
        {
            Assert.Equal(expected[..5], actual[..5]);
        }
    }

    /// <summary>Two network namespaces joined by a veth pair with an address each; removed (with the pair) on dispose.</summary>
    private sealed class TwoHosts : IDisposable
    {
        public TwoHosts()
        {
            var id = Environment.ProcessId % 100000;
            var subnet = Environment.ProcessId % 250;
            First = $"gangen{id}a";
            Second = $"gangen{id}b";
            FirstAddress = $"10.213.{subnet}.1";
            SecondAddress = $"10.213.{subnet}.2";
            Network = $"10.213.{subnet}.0/30";
            var (firstLink, secondLink) = ($"gg{id}a", $"gg{id}b");
            Ip("netns", "add", First);
            Ip("netns", "add", Second);
            Ip("link", "add", firstLink, "type", "veth", "peer", "name", secondLink);
            foreach (var (space, link, address) in new[] { (First, firstLink, FirstAddress), (Second, secondLink, SecondAddress) })
            {
                Ip("link", "set", link, "netns", space);
                Ip("-n", space, "addr", "add", $"{address}/30", "dev", link);
                Ip("-n", space, "link", "set", link, "up");
                Ip("-n", space, "link", "set", "lo", "up");
            }
        }

        public string First { get; }

        public string Second { get; }

        public string FirstAddress { get; }

        public string SecondAddress { get; }

        public string Network { get; }

        public void Dispose()
        {
            // Deleting a namespace deletes the veth end inside it, and with it the pair.
            foreach (var space in new[] { First, Second })
            {
                Ip("netns", "delete", space);
            }
        }

        private static void Ip(params string[] arguments)
        {
            var start = new ProcessStartInfo("ip") { RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var ip = Process.Start(start)!;
            var error = ip.StandardError.ReadToEnd();
            ip.WaitForExit();
            Assert.True(ip.ExitCode == 0, $"ip {string.Join(' ', arguments)}: {error}");
        }
    }
}

/// <summary>A test that needs root (network namespaces), the <c>ip</c> command and Open MPI, as CI has.</summary>
internal sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        if (OpenMpiLauncher.Mpirun is null)
        {
            Skip = "Open MPI is not installed (apt-get install openmpi-bin); .ci/run installs it";
        }
        else if (Environment.UserName != "root" || !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") && !File.Exists("/usr/bin/ip"))
        {
            Skip = "network namespaces need root and the ip command (iproute2), as CI has";
        }
    }
}
