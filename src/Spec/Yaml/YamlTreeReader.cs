using System;
using System.Collections.Generic;
using System.IO;
using GanGen.Spec.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GanGen.Spec.Yaml;

/// <summary>
/// Reads YAML text into a <see cref="YamlNodeBase"/> tree with YamlDotNet's event parser.
/// Working at the event level means no tag can ever make the reader create an object of some type,
/// and aliases become shared nodes whose expanded size is counted against <see cref="YamlLimits"/>.
/// Tags are refused outright: the spec language has none, and one silently ignored would change what
/// a value means (<c>!!str 4</c> is a string in YAML, not the size 4).
/// </summary>
internal sealed class YamlTreeReader
{
    private const string StandardTagPrefix = "tag:yaml.org,2002:";

    private readonly IParser parser;
    private readonly YamlLimits limits;
    private readonly SpecDiagnosticBag diagnostics;
    private readonly Dictionary<string, (YamlNodeBase Node, long Size)> anchors = new(StringComparer.Ordinal);
    // The flow collections ('{', '[') being read, innermost on top, with the character that closes each.
    private readonly Stack<(ParsingEvent Start, char Closer)> openFlow = new();
    private long expandedNodes;

    private YamlTreeReader(IParser parser, YamlLimits limits, SpecDiagnosticBag diagnostics)
    {
        this.parser = parser;
        this.limits = limits;
        this.diagnostics = diagnostics;
    }

    /// <summary>Reads the first document of <paramref name="text"/>, or reports why it cannot.</summary>
    public static YamlNodeBase? Read(string text, YamlLimits limits, SpecDiagnosticBag diagnostics)
    {
        if (text.Length > limits.MaxCharacters)
        {
            diagnostics.Add(DiagnosticCatalog.LimitExceeded, Mark.Empty, Mark.Empty,
                $"The spec has {text.Length} characters; the limit is {limits.MaxCharacters}");
            return null;
        }

        var reader = new YamlTreeReader(new Parser(new StringReader(text)), limits, diagnostics);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            diagnostics.Add(DiagnosticCatalog.YamlSyntax, e.Start, e.End, CleanMessage(e));
            return null;
        }
        catch (LimitException e)
        {
            diagnostics.Add(DiagnosticCatalog.LimitExceeded, e.Start, e.End, e.Message);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws a bare InvalidOperationException (aaubry/YamlDotNet#541) on
            // some unclosed flow collections that go on to the next line, the typo of a missing '}'.
            // It carries no position; the unclosed collection is where the mistake is.
            if (reader.openFlow.Count > 0)
            {
                var (open, closer) = reader.openFlow.Peek();
                var opener = closer == '}' ? '{' : '[';
                diagnostics.Add(DiagnosticCatalog.YamlSyntax, open.Start, open.End,
                    $"This '{opener}' is not closed: the text after it cannot be read before a '{closer}'");
            }
            else
            {
                // The scanner failed ahead of the parser: the last event read is the best position known.
                var last = reader.parser.Current?.End ?? Mark.Empty;
                diagnostics.Add(DiagnosticCatalog.YamlSyntax, last, last,
                    "The YAML cannot be read after this point; look for a '{' or '[' that is not closed");
            }

            return null;
        }
    }

