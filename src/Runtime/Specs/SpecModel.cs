using System.Collections.Generic;
using System.Linq;
using GanGen.Runtime.Modules;
using GanGen.Spec.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace GanGen.Runtime.Specs;

/// <summary>
/// A model built at run time from a spec: the same layers, under the same names, as the class the
/// generator writes for it, so state dicts move freely between the two.
/// </summary>
public sealed class SpecModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BodyInterpreter body;

    internal SpecModel(ResolvedModel model)
        : base(model.Name)
    {
        Model = model;
        body = new BodyInterpreter(model.Body, register_module);
    }

    /// <summary>The resolved spec the module was built from: shapes, parameter count, layer table.</summary>
    public ResolvedModel Model { get; }

    /// <summary>Per-sample input shape.</summary>
    public IReadOnlyList<long> InputShape => Model.Input.Dims;

    /// <summary>Per-sample output shape.</summary>
    public IReadOnlyList<long> OutputShape => Model.Output.Dims;

    /// <summary>Number of condition classes, or 0 for an unconditional model.</summary>
    public int Classes => Model.Classes;

    /// <summary>Runs an unconditional model.</summary>
    public Tensor forward(Tensor input) =>
        Model.IsConditional
            ? throw new System.ArgumentException($"{Model.Name} is conditional on {Model.Classes} classes: call forward(input, labels)", nameof(input))
            : forward(input, null!);

    /// <summary>Runs the model; <paramref name="labels"/> is used by conditional models only.</summary>
    public override Tensor forward(Tensor input, Tensor labels)
    {
        ShapeGuard.CheckInput(Model.Name, input, InputShape);
        if (Model.IsConditional)
        {
            ShapeGuard.CheckLabels(Model.Name, input, labels);
        }

        return MixedPrecision.Float32(body.Run(input, labels));
    }
}
