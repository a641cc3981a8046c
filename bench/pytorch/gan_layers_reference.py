#!/usr/bin/python3
"""Reference values of GanGen's GAN layers, computed independently with PyTorch.

Writes the C# test data of tests/GanGen.Runtime.Tests (GanLayerReference.cs): the outputs of
SelfAttention (BigGAN-PyTorch's layers.Attention, written out below), ConditionalBatchNorm1d/2d and
Projection (the usual PyTorch forms, written out below), and of torch.nn.utils.spectral_norm on Linear,
Conv2d and ConvTranspose2d: the normalized weight after one training forward, sigma, the updated u and
v, the outputs in training and eval mode, and the gradient reaching weight_orig.

Weights and inputs are set explicitly with fixed() (multiples of 1/16, exact in float32), never drawn
from PyTorch's random generator, so the C# tests set the same values with the same formula. The one
exception is the last section: the initial weight, bias, u and v of spectral_norm(...) under
manual_seed(3), which TorchSharp must reproduce because it shares libtorch's generator.

Written for Debian 12's python3-torch (PyTorch 1.13); standard library + torch only. CI has no PyTorch:
the printed numbers are committed.

    /usr/bin/python3 bench/pytorch/gan_layers_reference.py > tests/GanGen.Runtime.Tests/GanLayerReference.cs
"""

import torch
import torch.nn as nn
import torch.nn.functional as F


