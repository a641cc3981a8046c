using System.Runtime.CompilerServices;
using TorchSharp;

namespace GanGen.Cli.Tests;

internal static class TestSetup
{
    /// <summary>CI has 2 cores; libtorch would otherwise start one thread per core per test runner.</summary>
    [ModuleInitializer]
    internal static void Initialize() => torch.set_num_threads(2);
}
