using System;
using GanGen.Spec.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace GanGen.Runtime.Modules;

/// <summary>
/// GanGen's mixed precision (<c>precision: bf16-mixed</c>), placed per layer because TorchSharp has no
/// autocast. Inside <see cref="Enter"/> on the current thread, convolutions and linear layers compute in
/// bfloat16 from bfloat16 copies of their float32 weights (autograd carries the gradients back to the float32
/// weights through the casts), normalizations get float32 input, and a model's output is float32. Outside it,
/// every method here is the plain float32 forward, so float32 training is unchanged to the bit.
/// </summary>
/// <remarks>
/// Generated models and run-time loaded ones call these methods at the same layers (the spec engine's
/// <see cref="GanGen.Spec.Model.LayerPrecision"/> of each layer says which), so the two paths stay identical.
/// Activations stay in bfloat16 from one lowered layer to the next through activations, dropout, padding,
/// pooling and reshapes, which compute in whatever dtype they get.
/// </remarks>
public static class MixedPrecision
{
    // Thread-local like PyTorch's autocast state: a training step on one thread does not change what a
    // sampler or evaluator on another computes in.
    [ThreadStatic]
    private static bool active;

    /// <summary>Whether bf16-mixed is on for the current thread.</summary>
    public static bool IsActive => active;

    /// <summary>The dtype lowered layers compute in under bf16-mixed.</summary>
    public static ScalarType LowType => ScalarType.BFloat16;

    /// <summary>Turns <paramref name="precision"/> on for the current thread until the scope is disposed.</summary>
    /// <param name="precision">Float32 turns mixed precision off inside the scope, as <c>autocast(enabled=False)</c> does.</param>
    /// <returns>Restores the previous state when disposed.</returns>
    public static Scope Enter(PrecisionKind precision)
    {
        var previous = active;
        active = precision == PrecisionKind.Bf16Mixed;
        return new Scope(previous);
    }

    /// <summary>
    /// Runs a linear layer or convolution: in bfloat16 under bf16-mixed (output bfloat16), else its forward.
    /// Layers of GanGen's own (spectral norm, self-attention) lower themselves inside their forward.
    /// </summary>
    /// <param name="layer">The layer.</param>
    /// <param name="input">Its input, in float32 or bfloat16.</param>
    /// <exception cref="ArgumentException">A convolution with padding GanGen never builds ('same', or a mode other than zeros).</exception>
    public static Tensor Forward(nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        if (!active)
        {
            return layer.forward(input);
        }

        return layer switch
        {
            Linear linear => nn.functional.linear(Lower(input), Lower(linear.weight), LowerOptional(linear.bias)),
            Conv2d conv => nn.functional.conv2d(Lower(input), Lower(conv.weight), LowerOptional(conv.bias), conv.stride, ZeroPadding(conv), conv.dilation, conv.groups),
            ConvTranspose2d conv => nn.functional.conv_transpose2d(
                Lower(input), Lower(conv.weight), LowerOptional(conv.bias), conv.stride, ZeroPadding(conv), conv.output_padding, conv.dilation, conv.groups),
            _ => layer.forward(input),
        };
    }

    /// <summary>Float32 input for a layer that computes in float32 (normalizations, softmax), and a model's float32 output.</summary>
    /// <param name="input">A tensor; cast only when it is bfloat16 under bf16-mixed.</param>
    public static Tensor Float32(Tensor input) => active && input.dtype == LowType ? input.to(ScalarType.Float32) : input;

    /// <summary>The tensor in bfloat16 under bf16-mixed (a cast autograd goes through), else itself.</summary>
    /// <param name="tensor">An activation or a float32 weight.</param>
    public static Tensor Lower(Tensor tensor) => active && tensor.dtype != LowType ? tensor.to(LowType) : tensor;

    /// <summary><see cref="Lower"/> of a bias that may be absent.</summary>
    /// <param name="tensor">The bias, or null.</param>
    public static Tensor? LowerOptional(Tensor? tensor) => tensor is null ? null : Lower(tensor);

    private static long[] ZeroPadding(Convolution conv) =>
        conv.padding is { } padding && conv.padding_mode == TorchSharp.PaddingModes.Zeros
            ? padding
            : throw new ArgumentException($"{conv.GetType().Name} with padding '{conv.padding_type}' or mode {conv.padding_mode} has no bf16-mixed path; GanGen builds convolutions with explicit zero padding", nameof(conv));

    /// <summary>Ends a <see cref="Enter"/> scope, restoring the state before it.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly bool previous;

        internal Scope(bool previous) => this.previous = previous;

        /// <summary>Restores the state before the scope.</summary>
        public void Dispose() => active = previous;
    }
}
