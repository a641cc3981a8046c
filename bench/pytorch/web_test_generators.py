"""Writes the two small ONNX generators that tests/GanGen.Web.Tests serve with samples/GeneratorWeb.

They follow the contract of `gangen export <run> --onnx FILE` exactly, so the web sample and its tests
do not depend on the exporter:
  inputs   noise   float32 [batch, *noise shape]
           labels  int64 [batch]                 (conditional GANs only)
  output   samples float32 [batch, C, H, W]
  batch is the symbolic dimension "batch"
  metadata_props gangen.gan, gangen.classes ("0" if unconditional), gangen.noise ("normal" or
  "uniform LOW HIGH"), gangen.pixels ("-1..1", "0..1" or "none").

The weights are untrained (seeded PyTorch initialisation, last layers scaled up for contrast): the
tests need real convolutions with fixed numbers, not good digits. Beside the models, reference.json holds PyTorch's outputs for fixed
inputs, so the tests can check that ONNX Runtime in the web sample computes the same thing.

torch.onnx.export cannot set metadata_props and Debian has no `onnx` Python package, so the entries
are appended to the serialized ModelProto by hand: a repeated message field may be appended to the
end of a protobuf message, and field 14 of ModelProto is metadata_props (StringStringEntryProto:
key = 1, value = 2).

    /usr/bin/python3 bench/pytorch/web_test_generators.py tests/GanGen.Web.Tests/Generators
"""
import io
import json
import math
import os
import sys

import torch
import torch.nn as nn


class Reshape(nn.Module):
    """nn.Unflatten of the per-sample features; torch 1.13 cannot export aten::unflatten to ONNX."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(-1, *self.shape)


class Dcgan28(nn.Module):
    """Unconditional DCGAN-like generator: N(0, 1) noise [32] -> tanh image [1, 28, 28]."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(32, 32 * 7 * 7), nn.BatchNorm1d(32 * 7 * 7), nn.ReLU(),
            Reshape(32, 7, 7),
            nn.ConvTranspose2d(32, 16, 4, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(),
            nn.ConvTranspose2d(16, 1, 4, stride=2, padding=1), nn.Tanh())

    def forward(self, noise):
        return self.net(noise)


class ConditionalDcgan28(nn.Module):
    """Conditional generator: U(-1, 1) noise [16, 1, 1] and a label of 10 -> sigmoid RGB image [3, 28, 28]."""

    def __init__(self, classes=10):
        super().__init__()
        self.embed = nn.Embedding(classes, 8)
        self.project = nn.Sequential(nn.Linear(16 + 8, 24 * 7 * 7), nn.ReLU(), Reshape(24, 7, 7))
        self.up = nn.Sequential(
            nn.ConvTranspose2d(24, 12, 4, stride=2, padding=1), nn.BatchNorm2d(12), nn.ReLU(),
            nn.ConvTranspose2d(12, 3, 4, stride=2, padding=1), nn.Sigmoid())

    def forward(self, noise, labels):
        features = torch.cat([noise.flatten(1), self.embed(labels)], dim=1)
        return self.up(self.project(features))


def varint(n):
    out = bytearray()
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def length_delimited(field, payload):
    return varint(field << 3 | 2) + varint(len(payload)) + payload


def with_metadata(model_bytes, props):
    extra = b"".join(
        length_delimited(14, length_delimited(1, key.encode()) + length_delimited(2, value.encode()))
        for key, value in props.items())
    return model_bytes + extra


def export(module, args, input_names, path, props):
    module.eval()
    buffer = io.BytesIO()
    dynamic = {name: {0: "batch"} for name in input_names + ["samples"]}
    torch.onnx.export(module, args, buffer, input_names=input_names, output_names=["samples"],
                      dynamic_axes=dynamic, opset_version=17, do_constant_folding=True)
    with open(path, "wb") as f:
        f.write(with_metadata(buffer.getvalue(), props))
    return os.path.getsize(path)


def fixed_noise(shape):
    """sin(0.37 k + 0.1) for k = 0, 1, ... in row-major order: the same formula as the C# test."""
    count = math.prod(shape)
    return torch.tensor([math.sin(0.37 * k + 0.1) for k in range(count)], dtype=torch.float32).reshape(shape)


def reference(output):
    flat = output.flatten()
    indices = [0, 1, 100, 391, flat.numel() // 2, flat.numel() - 1]
    return {"shape": list(output.shape), "indices": indices,
            "values": [float(flat[i]) for i in indices], "mean": float(flat.double().mean())}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/GanGen.Web.Tests/Generators"
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    dcgan = Dcgan28().eval()
    conditional = ConditionalDcgan28().eval()
    with torch.no_grad():
        # Untrained outputs sit near the middle grey; larger last layers spread them over the whole
        # pixel range, so different seeds and classes give visibly different grids.
        dcgan.net[-2].weight.mul_(8)
        conditional.up[-2].weight.mul_(8)
        conditional.embed.weight.mul_(3)

    sizes = {
        "dcgan28.onnx": export(dcgan, (torch.randn(2, 32),), ["noise"], os.path.join(out, "dcgan28.onnx"), {
            "gangen.gan": "WebTestDcgan", "gangen.classes": "0",
            "gangen.noise": "normal", "gangen.pixels": "-1..1"}),
        "conditional28.onnx": export(
            conditional, (torch.rand(2, 16, 1, 1) * 2 - 1, torch.tensor([0, 1])), ["noise", "labels"],
            os.path.join(out, "conditional28.onnx"), {
                "gangen.gan": "WebTestConditionalDcgan", "gangen.classes": "10",
                "gangen.noise": "uniform -1 1", "gangen.pixels": "0..1"}),
    }

    with torch.no_grad():
        refs = {
            "dcgan28.onnx": reference(dcgan(fixed_noise((3, 32)))),
            "conditional28.onnx": {**reference(conditional(fixed_noise((3, 16, 1, 1)), torch.tensor([7, 0, 3]))),
                                   "labels": [7, 0, 3]},
        }
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump({"torch": torch.__version__, "noise": "sin(0.37 k + 0.1), k = 0, 1, ... row-major",
                   "models": refs}, f, indent=2)
        f.write("\n")
    for name, size in sizes.items():
        print(f"{name}: {size} bytes")


if __name__ == "__main__":
    main()