    private YamlNodeBase? ReadStream()
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }

        parser.Consume<DocumentStart>();
        var root = ReadNode(depth: 0).Node;
        parser.Consume<DocumentEnd>();
        if (parser.Accept<DocumentStart>(out var second))
        {
            diagnostics.Add(DiagnosticCatalog.InvalidStructure, second.Start, second.End,
                "A spec holds one YAML document, but a second one starts here");
        }

        return root;
    }

    private (YamlNodeBase Node, long Size) ReadNode(int depth)
    {
        if (depth > limits.MaxDepth)
        {
            throw new LimitException(parser.Current!.Start, parser.Current.End,
                $"The spec nests deeper than {limits.MaxDepth} levels");
        }

        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
            {
                throw new YamlException(alias.Start, alias.End, $"Alias '*{alias.Value.Value}' refers to no anchor before it");
            }

            Count(target.Size, alias);
            return target;
        }

        (YamlNodeBase Node, long Size) result;
        var start = parser.Current!;
        var anchor = ((NodeEvent)start).Anchor;
        if (((NodeEvent)start).Tag is { IsEmpty: false } tag)
        {
            // YamlDotNet hands '!!str' over expanded; name it as the user wrote it.
            var written = tag.Value.StartsWith(StandardTagPrefix, StringComparison.Ordinal) ? "!!" + tag.Value.Substring(StandardTagPrefix.Length) : tag.Value;
            diagnostics.Add(DiagnosticCatalog.InvalidStructure, start.Start, start.End,
                $"YAML tags are not part of the spec language; remove the tag '{written}'");
        }

        // Registered before the start event is consumed: consuming it makes YamlDotNet scan ahead.
        EnterFlow(start);
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            Count(1, scalar);
            result = (new YamlScalarNode(scalar.Value, scalar.Style, scalar.Start, scalar.End), 1);
        }
        else if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var items = new List<YamlNodeBase>();
            long size = 1;
            Count(1, sequenceStart);
            while (!parser.Accept<SequenceEnd>(out _))
            {
                var item = ReadNode(depth + 1);
                items.Add(item.Node);
                size += item.Size;
            }

            LeaveFlow(sequenceStart);
            parser.Consume<SequenceEnd>();

            result = (new YamlListNode(items, sequenceStart.Start, items.Count > 0 ? items[items.Count - 1].End : sequenceStart.End), size);
        }
        else
        {
            var mappingStart = parser.Consume<MappingStart>();
            var entries = new List<KeyValuePair<YamlNodeBase, YamlNodeBase>>();
            long size = 1;
            Count(1, mappingStart);
            while (!parser.Accept<MappingEnd>(out _))
            {
                var key = ReadNode(depth + 1);
                if (mappingStart.Style != MappingStyle.Flow && key.Node is YamlScalarNode { IsPlain: true, Value.Length: 0 })
                {
                    // YamlDotNet misreads a block mapping entry without a key (': value'): it drops the value or
                    // shifts every later key and value by one, so nothing after it can be trusted.
                    throw new YamlException(key.Node.Start, key.Node.End, "This entry has no key before its ':'; write 'name: value'");
                }

                var value = ReadNode(depth + 1);
                entries.Add(new KeyValuePair<YamlNodeBase, YamlNodeBase>(key.Node, value.Node));
                size += key.Size + value.Size;
            }

            LeaveFlow(mappingStart);
            parser.Consume<MappingEnd>();

            result = (new YamlMapNode(entries, mappingStart.Start, entries.Count > 0 ? entries[entries.Count - 1].Value.End : mappingStart.End), size);
        }

        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = result;
        }

        return result;
    }

    private void EnterFlow(ParsingEvent start)
    {
        if (start is SequenceStart { Style: SequenceStyle.Flow })
        {
            openFlow.Push((start, ']'));
        }
        else if (start is MappingStart { Style: MappingStyle.Flow })
        {
            openFlow.Push((start, '}'));
        }
    }

    private void LeaveFlow(ParsingEvent start)
    {
        if (openFlow.Count > 0 && ReferenceEquals(openFlow.Peek().Start, start))
        {
            openFlow.Pop();
        }
    }

    private void Count(long nodes, ParsingEvent at)
    {
        expandedNodes += nodes;
        if (expandedNodes > limits.MaxNodes)
        {
            throw new LimitException(at.Start, at.End,
                $"The spec expands to more than {limits.MaxNodes} nodes (check its aliases)");
        }
    }

    private static string CleanMessage(YamlException e)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (...): "; the location is reported separately.
        var message = e.Message;
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 && message.StartsWith("(", StringComparison.Ordinal) ? message.Substring(marker + 3) : message;
    }

    private sealed class LimitException : Exception
    {
        public LimitException(Mark start, Mark end, string message)
            : base(message)
        {
            Start = start;
            End = end;
        }

        public Mark Start { get; }

        public Mark End { get; }
    }
}
