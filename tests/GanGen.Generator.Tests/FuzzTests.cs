using System;
using System.Diagnostics;
using System.Globalization;
using GanGen.Spec;
using Xunit;
using Xunit.Abstractions;

namespace GanGen.Generator.Tests;

/// <summary>
/// The generator never throws and never emits code that does not compile, whatever the YAML: seeded
/// random, mutated and hostile specs (see <see cref="SpecFuzzer"/>) through the real driver, checked by
/// <see cref="FuzzChecker"/>. CI runs 2,000 cases; a longer run is opt-in:
/// <c>GANGEN_FUZZ_CASES=100000 GANGEN_FUZZ_SEED=7 dotnet test tests/GanGen.Generator.Tests --filter FuzzTests</c>.
/// A failure names its seed and case number, which make that case again on their own.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const string Path = "/repo/src/Models.yaml";

    [Fact]
    public void GeneratedAndMutatedSpecsAreHandledSoundly()
    {
        var cases = Setting("GANGEN_FUZZ_CASES", 2000);
        var seed = Setting("GANGEN_FUZZ_SEED", 1);
        var fuzzer = new SpecFuzzer(GeneratorHarness.ModelsYaml);
        var checker = new FuzzChecker();
        var clock = Stopwatch.StartNew();
        for (var index = 0; index < cases; index++)
        {
            checker.Check(fuzzer.Make(seed, index));
        }

        checker.Finish();
        output.WriteLine($"seed {seed}: {checker.Summary()}; {clock.Elapsed.TotalSeconds:F0} s, compile {checker.CompileTime.TotalSeconds:F0} s");

        Assert.True(checker.FailureCount == 0, $"{checker.Summary()}\n\n{string.Join("\n\n", checker.Failures)}");
        Assert.Equal(cases, checker.Cases);

        // The mix must keep exercising both sides: specs that build and specs that are refused.
        Assert.InRange(checker.Accepted, cases / 10, cases - (cases / 4));
    }

    [Fact]
    public void RandomSpecsBuildGraphsAndBlocks()
    {
        // The oracle alone cannot tell whether the fuzzer reaches the graph language at all: many of its
        // random specs must use graphs and blocks and still build, generating block classes.
        var random = new Random(5);
        var built = 0;
        for (var i = 0; i < 200; i++)
        {
            var (yaml, _) = RandomSpec.Make(random);
            var analysis = SpecEngine.Analyze(Path, yaml);
            if (yaml.Contains("graph:", StringComparison.Ordinal) && analysis.Diagnostics.Count == 0 && analysis.Blocks.Count > 0)
            {
                built++;
            }
        }

        Assert.InRange(built, 20, 200);
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

    private static int Setting(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
