using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace GanGen.Cli.Tests;

/// <summary>
/// The <c>gangen</c> command (built beside the tests) as a child process: its output as it comes, POSIX
/// signals, and its exit. Waits are for output lines and exits, never fixed sleeps, with patience for a
/// loaded 2-core machine.
/// </summary>
internal sealed partial class GanGenProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>How long any one wait may take before the test gives up.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly Process process;
    private readonly List<string> lines = new();

    private GanGenProcess(IEnumerable<string> launcher, IEnumerable<string> arguments)
    {
        // A test runner started as a background job inherits SIGINT ignored, and so would gangen, which
        // then (rightly) ignores Ctrl-C; env resets it to the default before running gangen in its place.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--default-signal=INT" }.Concat(launcher).Concat([Environment.ProcessPath!, Path.Combine(AppContext.BaseDirectory, "gangen.dll")]).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The process id (gangen's: env replaces itself with it).</summary>
    public int Id => process.Id;

    /// <summary>
    /// Everything written to standard output and error so far, with runs of white space made one space:
    /// Spectre.Console wraps long lines at 80 columns when the output is not a terminal.
    /// </summary>
    public string Output
    {
        get
        {
            lock (lines)
            {
                return Whitespace().Replace(string.Join(" ", lines), " ").Trim();
            }
        }
    }

    /// <summary>Starts <c>gangen</c> with these arguments.</summary>
    public static GanGenProcess Start(params string[] arguments) => new([], arguments);

    /// <summary>Starts <c>gangen</c> through a launcher command line (<c>mpirun -np 2 ...</c>); <see cref="Id"/> is then the launcher's.</summary>
    public static GanGenProcess Launch(IEnumerable<string> launcher, params string[] arguments) => new(launcher, arguments);

    /// <summary>Runs <c>gangen</c> to its end; returns its exit code and output.</summary>
    public static (int Code, string Output) Run(params string[] arguments)
    {
        using var gangen = Start(arguments);
        var code = gangen.WaitForExit();
        return (code, gangen.Output);
    }

    /// <summary>Waits until a line of output matches; null when the process ends without one.</summary>
    /// <exception cref="TimeoutException">No line matched in time and the process goes on.</exception>
    public string? WaitForLine(Func<string, bool> match)
    {
        var clock = Stopwatch.StartNew();
        lock (lines)
        {
            while (true)
            {
                if (lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                if (process.HasExited)
                {
                    return null;
                }

                if (clock.Elapsed > Patience)
                {
                    throw new TimeoutException($"gangen went on for {Patience} without the awaited line; its output: {Output}");
                }

                System.Threading.Monitor.Wait(lines, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; false when the process ends first.</summary>
    /// <exception cref="TimeoutException">The condition did not hold in time and the process goes on.</exception>
    public bool WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.WaitForExit(TimeSpan.FromMilliseconds(5)))
            {
                return condition();
            }

            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"gangen went on for {Patience} without the awaited condition; its output: {Output}");
            }
        }

        return true;
    }

    /// <summary>Waits for the process to end and returns its exit code (128 + the signal for a killed one).</summary>
    public int WaitForExit()
    {
        if (!process.WaitForExit(Patience))
        {
            process.Kill();
            throw new TimeoutException($"gangen did not exit within {Patience}; its output: {Output}");
        }

        // Drains the asynchronous readers, so Output is complete.
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Waits up to <paramref name="time"/> for the process to end by itself.</summary>
    public bool Exited(TimeSpan time) => process.WaitForExit(time);

    /// <summary>Sends a POSIX signal, which <see cref="Process.Kill()"/> cannot (it only sends SIGKILL).</summary>
    public void Signal(int signal)
    {
        if (Kill(process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({process.Id}, {signal}) failed with errno {Marshal.GetLastWin32Error()}");
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit();
        }

        process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
            System.Threading.Monitor.PulseAll(lines);
        }
    }
}
