using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using GanGen.Spec.Model;

namespace GanGen.Generator.Tests;

/// <summary>One fuzz input: how it was made and the YAML text.</summary>
/// <param name="Seed">The run's seed.</param>
/// <param name="Index">The case's number in the run; with <paramref name="Seed"/> it makes the case again.</param>
/// <param name="Kind">Which family of inputs it comes from (<c>valid</c>, <c>mutant</c>, <c>chars</c>, <c>hostile</c>).</param>
/// <param name="Recipe">What was done to make it, for a failure message.</param>
/// <param name="Yaml">The spec text.</param>
internal sealed record FuzzCase(int Seed, int Index, string Kind, string Recipe, string Yaml)
{
    public override string ToString() => $"seed {Seed}, case {Index} ({Kind}: {Recipe})";
}

/// <summary>
/// Makes spec texts for fuzzing: random specs built from the layer catalog (mostly valid, with GAN pairs
/// and training sections), structured mutations of the seed spec (lines and keys deleted, duplicated and
/// swapped, values of the wrong type, huge, negative and past 64 bits, unicode names, tabs, anchors and
/// aliases, tags), character edits, and hostile files (empty, binary garbage, deep nesting, alias bombs).
/// Every case depends only on (seed, index), so a failure reproduces alone.
/// </summary>
internal sealed class SpecFuzzer
{
    private static readonly string[] HostileValues =
    {
        "0", "-1", "-0", "1", "2", "3.5", "-3.5", "1e3", "1e400", "-1e400", "1e-400", ".nan", ".inf", "-.inf", ".NaN",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "99999999999999999999999999999999", "2147483647", "2147483648", "4294967296",
        "4611686018427387904", "3037000500", "0x10", "0o17", "1_000", "+5", "007", "1.", ".5", "1e", "e1", "--1",
        "true", "false", "yes", "no", "~", "null", "''", "\"\"", "\"12\"", "'3'", "[]", "{}", "[1, 2]", "[1, 2, 3, 4, 5]",
        "[-1]", "[0]", "[[1]]", "{ a: 1 }", "same", "valid", "full", "ReLU", "Linear", "mnist", "cpu", "cuda", "Adam",
        "日本語", "Ünïcödé", "💥", "\"\\u2028\"", "\"\\0\"", "\"\\L\\P\\N\"", "\"a\\tb\"", "\"\\uD800\"", "'x'':y'",
        "&anchor 1", "*anchor", "*missing", "!!str 5", "!!int x", "!!python/object:os.system [ls]", "!<tag:yaml.org,2002:binary> AAAA",
        "!System.Diagnostics.Process {}", "|\n  block", ">-\n  folded", "? complex\n: key", "%YAML 1.2", "@reserved", "`tick`",
    };

    private static readonly string[] Keys =
    {
        "models", "gans", "input", "layers", "output", "condition", "classes", "generator", "discriminator", "training",
        "data", "noise", "loss", "optimizer", "generator_optimizer", "discriminator_optimizer", "batch_size", "steps",
        "epochs", "d_steps", "pretrain", "ema", "init", "seed", "device", "sample_every", "out_features", "out_channels",
        "kernel_size", "stride", "padding", "output_padding", "dilation", "groups", "bias", "negative_slope", "p", "eps",
        "momentum", "affine", "track_running_stats", "start_dim", "end_dim", "dim", "num_kernels", "kernel_dim", "beta",
        "threshold", "ceil_mode", "lr", "betas", "decay", "rate", "staircase", "mean", "means", "std", "range", "path",
        "low", "high", "penalty", "logits", "label_smoothing", "start", "in_features", "nope", "Input", "layers ", "",
    };

    /// <summary>Names to rename models and GANs to, among them every member name the emitters write.</summary>
    private static readonly string[] Names = new[]
    {
        "Générateur", "Генератор", "生成器", "مولد", "G\u200BH", "G\u0301", "Ｇ", "𝔊", "G-1", "1G", "_", "__", "G G", "class", "int",
        "linear0", "conv2d12", "G" + new string('x', 200), "g", "Gen\t", "\"Quoted\"", "'Single'",
        "Dup", "dup", "VanillaGenerator", "OneD", "null", "~", "true", "12", "[G]", "{ G: 1 }",
    }.Concat(GeneratedMembers.All).ToArray();

    private readonly string seedSpec;
    private readonly string[] seedLines;

    public SpecFuzzer(string seedSpec)
    {
        this.seedSpec = seedSpec;
        seedLines = seedSpec.Split('\n');
    }

