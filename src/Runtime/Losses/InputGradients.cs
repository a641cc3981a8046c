using static TorchSharp.torch;

namespace GanGen.Runtime.Losses;

/// <summary>The gradient of D's scores with respect to its input, which the gradient penalties (WGAN-GP, R1) measure.</summary>
internal static class InputGradients
{
    /// <summary>
    /// ‖∂<paramref name="output"/>/∂<paramref name="input"/>‖² per sample, <c>[N]</c>, kept differentiable so the
    /// penalty trains D. <paramref name="seed"/> is the output's gradient (PyTorch's <c>grad_outputs</c>); a scalar
    /// output needs none.
    /// </summary>
    public static Tensor SquaredNorms(Tensor output, Tensor input, Tensor? seed = null)
    {
        // TorchSharp needs retain_graph together with create_graph here, unlike PyTorch's default.
        var gradients = seed is null
            ? autograd.grad(new[] { output }, new[] { input }, retain_graph: true, create_graph: true)[0]
            : autograd.grad(new[] { output }, new[] { input }, new[] { seed }, retain_graph: true, create_graph: true)[0];
        return gradients.reshape(gradients.shape[0], -1).square().sum(dim: 1);
    }
}
