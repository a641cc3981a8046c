using System;
using System.IO;
using System.Linq;
using Xunit;

namespace GanGen.Build.Tests;

/// <summary>
/// A project set up exactly the way the README tells users to (analyzer ProjectReference to src/Generator,
/// a reference to src/Runtime, its YAML as AdditionalFiles, nothing else) builds and runs a spec with
/// models and a GAN, whose generated code uses the spec engine's types; a broken spec fails its
/// build with the GAN error on the YAML line. Runs the real `dotnet` CLI, so it also proves the
/// generator's dependencies load and TorchSharp's native library loads in a project added to the repo.
/// </summary>
public sealed class UserProjectBuildTests : IDisposable
{
    private readonly string root = DotnetCli.FindRepositoryRoot();
    private readonly string project;

    public UserProjectBuildTests()
    {
        // Inside the repository, so Directory.Build.props/targets (and the TorchSharp load fix) apply as for any user project.
        project = Path.Combine(root, "artifacts", "e2e", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Demo.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
                <GanGenNamespace>Demo.Nets</GanGenNamespace>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{root}/src/Generator/GanGen.Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                <ProjectReference Include="{root}/src/Runtime/GanGen.Runtime.csproj" />
                <AdditionalFiles Include="Spec.yaml" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), DemoProject.Program);
    }

    [Fact]
    public void ConventionalProjectBuildsAndRunsItsGeneratedModel()
    {
        File.WriteAllText(Path.Combine(project, "Spec.yaml"), DemoProject.Spec);

        var build = Dotnet("build", "-p:BuildProjectReferences=false", "-c", Configuration);
        Assert.True(build.ExitCode == 0, build.Output);
        Assert.DoesNotContain("CS8785", build.Output);
        Assert.DoesNotContain("CS8784", build.Output);

        var run = Dotnet("run", "--no-build", "-c", Configuration);
        Assert.True(run.ExitCode == 0, run.Output);

        Assert.Contains(DemoProject.Output, run.Output);

        // The load fix changed the output's copy of the native library in exactly one byte (the
        // version need's flags) and left the NuGet cache's copy alone.
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = File.ReadAllBytes(Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
        var patched = File.ReadAllBytes(Path.Combine(project, "bin", Configuration, "net10.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"));
        Assert.Equal(cached.Length, patched.Length);
        var changed = Enumerable.Range(0, cached.Length).Where(i => cached[i] != patched[i]).ToArray();
        var offset = Assert.Single(changed);
        Assert.Equal(0, cached[offset] & 0x2);
        Assert.Equal(cached[offset] | 0x2, patched[offset]);
    }

    [Fact]
    public void BrokenSpecFailsTheBuildOnItsYamlLine()
    {
        File.WriteAllText(Path.Combine(project, "Spec.yaml"), DemoProject.BrokenSpec);

        var build = Dotnet("build", "-p:BuildProjectReferences=false", "-c", Configuration);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains(DemoProject.BrokenSpecError, build.Output);
        Assert.DoesNotContain("CS8785", build.Output);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(project, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the folder is under artifacts/, which is ignored.
        }
    }

    private static string Configuration => DotnetCli.Configuration;

    private (int ExitCode, string Output) Dotnet(params string[] args) => DotnetCli.Run(project, args);
}
