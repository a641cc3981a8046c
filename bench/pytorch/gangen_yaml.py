"""GanGen's YAML models built as plain PyTorch modules, for checking state-dict keys and weights.

An independent reading of the language (DESIGN.md, "The YAML language" and "Graphs and blocks"): a
`layers:` list becomes an nn.Sequential, a `graph:` a module whose chains are children named by their
node, a block a module of its own; PyTorch itself infers every input size, because each layer is built
from the tensor that actually reaches it. GanGen's own layers (SelfAttention, ConditionalBatchNorm,
Projection, ConcatLabels, MinibatchDiscrimination, ...) are written here from their documented
definitions, not from GanGen's code.

    from gangen_yaml import load_models
    models = load_models("src/Models.yaml")      # name -> nn.Module (eval mode)
    models["SnganDiscriminator"].state_dict()
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
import yaml


class Reshape(nn.Module):
    def __init__(self, shape):
        super().__init__()
        self.shape = list(shape)

    def forward(self, x):
        return x.reshape([x.shape[0]] + self.shape)


class ConcatLabels(nn.Module):
    """One-hot labels appended to the features; on [C,H,W] broadcast over H x W as extra channels."""

    takes_labels = True

    def __init__(self, classes):
        super().__init__()
        self.classes = classes

    def forward(self, x, labels):
        one_hot = F.one_hot(labels, self.classes).to(x.dtype)
        if x.dim() == 4:
            one_hot = one_hot[:, :, None, None].expand(-1, -1, x.shape[2], x.shape[3])
        return torch.cat([x, one_hot], 1)


class MinibatchDiscrimination(nn.Module):
    """Salimans et al. 2016: T [in, kernels * dim]; per kernel, the batch sum of exp(-L1 distance)."""

    def __init__(self, in_features, num_kernels, kernel_dim, bias=False):
        super().__init__()
        self.kernels, self.kernel_dim = num_kernels, kernel_dim
        self.weight = nn.Parameter(torch.randn(in_features, num_kernels * kernel_dim) * 0.02)
        self.bias = nn.Parameter(torch.zeros(num_kernels * kernel_dim)) if bias else None

    def forward(self, x):
        m = x @ self.weight
        if self.bias is not None:
            m = m + self.bias
        m = m.view(-1, self.kernels, self.kernel_dim)
        features = torch.exp(-(m[None] - m[:, None]).abs().sum(3)).sum(0)
        return torch.cat([x, features], 1)


class GlobalSumPool(nn.Module):
    def forward(self, x):
        return x.sum((2, 3))


def spectral(module, on):
    return nn.utils.spectral_norm(module) if on else module


class SelfAttention(nn.Module):
    """SAGAN attention as BigGAN-PyTorch's layers.Attention (1.25 C^2 + 1 parameters)."""

    def __init__(self, channels, sn=False):
        super().__init__()
        self.channels = channels
        self.theta = spectral(nn.Conv2d(channels, channels // 8, 1, bias=False), sn)
        self.phi = spectral(nn.Conv2d(channels, channels // 8, 1, bias=False), sn)
        self.g = spectral(nn.Conv2d(channels, channels // 2, 1, bias=False), sn)
        self.o = spectral(nn.Conv2d(channels // 2, channels, 1, bias=False), sn)
        self.gamma = nn.Parameter(torch.tensor(0.0))

    def forward(self, x):
        c, (h, w) = self.channels, x.shape[2:]
        theta = self.theta(x).view(-1, c // 8, h * w)
        phi = F.max_pool2d(self.phi(x), 2).view(-1, c // 8, h * w // 4)
        g = F.max_pool2d(self.g(x), 2).view(-1, c // 2, h * w // 4)
        beta = F.softmax(torch.bmm(theta.transpose(1, 2), phi), -1)
        o = self.o(torch.bmm(g, beta.transpose(1, 2)).view(-1, c // 2, h, w))
        return x + self.gamma * o


class ConditionalBatchNorm(nn.Module):
    """Batch norm without affine parameters, then a per-class scale and shift from Embedding(K, 2C)."""

    takes_labels = True

    def __init__(self, bn_class, features, classes, eps=1e-5, momentum=0.1):
        super().__init__()
        self.features = features
        self.bn = bn_class(features, eps=eps, momentum=momentum, affine=False)
        self.embed = nn.Embedding(classes, 2 * features)
        self.embed.weight.data[:, :features].fill_(1)
        self.embed.weight.data[:, features:].zero_()

    def forward(self, x, labels):
        scale, shift = self.embed(labels).chunk(2, 1)
        extra = [1] * (x.dim() - 2)
        return self.bn(x) * scale.view(-1, self.features, *extra) + shift.view(-1, self.features, *extra)


class Projection(nn.Module):
    """Miyato and Koyama 2018: linear(h) + <embed(y), h>."""

    takes_labels = True

    def __init__(self, features, classes, sn=False):
        super().__init__()
        self.linear = spectral(nn.Linear(features, 1), sn)
        self.embed = nn.Embedding(classes, features)

    def forward(self, x, labels):
        return self.linear(x) + (self.embed(labels) * x).sum(1, keepdim=True)


def takes_labels(module):
    return getattr(module, "takes_labels", False)


class Chain(nn.Sequential):
    """An nn.Sequential whose layers may take the labels too."""

    @property
    def takes_labels(self):
        return any(takes_labels(m) for m in self)

    def forward(self, x, labels=None):
        for m in self:
            x = m(x, labels) if takes_labels(m) else m(x)
        return x


class Graph(nn.Module):
    """A graph body: chains are children named by their node; merges add, multiply or concatenate."""

    def __init__(self):
        super().__init__()
        self.nodes = []  # (name, kind, source or inputs)

    @property
    def takes_labels(self):
        return any(takes_labels(m) for m in self.children())

    def forward(self, x, labels=None):
        values = {"input": x}
        for name, kind, source in self.nodes:
            if kind == "chain":
                chain = getattr(self, name, None)
                values[name] = values[source] if chain is None else chain(values[source], labels)
            else:
                inputs = [values[s] for s in source]
                if kind == "Add":
                    values[name] = sum(inputs[1:], inputs[0])
                elif kind == "Multiply":
                    out = inputs[0]
                    for t in inputs[1:]:
                        out = out * t
                    values[name] = out
                else:
                    values[name] = torch.cat(inputs, 1)
            last = name
        return values[last]


def pair(value):
    return (value, value) if isinstance(value, int) else tuple(value)


def substitute(value, args):
    if isinstance(value, str) and value.startswith("$"):
        return args[value[1:]]
    if isinstance(value, list):
        return [substitute(v, args) for v in value]
    return value


def same_total(size, kernel, stride, dilation):
    return max((math.ceil(size / stride) - 1) * stride + (kernel - 1) * dilation + 1 - size, 0)


class Builder:
    def __init__(self, spec):
        self.blocks = spec.get("blocks") or {}

    def layer(self, name, a, x, classes, sn):
        """The module(s) for one YAML entry, built for input x."""
        use_sn = a.pop("spectral_norm", sn)
        if name in self.blocks:
            return [self.block(name, a, x, classes, sn)]
        if name == "Linear":
            return [spectral(nn.Linear(x.shape[1], a["out_features"], bias=a.get("bias", True)), use_sn)]
        if name in ("Conv2d", "ConvTranspose2d"):
            k, s, d = pair(a["kernel_size"]), pair(a.get("stride", 1)), pair(a.get("dilation", 1))
            padding, extra = a.get("padding", 0), {}
            modules = []
            if name == "Conv2d":
                if padding == "same":
                    total = [same_total(x.shape[2 + i], k[i], s[i], d[i]) for i in range(2)]
                    if any(t % 2 for t in total):
                        modules.append(nn.ZeroPad2d((total[1] // 2, total[1] - total[1] // 2, total[0] // 2, total[0] - total[0] // 2)))
                        padding = 0
                    else:
                        padding = (total[0] // 2, total[1] // 2)
                conv = nn.Conv2d(x.shape[1], a["out_channels"], k, s, 0 if padding == "valid" else padding, d, bias=a.get("bias", True))
            else:
                if padding == "same":
                    crop = [d[i] * (k[i] - 1) + 1 - s[i] for i in range(2)]
                    padding = tuple((c + 1) // 2 for c in crop)
                    extra["output_padding"] = tuple(2 * p - c for p, c in zip(padding, crop))
                elif "output_padding" in a:
                    extra["output_padding"] = pair(a["output_padding"])
                conv = nn.ConvTranspose2d(x.shape[1], a["out_channels"], k, s, 0 if padding == "valid" else padding,
                                          dilation=d, bias=a.get("bias", True), **extra)
                conv = nn.utils.spectral_norm(conv, dim=1) if use_sn else conv
                return modules + [conv]
            return modules + [spectral(conv, use_sn)]
        norm = {"eps": a.get("eps", 1e-5), "momentum": a.get("momentum", 0.1)}
        simple = {
            "BatchNorm1d": lambda: nn.BatchNorm1d(x.shape[1], **norm),
            "BatchNorm2d": lambda: nn.BatchNorm2d(x.shape[1], **norm),
            "ReLU": nn.ReLU,
            "LeakyReLU": lambda: nn.LeakyReLU(a.get("negative_slope", 0.01)),
            "Tanh": nn.Tanh,
            "Sigmoid": nn.Sigmoid,
            "Softplus": nn.Softplus,
            "Dropout": lambda: nn.Dropout(a.get("p", 0.5)),
            "Flatten": lambda: nn.Flatten(a.get("start_dim", 1), a.get("end_dim", -1)),
            "Upsample": lambda: nn.Upsample(scale_factor=a["scale_factor"], mode=a.get("mode", "nearest")),
            "AvgPool2d": lambda: nn.AvgPool2d(a["kernel_size"], a.get("stride"), a.get("padding", 0)),
            "GlobalSumPool": GlobalSumPool,
            "Identity": nn.Identity,
            "ConcatLabels": lambda: ConcatLabels(classes),
            "MinibatchDiscrimination": lambda: MinibatchDiscrimination(x.shape[1], a["num_kernels"], a["kernel_dim"], a.get("bias", False)),
            "SelfAttention": lambda: SelfAttention(x.shape[1], use_sn),
            "ConditionalBatchNorm2d": lambda: ConditionalBatchNorm(nn.BatchNorm2d, x.shape[1], classes, **norm),
            "ConditionalBatchNorm1d": lambda: ConditionalBatchNorm(nn.BatchNorm1d, x.shape[1], classes, **norm),
            "Projection": lambda: Projection(x.shape[1], classes, use_sn),
        }
        if name not in simple:
            raise ValueError(f"gangen_yaml.py does not know layer {name}")
        return [simple[name]()]

    def chain(self, entries, x, labels, classes, sn, args):
        chain = Chain()
        for entry in entries:
            if isinstance(entry, str):
                name, a = entry, {}
            else:
                (name, a), = entry.items()
            if name == "Reshape":
                modules = [Reshape(substitute(a, args))]
            else:
                a = {key: substitute(value, args) for key, value in (a or {}).items()}
                modules = self.layer(name, a, x, classes, sn)
            for m in modules:
                m.eval()
                x = m(x, labels) if takes_labels(m) else m(x)
                chain.append(m)
        return chain, x

    def body(self, node, x, labels, classes, sn, args):
        if "layers" in node:
            return self.chain(node["layers"], x, labels, classes, sn, args)
        graph = Graph()
        values, previous = {"input": x}, "input"
        for name, n in node["graph"].items():
            merge = next((k for k in ("Add", "Multiply", "Concat") if isinstance(n, dict) and k in n), None)
            if merge:
                inputs = [values[s] for s in n[merge]]
                graph.nodes.append((name, merge, n[merge]))
                values[name] = (sum(inputs[1:], inputs[0]) if merge == "Add" else
                                torch.cat(inputs, 1) if merge == "Concat" else math.prod(inputs))
            else:
                source, entries = (n.get("from", previous), n.get("layers", [])) if isinstance(n, dict) else (previous, n)
                chain, values[name] = self.chain(entries, values[source], labels, classes, sn, args)
                if len(chain):
                    graph.add_module(name, chain)
                graph.nodes.append((name, "chain", source))
            previous = name
        return graph, values[previous]

    def block(self, name, a, x, classes, sn):
        definition = self.blocks[name]
        args = dict(definition.get("args") or {})
        args.update(a)
        labels = torch.zeros(x.shape[0], dtype=torch.long) if classes else None
        module, _ = self.body(definition, x, labels, classes, sn, args)
        return module


def load_models(path, batch=2):
    """Every model of the spec at `path`, built by PyTorch, in eval mode."""
    with open(path) as f:
        spec = yaml.safe_load(f)
    builder = Builder(spec)
    models = {}
    torch.manual_seed(0)
    with torch.no_grad():
        for name, model in spec["models"].items():
            classes = (model.get("condition") or {}).get("classes", 0)
            x = torch.randn([batch] + list(model["input"]))
            labels = torch.arange(batch) % classes if classes else None
            module, _ = builder.body(model, x, labels, classes, model.get("spectral_norm", False), {})
            models[name] = module.eval()
    return models
