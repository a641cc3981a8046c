using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace GanGen.Build.Tests;

/// <summary>
/// `dotnet pack` of src/Spec and src/Runtime gives the GanGen.Spec and GanGen packages; a fresh project outside the repository
/// (no Directory.Build.* of ours) that only adds a PackageReference from a local folder feed builds a
/// YAML spec into a typed module, runs its forward pass, and fails its build on a bad spec line.
/// </summary>
public sealed class PackageTests : IDisposable
{
    // A version of its own per run: NuGet's global cache never serves a package packed by an earlier run.
    private readonly string version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}{Random.Shared.Next(1000):D3}";
    private readonly string work = Directory.CreateTempSubdirectory("gangen-package-").FullName;

    [Fact]
    public void PackedPackageGivesAFreshProjectTheGeneratorAndTheRuntime()
    {
        var root = DotnetCli.FindRepositoryRoot();
        var feed = Path.Combine(work, "feed");
        foreach (var source in new[] { "src/Spec", "src/Runtime" })
        {
            var pack = DotnetCli.Run(root, "pack", source, "--no-build", "-c", DotnetCli.Configuration, "-o", feed, $"-p:Version={version}");
            Assert.True(pack.ExitCode == 0, pack.Output);
        }

        var gangen = Manifest(Path.Combine(feed, $"GanGen.{version}.nupkg"), "GanGen.nuspec", out var entries);
        Assert.Subset(entries, new[]
        {
            "lib/net10.0/GanGen.Runtime.dll",
            "analyzers/dotnet/cs/GanGen.Generator.dll", "analyzers/dotnet/cs/GanGen.Spec.dll", "analyzers/dotnet/cs/YamlDotNet.dll",
            "build/GanGen.targets", "build/TorchSharpNativeFix.targets", "build/WeakenElfVersionNeed.cs",
        }.ToHashSet());
        Assert.Contains("<dependency id=\"TorchSharp-cpu\" version=\"0.107.0\"", gangen);
        Assert.Contains($"<dependency id=\"GanGen.Spec\" version=\"{version}\"", gangen);

        var spec = Manifest(Path.Combine(feed, $"GanGen.Spec.{version}.nupkg"), "GanGen.Spec.nuspec", out var specEntries);
        Assert.Contains("lib/netstandard2.0/GanGen.Spec.dll", specEntries);
        Assert.Contains("<dependency id=\"YamlDotNet\" version=\"16.3.0\"", spec);

        var project = Path.Combine(work, "consumer");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(project, "Demo.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <GanGenNamespace>Demo.Nets</GanGenNamespace>
                <NoWarn>NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="GanGen" Version="{version}" />
                <AdditionalFiles Include="Spec.yaml" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), DemoProject.Program);
        File.WriteAllText(Path.Combine(project, "Spec.yaml"), DemoProject.Spec);

        var build = DotnetCli.Run(project, "build");
        Assert.True(build.ExitCode == 0, build.Output);
        var run = DotnetCli.Run(project, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains(DemoProject.Output, run.Output);

        File.WriteAllText(Path.Combine(project, "Spec.yaml"), DemoProject.BrokenSpec);
        var broken = DotnetCli.Run(project, "build");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains(DemoProject.BrokenSpecError, broken.Output);
    }

    public void Dispose()
    {
        Directory.Delete(work, recursive: true);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "gangen", "gangen.spec" })
        {
            var cached = Path.Combine(packages, id, version);
            if (Directory.Exists(cached))
            {
                Directory.Delete(cached, recursive: true);
            }
        }
    }

    private static string Manifest(string package, string nuspec, out HashSet<string> entries)
    {
        using var zip = ZipFile.OpenRead(package);
        entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        using var reader = new StreamReader(zip.GetEntry(nuspec)!.Open());
        return reader.ReadToEnd();
    }
}
