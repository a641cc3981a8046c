"""The SNGAN pairs of src/Models.yaml (Sngan, ConditionalSngan) transcribed to PyTorch by hand.

Miyato et al. 2018's CIFAR-10 ResNet: G maps z to 4x4 feature maps, three residual up-blocks to 32x32,
then BatchNorm, ReLU, a 3x3 convolution and Tanh; D has residual down-blocks 32 -> 16 -> 8 -> 4 with
every convolution and the last linear spectrally normalized (torch.nn.utils.spectral_norm), ReLU,
the sum over positions and one score. The conditional pair adds class-conditional batch norm to G's
blocks, SAGAN self-attention at 16x16 in both, and a projection head in D.

The modules are named as GanGen names the YAML's (a layer list is an nn.Sequential, a block's chains
`main` and `shortcut` are its children), so a state_dict moves between the two unchanged.

    /usr/bin/python3 bench/pytorch/sngan.py                 # parameter counts, checked against the YAML
    /usr/bin/python3 bench/pytorch/sngan.py --write DIR     # full-size weights, inputs and outputs for
                                                            # `dotnet run --project bench/GanGen.Benchmarks -- --pytorch-parity DIR`
    /usr/bin/python3 bench/pytorch/sngan.py --check DIR     # then: GanGen's save_py files through these modules
"""
import argparse
import json
import os

import torch
import torch.nn as nn
from torch.nn.utils import spectral_norm
from torch.nn.utils.spectral_norm import SpectralNorm

from gangen_yaml import ConditionalBatchNorm, GlobalSumPool, Projection, Reshape, SelfAttention, load_models


class LabelSequential(nn.Sequential):
    """nn.Sequential that hands the class labels to the layers that take them."""

    def forward(self, x, labels=None):
        for m in self:
            x = m(x, labels) if getattr(m, "takes_labels", False) else m(x)
        return x


class ResidualUp(nn.Module):
    """BN, ReLU, upsample, conv3x3, BN, ReLU, conv3x3; shortcut: upsample, conv1x1."""

    def __init__(self, in_channels, channels, classes=0):
        super().__init__()
        self.takes_labels = classes > 0

        def norm(c):
            return ConditionalBatchNorm(nn.BatchNorm2d, c, classes) if classes else nn.BatchNorm2d(c)

        self.main = LabelSequential(
            norm(in_channels), nn.ReLU(), nn.Upsample(scale_factor=2),
            nn.Conv2d(in_channels, channels, 3, padding=1),
            norm(channels), nn.ReLU(),
            nn.Conv2d(channels, channels, 3, padding=1))
        self.shortcut = nn.Sequential(nn.Upsample(scale_factor=2), nn.Conv2d(in_channels, channels, 1))

    def forward(self, x, labels=None):
        return self.main(x, labels) + self.shortcut(x)


class ResidualDown(nn.Module):
    """[ReLU,] conv3x3, ReLU, conv3x3, avgpool2; shortcut: conv1x1, avgpool2. All convolutions SN."""

    def __init__(self, in_channels, channels, first=False):
        super().__init__()
        main = [] if first else [nn.ReLU()]
        main += [spectral_norm(nn.Conv2d(in_channels, channels, 3, padding=1)), nn.ReLU(),
                 spectral_norm(nn.Conv2d(channels, channels, 3, padding=1)), nn.AvgPool2d(2)]
        self.main = nn.Sequential(*main)
        self.shortcut = nn.Sequential(spectral_norm(nn.Conv2d(in_channels, channels, 1)), nn.AvgPool2d(2))

    def forward(self, x):
        return self.main(x) + self.shortcut(x)


def generator(z=128, channels=256, classes=0, image_channels=3):
    """SnganGenerator (classes=0) or ConditionalSnganGenerator: [z] -> [3, 32, 32]."""
    blocks = [ResidualUp(channels, channels, classes) for _ in range(3)]
    if classes:
        blocks.insert(2, SelfAttention(channels))
    return LabelSequential(
        nn.Linear(z, channels * 16), Reshape([channels, 4, 4]), *blocks,
        nn.BatchNorm2d(channels), nn.ReLU(), nn.Conv2d(channels, image_channels, 3, padding=1), nn.Tanh())


def discriminator(channels=128, classes=0, image_channels=3):
    """SnganDiscriminator (classes=0) or ConditionalSnganDiscriminator (self-attention, projection head)."""
    layers = [ResidualDown(image_channels, channels, first=True), ResidualDown(channels, channels), ResidualDown(channels, channels),
              nn.ReLU(), GlobalSumPool()]
    if classes:
        layers.insert(1, SelfAttention(channels, sn=True))
        layers.append(Projection(channels, classes, sn=True))
    else:
        layers.append(spectral_norm(nn.Linear(channels, 1)))
    return LabelSequential(*layers)