    /// <summary>The case <paramref name="index"/> of the run with <paramref name="seed"/>.</summary>
    public FuzzCase Make(int seed, int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var roll = random.Next(100);
        if (roll < 25)
        {
            var (yaml, recipe) = RandomSpec.Make(random);
            return new FuzzCase(seed, index, "valid", recipe, yaml);
        }

        if (roll < 75)
        {
            var recipe = new List<string>();
            var lines = seedLines.ToList();
            var edits = 1 + random.Next(3);
            for (var e = 0; e < edits; e++)
            {
                recipe.Add(Mutate(lines, random));
            }

            return new FuzzCase(seed, index, "mutant", string.Join("; ", recipe), string.Join("\n", lines));
        }

        if (roll < 85)
        {
            var source = random.Next(2) == 0 ? seedSpec : RandomSpec.Make(random).Yaml;
            var edits = 1 + random.Next(8);
            return new FuzzCase(seed, index, "chars", $"{edits} character edits", EditCharacters(source, random, edits));
        }

        var (hostile, what) = Hostile(random);
        return new FuzzCase(seed, index, "hostile", what, hostile);
    }

    /// <summary>Applies one structured edit to the seed spec's lines and says what it was.</summary>
    private string Mutate(List<string> lines, Random random)
    {
        if (lines.Count == 0)
        {
            lines.Add(string.Empty);
        }

        var at = random.Next(lines.Count);
        switch (random.Next(16))
        {
            case 0:
                var count = Math.Min(1 + random.Next(4), lines.Count - at);
                lines.RemoveRange(at, count);
                return $"delete {count} line(s) at {at + 1}";
            case 1:
                lines.Insert(random.Next(lines.Count + 1), lines[at]);
                return $"duplicate line {at + 1}";
            case 2:
                var other = random.Next(lines.Count);
                (lines[at], lines[other]) = (lines[other], lines[at]);
                return $"swap lines {at + 1} and {other + 1}";
            case 3:
                lines[at] = random.Next(2) == 0 ? new string(' ', 1 + random.Next(4)) + lines[at] : lines[at].TrimStart();
                return $"re-indent line {at + 1}";
            case 4:
                lines[at] = Regex.Replace(lines[at], "^( +)", m => random.Next(2) == 0 ? new string('\t', m.Length / 2) : "\t" + m.Value);
                return $"tabs on line {at + 1}";
            case 5:
                return ReplaceToken(lines, at, random, KeyPattern, _ => Pick(random, Keys), "rename key");
            case 6:
                return EditFlowMapping(lines, random);
            case 7:
            case 8:
                return ReplaceToken(lines, at, random, ValuePattern, _ => Pick(random, HostileValues), "value");
            case 9:
                return ReplaceToken(lines, at, random, ValuePattern, _ => Number(random), "number");
            case 10:
                return ReplaceToken(lines, at, random, FlowPattern, m => WrongShape(m.Value, random), "wrong type");
            case 11:
                return RenameModel(lines, random);
            case 12:
                return ReplaceToken(lines, at, random, ValuePattern, _ => Nest(random, 1 + random.Next(120)), "deep nesting");
            case 13:
                return AddAliases(lines, random);
            case 14:
                var tag = Pick(random, new[] { "!!str ", "!!int ", "!!map ", "!!python/object/apply:os.system ", "!System.IO.File ", "! ", "!<tag:clr,2000:System.Object> " });
                return ReplaceToken(lines, at, random, ValuePattern, m => tag + m.Value, "tag");
            default:
                var moved = lines[at];
                lines.RemoveAt(at);
                var to = random.Next(lines.Count + 1);
                lines.Insert(to, moved);
                return $"move line {at + 1} to {to + 1}";
        }
    }

    // A key at the start of a block line or inside a flow mapping.
    private static readonly Regex KeyPattern = new(@"(?<=^\s*-?\s*|[{,]\s*)[A-Za-z_][A-Za-z_0-9]*(?=:)");

    // A scalar after "key: ", or an item of a flow list.
    private static readonly Regex ValuePattern = new(@"(?<=: |\[|, )[^\s,\[\]{}#][^,\[\]{}#]*?(?=\s*[,\]}]|\s*$|\s*#)");

    private static readonly Regex FlowPattern = new(@"\{[^{}]*\}|\[[^\[\]]*\]");

    /// <summary>Replaces one match of <paramref name="pattern"/> on a line at or after <paramref name="at"/>.</summary>
    private static string ReplaceToken(List<string> lines, int at, Random random, Regex pattern, Func<Match, string> replacement, string what)
    {
        for (var tries = 0; tries < lines.Count; tries++)
        {
            var index = (at + tries) % lines.Count;
            var matches = pattern.Matches(lines[index]);
            if (matches.Count == 0)
            {
                continue;
            }

            var match = matches[random.Next(matches.Count)];
            var value = replacement(match);
            lines[index] = lines[index].Substring(0, match.Index) + value + lines[index].Substring(match.Index + match.Length);
            return $"{what} '{match.Value}' -> '{value}' on line {index + 1}";
        }

        return $"{what}: nothing to replace";
    }

