using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GanGen.Runtime.Modules;
using GanGen.Spec.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Specs;

/// <summary>
/// Builds and runs a resolved body (a model's or a block's) at run time, as the generated class does: the
/// same modules, registered under the same names (a list's layers as <c>0</c>, <c>1</c>, ...; a graph's
/// chains by node name), and the same forward, node by node.
/// </summary>
internal sealed class BodyInterpreter
{
    private readonly ResolvedGraph body;
    private readonly Dictionary<string, nn.Module[]> chains = new(StringComparer.Ordinal);

    /// <param name="body">What to build.</param>
    /// <param name="register">Registers a child module of the owner under a name.</param>
    public BodyInterpreter(ResolvedGraph body, Action<string, nn.Module> register)
    {
        this.body = body;
        foreach (var node in body.Nodes.Where(n => !n.IsMerge))
        {
            var modules = node.Steps.Select(LayerFactory.Create).ToArray();
            chains[node.Name] = modules;
            if (body.IsList)
            {
                for (var i = 0; i < modules.Length; i++)
                {
                    register(i.ToString(CultureInfo.InvariantCulture), modules[i]);
                }
            }
            else if (modules.Length > 0)
            {
                register(node.Name, new ModuleList<nn.Module>(modules));
            }
        }
    }

    /// <summary>Runs the body; <paramref name="labels"/> goes to the layers that take it.</summary>
    public Tensor Run(Tensor input, Tensor? labels)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [ResolvedNode.InputName] = input };
        foreach (var node in body.Nodes)
        {
            var inputs = node.Inputs.Select(name => values[name]).ToArray();
            values[node.Name] = node.Merge switch
            {
                MergeKind.Add => inputs.Skip(1).Aggregate(inputs[0], (sum, x) => sum + x),
                MergeKind.Multiply => inputs.Skip(1).Aggregate(inputs[0], (product, x) => product * x),
                MergeKind.Concat => cat(inputs, 1),
                _ => RunChain(node, values[node.From], labels),
            };
        }

        return values[body.Output.Name];
    }

    private Tensor RunChain(ResolvedNode node, Tensor x, Tensor? labels)
    {
        foreach (var (step, module) in node.Steps.Zip(chains[node.Name]))
        {
            // The precision placement the generated forward writes for the same layer.
            var input = step.Recipe.Precision == LayerPrecision.Float32 ? MixedPrecision.Float32(x) : x;
            x = module switch
            {
                SpecBlock block => block.forward(input, labels),
                _ when step.TakesLabels => ((nn.Module<Tensor, Tensor, Tensor>)module).call(input, labels!),
                _ when step.Recipe.Precision == LayerPrecision.Lowered => MixedPrecision.Forward((nn.Module<Tensor, Tensor>)module, input),
                _ => ((nn.Module<Tensor, Tensor>)module).call(input),
            };
        }

        return x;
    }
}
