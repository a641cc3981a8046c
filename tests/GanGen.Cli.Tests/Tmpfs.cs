using System;
using System.Diagnostics;
using System.IO;

namespace GanGen.Cli.Tests;

/// <summary>
/// A small tmpfs mounted for one test: a real disk that fills up (ENOSPC) or turns read-only (EROFS),
/// where a permission bit would not stop root. Mounting needs root (CAP_SYS_ADMIN), which CI has.
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    /// <summary>Mounts a tmpfs of <paramref name="size"/> (as mount takes it: <c>200k</c>) at <paramref name="path"/>.</summary>
    public Tmpfs(string path, string size)
    {
        Path = Directory.CreateDirectory(path).FullName;
        Mount("-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", Path);
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Changes the mount's options: <c>ro</c>, <c>rw</c>, <c>size=16m</c>.</summary>
    public void Remount(string options) => Mount("-o", "remount," + options, Path);

    public void Dispose() => Run("umount", "--lazy", Path);

    private static void Mount(params string[] arguments) => Run("mount", arguments);

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error.Trim()} (these fault tests mount a tmpfs, which needs root, as CI has)");
        }
    }
}