    /// <summary>Deletes, duplicates or swaps the entries of a flow mapping (<c>{ a: 1, b: 2 }</c>).</summary>
    private static string EditFlowMapping(List<string> lines, Random random)
    {
        var candidates = Enumerable.Range(0, lines.Count).Where(i => lines[i].Contains(": {")).ToArray();
        if (candidates.Length == 0)
        {
            return "flow mapping: none left";
        }

        var index = candidates[random.Next(candidates.Length)];
        var line = lines[index];
        var open = line.LastIndexOf('{');
        var close = line.IndexOf('}', open);
        if (close < 0)
        {
            return "flow mapping: not closed";
        }

        var entries = line.Substring(open + 1, close - open - 1).Split(',').Select(e => e.Trim()).Where(e => e.Length > 0).ToList();
        var e1 = random.Next(entries.Count);
        string what;
        switch (random.Next(3))
        {
            case 0:
                what = $"delete key '{entries[e1]}'";
                entries.RemoveAt(e1);
                break;
            case 1:
                what = $"duplicate key '{entries[e1]}'";
                entries.Insert(random.Next(entries.Count + 1), entries[e1]);
                break;
            default:
                var e2 = random.Next(entries.Count);
                var (k1, k2) = (entries[e1].Split(':')[0], entries[e2].Split(':')[0]);
                entries[e1] = k2 + entries[e1].Substring(k1.Length);
                entries[e2] = k1 + entries[e2].Substring(k2.Length);
                what = $"swap keys '{k1}' and '{k2}'";
                break;
        }

        lines[index] = line.Substring(0, open + 1) + " " + string.Join(", ", entries) + " " + line.Substring(close);
        return $"{what} on line {index + 1}";
    }

