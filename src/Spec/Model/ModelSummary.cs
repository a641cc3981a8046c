using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace GanGen.Spec.Model;

/// <summary>Formats a model as a table of layers, output shapes and parameter counts, like torchinfo.</summary>
public static class ModelSummary
{
    /// <summary>The table, with <c>\n</c> line ends whatever the platform, so generated code is deterministic.</summary>
    public static string Format(ResolvedModel model) =>
        Format(model.Name, model.Input, model.IsConditional ? $" + labels ({model.Classes} classes)" : string.Empty, model.Output, model.Body, model.ParameterCount);

    /// <summary>The table of a block's generated class.</summary>
    public static string Format(ResolvedBlock block) =>
        Format(block.ClassName, block.Input, block.TakesLabels ? " + labels" : string.Empty, block.Output, block.Body, block.ParameterCount);

    private static string Format(string name, Shape input, string condition, Shape output, ResolvedGraph body, long parameters)
    {
        var rows = body.Nodes.SelectMany(node => node.IsMerge
                ? new[] { (Layer: $"{node.Name} ({node.Merge})", Shape: node.Output.ToString(), Params: Count(0)) }
                : node.Steps.Select(l => (Layer: $"{l.FieldName} ({l.Kind})", Shape: l.Output.ToString(), Params: Count(l.ParameterCount))))
            .ToList();
        var header = (Layer: "Layer (field)", Shape: "Output shape", Params: "Param #");
        var layerWidth = rows.Select(r => r.Layer.Length).Append(header.Layer.Length).Max() + 2;
        var shapeWidth = rows.Select(r => r.Shape.Length).Append(header.Shape.Length).Max() + 2;
        var paramWidth = rows.Select(r => r.Params.Length).Append(header.Params.Length).Max();
        var rule = new string('=', layerWidth + shapeWidth + paramWidth);

        var text = new StringBuilder();
        text.Append(name).Append(": ").Append(input).Append(condition).Append(" -> ").Append(output).Append('\n');
        text.Append(rule).Append('\n');
        AppendRow(header);
        text.Append(rule).Append('\n');
        rows.ForEach(AppendRow);
        text.Append(rule).Append('\n');
        text.Append("Total params: ").Append(Count(parameters)).Append('\n');
        return text.ToString();

        void AppendRow((string Layer, string Shape, string Params) row) =>
            text.Append(row.Layer.PadRight(layerWidth)).Append(row.Shape.PadRight(shapeWidth)).Append(row.Params.PadLeft(paramWidth)).Append('\n');
    }

    /// <summary>A count with thousands separators, culture-independent: <c>2,305,472</c>.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
