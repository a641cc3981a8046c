using System;
using System.Linq;
using System.Text;
using GanGen.Spec;
using Microsoft.CodeAnalysis;
using Xunit;

namespace GanGen.Generator.Tests;

/// <summary>
/// The generator never throws, whatever the YAML: the seed spec with random edits (fixed seeds, so a
/// failure reproduces) goes through the real driver, and every problem must come back as a GAN error
/// with a location Roslyn accepts, never as CS8784/CS8785 or a GAN0999 internal error.
/// </summary>
public sealed class FuzzTests
{
    private const string Path = "/repo/src/Models.yaml";

    // Characters that matter to YAML and to the spec language.
    private const string Alphabet = "[]{}:,-#&*!|>'\"%@` \t\n\r0123456789.eE+~?xyzLinearConv2dReshape";

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 8));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MutatedSpecsNeverCrashTheGenerator(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 40; i++)
        {
            var yaml = Mutate(GeneratorHarness.ModelsYaml, random, edits: 1 + random.Next(6));
            var (result, _, diagnostics) = GeneratorHarness.Run(yaml, Path);

            Assert.True(result.Results[0].Exception is null, $"seed {seed}, case {i}: {result.Results[0].Exception}\n{yaml}");
            foreach (var diagnostic in diagnostics)
            {
                Assert.True(diagnostic.Id.StartsWith("GAN", StringComparison.Ordinal) && diagnostic.Id != "GAN0999", $"seed {seed}, case {i}: {diagnostic}\n{yaml}");
                Assert.Equal(Path, diagnostic.Location.GetLineSpan().Path);
                Assert.True(diagnostic.Location.SourceSpan.End <= yaml.Length, $"seed {seed}, case {i}: {diagnostic} is past the end");
            }
        }
    }

    [Fact]
    public void EveryPrefixOfTheSeedSpecIsHandled()
    {
        // A file being typed: cut at every 7th character, the engine must answer without an internal error.
        var yaml = GeneratorHarness.ModelsYaml;
        for (var length = 0; length < yaml.Length; length += 7)
        {
            var analysis = SpecEngine.Analyze(Path, yaml.Substring(0, length));
            Assert.DoesNotContain(analysis.Diagnostics, d => d.Id == "GAN0999");
            Assert.All(analysis.Diagnostics, d => Assert.True(d.Location.Start <= d.Location.End && d.Location.End <= length));
            Assert.All(analysis.Diagnostics, d => Assert.True((d.Location.Line, d.Location.Column).CompareTo((d.Location.EndLine, d.Location.EndColumn)) <= 0, d.ToString()));
        }
    }

    private static string Mutate(string text, Random random, int edits)
    {
        var builder = new StringBuilder(text);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(4))
            {
                case 0:
                    builder.Remove(at, Math.Min(1 + random.Next(8), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                case 2:
                    builder[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    // Duplicate a line elsewhere: duplicate keys, layers and models.
                    var lines = builder.ToString().Split('\n');
                    var line = lines[random.Next(lines.Length)];
                    builder.Insert(builder.ToString().LastIndexOf('\n', Math.Max(0, at - 1)) + 1, line + "\n");
                    break;
            }
        }

        return builder.ToString();
    }
}
