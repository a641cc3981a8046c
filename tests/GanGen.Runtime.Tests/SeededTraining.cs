using Xunit;

namespace GanGen.Runtime.Tests;

/// <summary>
/// Runs alone: these tests seed libtorch's global generator (for weight initialisation, or for the masks
/// Dropout draws), which tests running in parallel would otherwise draw from in between.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTraining
{
    public const string Name = "Seeded training";
}
