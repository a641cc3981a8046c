using System;
using GanGen.Runtime.Modules;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace GanGen.Runtime.Layers;

/// <summary>
/// A layer whose weight is spectrally normalized (Miyato et al. 2018) exactly as PyTorch's
/// <c>torch.nn.utils.spectral_norm</c> does it: the trainable weight is <c>weight_orig</c>, and each forward
/// uses <c>weight_orig / σ</c>, with σ = uᵀ W v estimated from the buffers <c>weight_u</c> and <c>weight_v</c>.
/// In training mode every forward first takes one power-iteration step, updating u and v in place
/// (without gradient); in eval mode they stay as they are. Parameters and buffers carry PyTorch's names,
/// so state dicts match those of a spectral-normed PyTorch module.
/// </summary>
/// <remarks>
/// W is the weight as a matrix with dimension <c>dim</c> as its rows: dimension 0 (output features or
/// channels) for Linear and Conv2d, dimension 1 (output channels) for ConvTranspose2d, as PyTorch chooses.
/// </remarks>
public abstract class SpectralNormLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>PyTorch's default eps: the smallest norm u and v are divided by.</summary>
    private const double Eps = 1e-12;

    private readonly long dim;

    // ComponentName: TorchSharp looks fields up by these names when it moves the module to another
    // dtype or device, and must find PyTorch's names.
    [ComponentName(Name = "bias")]
    private readonly Parameter? bias;

    [ComponentName(Name = "weight_orig")]
    private readonly Parameter weightOrig;

    [ComponentName(Name = "weight_u")]
    private readonly Tensor weightU;

    [ComponentName(Name = "weight_v")]
    private readonly Tensor weightV;

    /// <summary>
    /// Creates the weight and bias as the plain layer does (PyTorch's <c>reset_parameters</c>: Kaiming-uniform
    /// with a = √5, bias uniform in ±1/√fan_in), then u and v as <c>spectral_norm</c> does: normal draws,
    /// normalized. Same seed, same draws as PyTorch's <c>spectral_norm(nn.Linear(...))</c>.
    /// </summary>
    private protected SpectralNormLayer(string name, long[] weightShape, long outputs, bool hasBias, long dim)
        : base(name)
    {
        this.dim = dim;

        // Detached from any dispose scope the module is created in, as TorchSharp's own layers do: the
        // module owns its tensors.
        weightOrig = (Parameter)nn.Parameter(empty(weightShape)).DetachFromDisposeScope();
        nn.init.kaiming_uniform_(weightOrig, a: Math.Sqrt(5));
        if (hasBias)
        {
            bias = (Parameter)nn.Parameter(empty(outputs)).DetachFromDisposeScope();
            var (fanIn, _) = nn.init.CalculateFanInAndFanOut(weightOrig);
            nn.init.uniform_(bias, -1 / Math.Sqrt(fanIn), 1 / Math.Sqrt(fanIn));
        }

        using (no_grad())
        {
            using var matrix = Matrix(weightOrig);
            using var u = empty(matrix.shape[0]).normal_(0, 1);
            using var v = empty(matrix.shape[1]).normal_(0, 1);
            weightU = nn.functional.normalize(u, dim: 0, eps: Eps).DetachFromDisposeScope();
            weightV = nn.functional.normalize(v, dim: 0, eps: Eps).DetachFromDisposeScope();
        }

        // PyTorch's order: the module's bias stays where it was, weight_orig is registered after it.
        if (bias is not null)
        {
            register_parameter("bias", bias);
        }

        register_parameter("weight_orig", weightOrig);
        register_buffer("weight_u", weightU);
        register_buffer("weight_v", weightV);
    }

    /// <summary>The trainable, unnormalized weight (<c>weight_orig</c>).</summary>
    public Parameter Weight => weightOrig;

    /// <summary>The bias, or <c>null</c> when the layer has none.</summary>
    public Parameter? Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // The normalization (power iteration, sigma) stays float32; under bf16-mixed only the product is lowered.
        return Apply(MixedPrecision.Lower(input), MixedPrecision.Lower(NormalizedWeight()), MixedPrecision.LowerOptional(bias)).MoveToOuterDisposeScope();
    }

    /// <summary>The layer's operation with the normalized weight.</summary>
    private protected abstract Tensor Apply(Tensor input, Tensor weight, Tensor? bias);

    /// <summary>weight_orig / σ, after one power-iteration step in training mode (PyTorch's <c>compute_weight</c>).</summary>
    private Tensor NormalizedWeight()
    {
        var matrix = Matrix(weightOrig);
        var u = weightU;
        var v = weightV;
        if (training)
        {
            using (no_grad())
            {
                weightV.copy_(nn.functional.normalize(mv(matrix.t(), weightU), dim: 0, eps: Eps));
                weightU.copy_(nn.functional.normalize(mv(matrix, weightV), dim: 0, eps: Eps));
            }

            // Copies, as PyTorch takes: a second forward before the backward (D on real, then on fake)
            // updates the buffers in place, and must not change what the first forward's graph saved.
            u = weightU.clone();
            v = weightV.clone();
        }

        return weightOrig / dot(u, mv(matrix, v));
    }

    /// <summary>The weight as a matrix whose rows run along dimension <see cref="dim"/>.</summary>
    private Tensor Matrix(Tensor weight) =>
        (dim == 0 ? weight : weight.transpose(0, dim)).reshape(weight.shape[dim], -1);
}