    /// <summary>Renames a model (or GAN) everywhere, or only where it is defined, to an awkward name.</summary>
    private static string RenameModel(List<string> lines, Random random)
    {
        var definitions = Enumerable.Range(0, lines.Count).Where(i => Regex.IsMatch(lines[i], "^  [A-Za-z]+:\\s*$")).ToArray();
        if (definitions.Length == 0)
        {
            return "rename: no names left";
        }

        var index = definitions[random.Next(definitions.Length)];
        var old = lines[index].Trim().TrimEnd(':');
        var name = Pick(random, Names);
        var everywhere = random.Next(2) == 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i == index || (everywhere && Regex.IsMatch(lines[i], $@"\b{old}\s*$")))
            {
                lines[i] = Regex.Replace(lines[i], $@"\b{old}\b", name.Replace("$", "$$"));
            }
        }

        return $"rename '{old}' to '{name}'{(everywhere ? " everywhere" : string.Empty)}";
    }

    /// <summary>Puts an anchor on one flow collection and aliases to it elsewhere (or to an anchor that does not exist).</summary>
    private static string AddAliases(List<string> lines, Random random)
    {
        var flows = Enumerable.Range(0, lines.Count).Where(i => FlowPattern.IsMatch(lines[i])).ToArray();
        if (flows.Length == 0)
        {
            return "aliases: no flow collections left";
        }

        var source = flows[random.Next(flows.Length)];
        var target = flows[random.Next(flows.Length)];
        var name = random.Next(5) == 0 ? "nowhere" : "a" + random.Next(3);
        var match = FlowPattern.Match(lines[source]);
        lines[source] = lines[source].Substring(0, match.Index) + $"&{name} " + lines[source].Substring(match.Index);
        var aliased = FlowPattern.Match(lines[target]);
        lines[target] = lines[target].Substring(0, aliased.Index) + $"*{(random.Next(4) == 0 ? "nowhere" : name)}" + lines[target].Substring(aliased.Index + aliased.Length);
        return $"anchor &{name} on line {source + 1}, alias on line {target + 1}";
    }

    private static string WrongShape(string flow, Random random) => random.Next(5) switch
    {
        0 => flow.StartsWith('{') ? "[" + flow.Substring(1, flow.Length - 2) + "]" : "{" + flow.Substring(1, flow.Length - 2) + "}",
        1 => "[" + flow + "]",
        2 => "{ x: " + flow + " }",
        3 => Pick(random, HostileValues),
        _ => flow.Substring(0, random.Next(flow.Length)),
    };

    private static string Number(Random random) => random.Next(6) switch
    {
        0 => (-random.NextInt64(1, long.MaxValue)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => random.NextInt64(long.MaxValue / 4, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => (1L << random.Next(20, 63)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        3 => "9" + new string('9', random.Next(18, 40)),
        4 => random.Next(-3, 70000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => (random.NextDouble() * Math.Pow(10, random.Next(-320, 320))).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static string Nest(Random random, int depth) => random.Next(3) switch
    {
        0 => new string('[', depth) + "1" + new string(']', depth),
        1 => string.Concat(Enumerable.Repeat("{ a: ", depth)) + "1" + new string('}', depth),
        _ => string.Concat(Enumerable.Range(0, depth).Select(i => "\n" + new string(' ', 8 + (2 * i)) + "- ")) + "x",
    };

    /// <summary>Single-character deletions, insertions and replacements from characters that matter to YAML.</summary>
    private static string EditCharacters(string text, Random random, int edits)
    {
        const string Alphabet = "[]{}:,-#&*!|>'\"%@` \t\n\r0123456789.eE+~?xyzLinearConv2dReshape\u00A0\u2028\uFEFF\u0000é";
        var builder = new StringBuilder(text);
        for (var e = 0; e < edits && builder.Length > 0; e++)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(3))
            {
                case 0:
                    builder.Remove(at, Math.Min(1 + random.Next(8), builder.Length - at));
                    break;
                case 1:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
                default:
                    builder[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Files no editor should produce: empty, garbage, bombs, odd encodings and line ends.</summary>
    private (string Yaml, string What) Hostile(Random random)
    {
        switch (random.Next(15))
        {
            case 0:
                return (Pick(random, new[] { string.Empty, " ", "\n", "\t", "---", "...", "--- \n...\n", "~", "null", "#", "\uFEFF", "\0" }), "empty or nearly");
            case 1:
                return (new string(Enumerable.Range(0, random.Next(1, 400)).Select(_ => (char)random.Next(0, 0x10000)).ToArray()), "UTF-16 garbage");
            case 2:
                var bytes = new byte[random.Next(1, 2000)];
                random.NextBytes(bytes);
                return (Encoding.Latin1.GetString(bytes), "binary bytes read as Latin-1");
            case 3:
                var width = 2 + random.Next(9);
                var depth = 3 + random.Next(12);
                var bomb = new StringBuilder($"a0: &a0 [{string.Join(", ", Enumerable.Repeat("x", width))}]\n");
                for (var i = 1; i <= depth; i++)
                {
                    bomb.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", width))}]\n");
                }

                return (random.Next(2) == 0 ? bomb.ToString() : seedSpec + "\n" + bomb.ToString().Replace("\n", "\n  ").Insert(0, "bombs:\n  "), $"alias bomb {width}^{depth}");
            case 4:
                var levels = 1 + random.Next(300);
                return ($"models:\n  G:\n    input: {Nest(random, levels)}\n    layers: [ReLU]\n", $"nesting {levels}");
            case 5:
                return (string.Concat(Enumerable.Range(0, 1 + random.Next(200)).Select(i => new string(' ', i) + "- \n")), "block nesting");
            case 6:
                var name = Pick(random, Names);
                return ($"models:\n  {name}:\n    input: [4]\n    layers: [ReLU]\ngans:\n  {Pick(random, Names)}: {{ generator: {name}, discriminator: {name} }}\n", $"names '{name}'");
            case 7:
                return (seedSpec.Replace("  ", "\t"), "tabs for indentation");
            case 8:
                var ending = Pick(random, new[] { "\r\n", "\r", "\u2028", "\u0085", "\n\n", "\u000B" });
                return (seedSpec.Replace("\n", ending), $"line ends U+{(int)ending[0]:X4}");
            case 9:
                return ("\uFEFF" + seedSpec, "byte-order mark");
            case 10:
                return (seedSpec.Substring(0, random.Next(seedSpec.Length)), "truncated");
            case 11:
                return (seedSpec + "\n" + new string('#', 4 * 1024 * 1024), "over the size limit");
            case 12:
                return (seedSpec.Replace("models:", "models: !!python/object/apply:os.system [\"echo pwned\"]\n  _:", StringComparison.Ordinal), "tag with a payload");
            case 13:
                var line = random.Next(seedLines.Length);
                return (string.Join("\n", seedLines.Select((l, i) => i == line ? l + new string('x', random.Next(1, 100_000)) : l)), "very long line");
            default:
                return ($"models:\n  G:\n    input: [{Number(random)}, {Number(random)}]\n    layers:\n      - Flatten\n      - Linear: {{ out_features: {Number(random)} }}\n", "huge sizes");
        }
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