def fixed(shape, a, b, m=17):
    """((a*i + b) mod m - m//2) / 16 for i = 0, 1, ... in row-major order: the same formula as the C# tests' Fixed."""
    n = 1
    for d in shape:
        n *= d
    return torch.tensor([((a * i + b) % m - m // 2) / 16.0 for i in range(n)], dtype=torch.float32).reshape(shape)


class Attention(nn.Module):
    """BigGAN-PyTorch's layers.Attention with plain (not spectral-normed) 1x1 convolutions."""

    def __init__(self, ch):
        super().__init__()
        self.ch = ch
        self.theta = nn.Conv2d(ch, ch // 8, kernel_size=1, padding=0, bias=False)
        self.phi = nn.Conv2d(ch, ch // 8, kernel_size=1, padding=0, bias=False)
        self.g = nn.Conv2d(ch, ch // 2, kernel_size=1, padding=0, bias=False)
        self.o = nn.Conv2d(ch // 2, ch, kernel_size=1, padding=0, bias=False)
        self.gamma = nn.Parameter(torch.tensor(0.0), requires_grad=True)

    def forward(self, x):
        theta = self.theta(x)
        phi = F.max_pool2d(self.phi(x), [2, 2])
        g = F.max_pool2d(self.g(x), [2, 2])
        theta = theta.view(-1, self.ch // 8, x.shape[2] * x.shape[3])
        phi = phi.view(-1, self.ch // 8, x.shape[2] * x.shape[3] // 4)
        g = g.view(-1, self.ch // 2, x.shape[2] * x.shape[3] // 4)
        beta = F.softmax(torch.bmm(theta.transpose(1, 2), phi), -1)
        o = self.o(torch.bmm(g, beta.transpose(1, 2)).view(-1, self.ch // 2, x.shape[2], x.shape[3]))
        return self.gamma * o + x


class ConditionalBatchNorm(nn.Module):
    """BatchNorm without affine parameters, then a per-class scale and shift from an Embedding(K, 2C)."""

    def __init__(self, bn, num_features, num_classes):
        super().__init__()
        self.num_features = num_features
        self.bn = bn
        self.embed = nn.Embedding(num_classes, num_features * 2)

    def forward(self, x, y):
        out = self.bn(x)
        gamma, beta = self.embed(y).chunk(2, 1)
        shape = [-1, self.num_features] + [1] * (x.dim() - 2)
        return gamma.view(shape) * out + beta.view(shape)


class Projection(nn.Module):
    """The projection discriminator's head: linear(h) + <embed(y), h>."""

    def __init__(self, in_features, num_classes):
        super().__init__()
        self.linear = nn.Linear(in_features, 1)
        self.embed = nn.Embedding(num_classes, in_features)

    def forward(self, h, y):
        return self.linear(h) + torch.sum(self.embed(y) * h, 1, keepdim=True)


LINES = []


def emit(name, tensor, doc):
    """A float[] field (a float constant for a 0-d tensor), each value with the 9 digits that round-trip float32."""
    values = tensor.detach().reshape(-1).tolist()
    if LINES:
        LINES.append("")
    if tensor.dim() == 0:
        LINES.append(f"    /// <summary>{doc}.</summary>")
        LINES.append(f"    public const float {name} = {values[0]:.9g}f;")
        return
    LINES.append(f"    /// <summary>{doc}, shape [{','.join(str(d) for d in tensor.shape)}].</summary>")
    LINES.append(f"    public static readonly float[] {name} =")
    LINES.append("    [")
    for i in range(0, len(values), 6):
        LINES.append("        " + " ".join(f"{v:.9g}f," for v in values[i:i + 6]))
    LINES.append("    ];")


def self_attention():
    layer = Attention(8)
    with torch.no_grad():
        layer.theta.weight.copy_(fixed([1, 8, 1, 1], 3, 1))
        layer.phi.weight.copy_(fixed([1, 8, 1, 1], 5, 2))
        layer.g.weight.copy_(fixed([4, 8, 1, 1], 7, 3))
        layer.o.weight.copy_(fixed([8, 4, 1, 1], 2, 4))
        layer.gamma.fill_(0.75)
    emit("SelfAttentionOutput", layer(fixed([2, 8, 2, 4], 11, 5)),
         "SelfAttention(8): theta Fixed(3, 1), phi Fixed(5, 2), g Fixed(7, 3), o Fixed(2, 4), gamma 0.75, on x = Fixed([2,8,2,4], 11, 5)")


def conditional_batch_norm():
    labels = torch.tensor([2, 0, 3, 2])
    for name, bn, shape, a in (("ConditionalBatchNorm2d", nn.BatchNorm2d(3, affine=False), [4, 3, 2, 2], 5),
                               ("ConditionalBatchNorm1d", nn.BatchNorm1d(3, affine=False), [4, 3], 7)):
        layer = ConditionalBatchNorm(bn, 3, 4)
        with torch.no_grad():
            layer.embed.weight.copy_(fixed([4, 6], 3, 2) + torch.cat([torch.ones(4, 3), torch.zeros(4, 3)], 1))
        x = fixed(shape, a, 1)
        doc = f"{name}(3 features, 4 classes): embed 1|0 + Fixed([4,6], 3, 2), labels [2,0,3,2], x = Fixed({shape}, {a}, 1)"
        emit(name + "Training", layer(x, labels), doc + ", training mode")
        emit(name + "RunningVar", layer.bn.running_var, doc + ": running_var after the training forward")
        layer.eval()
        emit(name + "Eval", layer(x, labels), doc + ": eval mode after one training forward")


def projection():
    layer = Projection(5, 3)
    with torch.no_grad():
        layer.linear.weight.copy_(fixed([1, 5], 3, 1))
        layer.linear.bias.fill_(0.25)
        layer.embed.weight.copy_(fixed([3, 5], 5, 2))
    emit("ProjectionOutput", layer(fixed([4, 5], 7, 3), torch.tensor([0, 2, 1, 2])),
         "Projection(5 features, 3 classes): linear Fixed(3, 1), bias 0.25, embed Fixed(5, 2), labels [0,2,1,2], h = Fixed([4,5], 7, 3)")


def spectral_norm():
    cases = (
        ("Linear", lambda: nn.Linear(4, 3), [3, 4], [2, 4]),
        ("Conv2d", lambda: nn.Conv2d(2, 3, 2), [3, 2, 2, 2], [1, 2, 3, 3]),
        ("ConvTranspose2d", lambda: nn.ConvTranspose2d(2, 3, 2), [2, 3, 2, 2], [1, 2, 3, 3]),
    )
    for name, make, weight_shape, input_shape in cases:
        layer = nn.utils.spectral_norm(make())
        rows = layer.weight_u.shape[0]
        with torch.no_grad():
            layer.weight_orig.copy_(fixed(weight_shape, 3, 1))
            layer.bias.copy_(fixed([3], 5, 2))
            layer.weight_u.copy_(F.normalize(fixed([rows], 5, 3), dim=0))
            layer.weight_v.copy_(F.normalize(fixed([layer.weight_v.shape[0]], 7, 4), dim=0))
        x = fixed(input_shape, 7, 5)
        doc = (f"spectral_norm({name}): weight_orig Fixed({weight_shape}, 3, 1), bias Fixed(5, 2), "
               f"u = normalize(Fixed({rows}, 5, 3)), v = normalize(Fixed(7, 4)), x = Fixed({input_shape}, 7, 5)")

        layer.eval()
        emit(f"SpectralNorm{name}EvalFirst", layer(x), doc + ": eval mode before any training forward")

        layer.train()
        out = layer(x)
        emit(f"SpectralNorm{name}Training", out, doc + ": one training forward")
        emit(f"SpectralNorm{name}Weight", layer.weight, doc + ": the normalized weight of that forward")
        emit(f"SpectralNorm{name}Sigma", (layer.weight_orig / layer.weight).reshape(-1)[0], doc + ": sigma of that forward (weight_orig / weight)")
        emit(f"SpectralNorm{name}U", layer.weight_u, doc + ": weight_u after it")
        emit(f"SpectralNorm{name}V", layer.weight_v, doc + ": weight_v after it")
        out.sum().backward()
        emit(f"SpectralNorm{name}Gradient", layer.weight_orig.grad, doc + ": gradient of the training output's sum at weight_orig")

        layer.eval()
        emit(f"SpectralNorm{name}Eval", layer(x), doc + ": eval mode after the training forward")


def seeded_initialisation():
    for name, make in (("Linear", lambda: nn.Linear(4, 3)), ("ConvTranspose2d", lambda: nn.ConvTranspose2d(2, 3, 2))):
        torch.manual_seed(3)
        layer = nn.utils.spectral_norm(make())
        doc = f"manual_seed(3); spectral_norm({name}" + ("(4, 3))" if name == "Linear" else "(2, 3, 2))")
        for tensor in ("weight_orig", "bias", "weight_u", "weight_v"):
            emit(f"Seeded{name}{''.join(p.capitalize() for p in tensor.split('_'))}", getattr(layer, tensor), doc + f": {tensor}")


def main():
    torch.set_num_threads(1)
    print("// <auto-generated>")
    print(f"// Written by bench/pytorch/gan_layers_reference.py with PyTorch {torch.__version__}; run it again rather than editing.")
    print("// </auto-generated>")
    print("namespace GanGen.Runtime.Tests;")
    print()
    print("/// <summary>GanGen's GAN layers computed by PyTorch on fixed weights and inputs (see the script).</summary>")
    print("internal static class GanLayerReference")
    print("{")
    self_attention()
    conditional_batch_norm()
    projection()
    spectral_norm()
    seeded_initialisation()
    print("\n".join(LINES))
    print("}")


if __name__ == "__main__":
    main()
