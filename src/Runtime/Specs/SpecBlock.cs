using GanGen.Spec.Model;
using static TorchSharp.torch;

namespace GanGen.Runtime.Specs;

/// <summary>A block instantiation built at run time: the twin of the block class the generator writes.</summary>
internal sealed class SpecBlock : nn.Module<Tensor, Tensor>
{
    private readonly BodyInterpreter body;

    public SpecBlock(ResolvedBlock block)
        : base(block.ClassName) => body = new BodyInterpreter(block.Body, register_module);

    /// <summary>Runs a block whose layers take no labels.</summary>
    public override Tensor forward(Tensor input) => body.Run(input, null);

    /// <summary>Runs the block with the class labels for the layers that take them.</summary>
    public Tensor forward(Tensor input, Tensor? labels) => body.Run(input, labels);
}
