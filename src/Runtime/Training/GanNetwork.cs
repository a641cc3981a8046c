using System;
using static TorchSharp.torch;

namespace GanGen.Runtime.Training;

/// <summary>
/// One side of a GAN, whatever its TorchSharp signature: an unconditional <c>Module&lt;Tensor, Tensor&gt;</c>
/// or a conditional <c>Module&lt;Tensor, Tensor, Tensor&gt;</c> that also takes the labels.
/// </summary>
internal sealed class GanNetwork
{
    private readonly Func<Tensor, Tensor?, Tensor> forward;

    private GanNetwork(nn.Module module, Func<Tensor, Tensor?, Tensor> forward)
    {
        Module = module;
        this.forward = forward;
    }

    public nn.Module Module { get; }

    public static GanNetwork Of(nn.Module module) => module switch
    {
        nn.Module<Tensor, Tensor, Tensor> conditional => new(module, (x, labels) => conditional.call(x, labels!)),
        nn.Module<Tensor, Tensor> plain => new(module, (x, _) => plain.call(x)),
        _ => throw new ArgumentException($"{module.GetType().Name} is neither Module<Tensor, Tensor> nor Module<Tensor, Tensor, Tensor>", nameof(module)),
    };

    public Tensor Call(Tensor input, Tensor? labels) => forward(input, labels);
}
