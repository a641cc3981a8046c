using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// Minibatch discrimination (Salimans et al. 2016): projects each sample to <c>num_kernels</c> rows of
/// <c>kernel_dim</c> values, and appends for each kernel the sum over the batch of exp(-L1 distance)
/// to every sample (itself included, as in the paper and the 1-D seed). A generator that collapses
/// to one point makes these features large, which the discriminator can learn to punish.
/// </summary>
public sealed class MinibatchDiscrimination : nn.Module<Tensor, Tensor>
{
    private readonly long kernels;
    private readonly long kernelDim;

    /// <summary>Projection tensor T, <c>[in_features, num_kernels * kernel_dim]</c>.</summary>
    private readonly Parameter weight;

    /// <summary>Optional bias of the projection, as the 1-D seed's linear map has.</summary>
    private readonly Parameter? bias;

    /// <summary>Creates the layer; weights are drawn from N(0, 0.02²) like the seed's.</summary>
    public MinibatchDiscrimination(long in_features, long num_kernels, long kernel_dim, bool bias)
        : base(nameof(MinibatchDiscrimination))
    {
        kernels = num_kernels;
        kernelDim = kernel_dim;
        weight = nn.Parameter(normal(0, 0.02, new[] { in_features, num_kernels * kernel_dim }));
        this.bias = bias ? nn.Parameter(zeros(num_kernels * kernel_dim)) : null;
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var projected = input.matmul(weight);
        if (bias is not null)
        {
            projected = projected + bias;
        }

        var m = projected.view(-1, kernels, kernelDim);
        var distances = (m.unsqueeze(0) - m.unsqueeze(1)).abs().sum(dim: 3);
        var features = exp(-distances).sum(dim: 0);
        return cat(new[] { input, features }, 1).MoveToOuterDisposeScope();
    }
}
