using Xunit;

namespace GanGen.Cli.Tests;

/// <summary>
/// The test classes that swap <see cref="System.Console"/>'s writers to read what gangen prints: one
/// collection, so they run one after another instead of capturing each other's lines.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleOutput
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Console output";
}
