using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace GanGen.Build.Tests;

/// <summary>
/// `dotnet pack` of src/Runtime gives the one GanGen package; a fresh project outside the repository
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
        var pack = DotnetCli.Run(root, "pack", "src/Runtime", "--no-build", "-c", DotnetCli.Configuration, "-o", feed, $"-p:Version={version}");
        Assert.True(pack.ExitCode == 0, pack.Output);

        var package = Path.Combine(feed, $"GanGen.{version}.nupkg");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Subset(entries, new[]
            {
                "lib/net10.0/GanGen.Runtime.dll", "lib/net10.0/GanGen.Spec.dll",
                "analyzers/dotnet/cs/GanGen.Generator.dll", "analyzers/dotnet/cs/GanGen.Spec.dll", "analyzers/dotnet/cs/YamlDotNet.dll",
                "build/GanGen.targets", "build/TorchSharpNativeFix.targets", "build/WeakenElfVersionNeed.cs",
            }.ToHashSet());
            using var nuspec = new StreamReader(zip.GetEntry("GanGen.nuspec")!.Open());
            var manifest = nuspec.ReadToEnd();
            Assert.Contains("<dependency id=\"TorchSharp-cpu\" version=\"0.107.0\"", manifest);
            Assert.Contains("<dependency id=\"YamlDotNet\" version=\"16.3.0\"", manifest);
            Assert.DoesNotContain("GanGen.Spec\"", manifest);
        }

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
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using System;
            using Demo.Nets;
            using static TorchSharp.torch;

            using var g = new Gen();
            using var output = g.forward(randn(2, 100));
            Console.WriteLine($"shape [{string.Join(",", output.shape)}] parameters {Gen.ParameterCount}");
            """);
        const string Spec = """
            models:
              Gen:
                input: [100]
                layers:
                  - Linear: { out_features: 12544 }
                  - Reshape: [256, 7, 7]
                  - ConvTranspose2d: { out_channels: 1, kernel_size: 4, stride: 4 }
                  - Tanh
                output: [1, 28, 28]
            """;
        File.WriteAllText(Path.Combine(project, "Spec.yaml"), Spec);

        var build = DotnetCli.Run(project, "build");
        Assert.True(build.ExitCode == 0, build.Output);
        var run = DotnetCli.Run(project, "run", "--no-build");
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("shape [2,1,28,28] parameters 1271041", run.Output);

        File.WriteAllText(Path.Combine(project, "Spec.yaml"), Spec.Replace("out_features: 12544", "out_features: 12000", StringComparison.Ordinal));
        var broken = DotnetCli.Run(project, "build");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("Spec.yaml(6,9): error GAN0009: Reshape [256,7,7] needs 12544 elements, but its input [12000] has 12000", broken.Output);
    }

    public void Dispose()
    {
        Directory.Delete(work, recursive: true);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Path.Combine(packages, "gangen", version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }
}