def pairs(z=128, g_channels=256, d_channels=128, classes=10):
    """The four models of src/Models.yaml, or reduced copies of them."""
    return {
        "SnganGenerator": generator(z, g_channels),
        "SnganDiscriminator": discriminator(d_channels),
        "ConditionalSnganGenerator": generator(z, g_channels, classes),
        "ConditionalSnganDiscriminator": discriminator(d_channels, classes),
    }


def parameter_count(module):
    return sum(p.numel() for p in module.parameters())


def randomize(module, generator_):
    """Non-trivial values for everything a state_dict holds: running statistics, class embeddings,
    attention gains, spectral-norm vectors (normalized, as spectral_norm keeps them)."""
    with torch.no_grad():
        for name, tensor in module.state_dict().items():
            if name.endswith("num_batches_tracked"):
                tensor.fill_(7)
            elif name.endswith("running_var"):
                tensor.copy_(torch.rand(tensor.shape, generator=generator_) + 0.5)
            elif name.endswith("weight_u") or name.endswith("weight_v"):
                v = torch.randn(tensor.shape, generator=generator_)
                tensor.copy_(v / v.norm())
            elif name.endswith("gamma") or name.endswith("running_mean") or name.endswith("embed.weight"):
                tensor.copy_(torch.randn(tensor.shape, generator=generator_) * 0.5 + (1 if "embed" in name else 0))


def settle(module, iterations=20):
    """Power iterations from the random u and v, as training would take them: with u and v independent,
    sigma = u^T W v can be near zero and the normalized weight huge, which no trained model has."""
    with torch.no_grad():
        for m in module.modules():
            for hook in m._forward_pre_hooks.values():
                if isinstance(hook, SpectralNorm):
                    for _ in range(iterations):
                        hook.compute_weight(m, do_power_iteration=True)


def inputs(module_input, classes, batch, generator_):
    x = torch.randn([batch] + module_input, generator=generator_)
    labels = torch.arange(batch, dtype=torch.long) % classes if classes else None
    return x, labels


def run(module, x, labels):
    with torch.no_grad():
        return module.eval()(x, labels)


SHAPES = {"SnganGenerator": [128], "SnganDiscriminator": [3, 32, 32],
          "ConditionalSnganGenerator": [128], "ConditionalSnganDiscriminator": [3, 32, 32]}


def write(directory, batch=2):
    """Full-size models with random weights, a batch of inputs and PyTorch's eval-mode outputs."""
    os.makedirs(directory, exist_ok=True)
    torch.manual_seed(0)
    random = torch.Generator().manual_seed(1)
    for name, module in pairs().items():
        randomize(module, random)
        settle(module)
        classes = 10 if name.startswith("Conditional") else 0
        x, labels = inputs(SHAPES[name], classes, batch, random)
        torch.save(module.state_dict(), os.path.join(directory, f"{name}.pt"))
        tensors = {"input": x, "output": run(module, x, labels)}
        if labels is not None:
            tensors["labels"] = labels
        torch.save(tensors, os.path.join(directory, f"{name}.io.pt"))
        print(f"{name}: {parameter_count(module):,} parameters, {len(module.state_dict())} state_dict entries")


def check(directory):
    """Loads the weights GanGen wrote with save_py into these modules and compares with GanGen's outputs."""
    worst = 0.0
    for name, module in pairs().items():
        path = os.path.join(directory, f"{name}.gangen.pt")
        module.load_state_dict(torch.load(path))
        io = torch.load(os.path.join(directory, f"{name}.gangen.io.pt"))
        difference = (run(module, io["input"], io.get("labels")) - io["output"]).abs().max().item()
        worst = max(worst, difference)
        print(f"{name}: GanGen's save_py weights loaded by PyTorch; max |PyTorch - GanGen| = {difference:.3g} (outputs up to {io['output'].abs().max().item():.3g})")
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", metavar="DIR")
    parser.add_argument("--check", metavar="DIR")
    args = parser.parse_args()
    torch.set_num_threads(2)
    if args.write:
        write(args.write)
    elif args.check:
        check(args.check)
    else:
        root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
        from_yaml = load_models(os.path.join(root, "src", "Models.yaml"))
        for name, module in pairs().items():
            ours = {k: list(v.shape) for k, v in module.state_dict().items()}
            theirs = {k: list(v.shape) for k, v in from_yaml[name].state_dict().items()}
            print(json.dumps({"model": name, "parameters": parameter_count(module), "state_dict_like_yaml": ours == theirs}))


if __name__ == "__main__":
    main()
