using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// <c>nn.GroupNorm</c> as PyTorch builds it: each sample's channels split into groups, each group normalized
/// over its channels and positions, then a per-channel scale starting at 1 and shift starting at 0.
/// </summary>
/// <remarks>
/// GanGen's own because TorchSharp 0.107's <c>GroupNorm</c> creates its weight and bias with
/// <c>torch.empty</c> and never sets them, so a fresh one scales by whatever the memory held (NaN
/// included); it also refuses a <c>[batch, C]</c> input, which PyTorch takes.
/// </remarks>
public sealed class GroupNorm : nn.Module<Tensor, Tensor>
{
    private readonly long groups;
    private readonly double epsilon;

    /// <summary>Per-channel scale, <c>null</c> without affine parameters.</summary>
    private readonly Parameter? weight;

    /// <summary>Per-channel shift, <c>null</c> without affine parameters.</summary>
    private readonly Parameter? bias;

    /// <summary>Creates the layer with PyTorch's argument names; the spec engine has checked that the groups divide the channels.</summary>
    public GroupNorm(long num_groups, long num_channels, double eps, bool affine)
        : base(nameof(GroupNorm))
    {
        groups = num_groups;
        epsilon = eps;
        if (affine)
        {
            weight = nn.Parameter(ones(num_channels));
            bias = nn.Parameter(zeros(num_channels));
        }

        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.group_norm(input, groups, weight, bias, epsilon);
}
