using System.Collections.Generic;
using GanGen.Spec.Yaml;

namespace GanGen.Spec.Parsing;

/// <summary>
/// A block as written under <c>blocks:</c>, before any use gives it arguments and an input: its
/// arguments' defaults and its body's YAML. Each use resolves the body anew.
/// </summary>
/// <param name="Name">The block's name (also its generated class's name).</param>
/// <param name="NameNode">Where the name is written.</param>
/// <param name="Arguments">Each argument's default, in written order; <c>null</c> for a required one (<c>~</c>).</param>
/// <param name="Body">The <c>layers:</c> list or <c>graph:</c> mapping.</param>
/// <param name="IsGraph">Whether the body is a graph.</param>
internal sealed record BlockTemplate(
    string Name,
    YamlNodeBase NameNode,
    IReadOnlyList<KeyValuePair<string, YamlNodeBase?>> Arguments,
    YamlNodeBase Body,
    bool IsGraph);
