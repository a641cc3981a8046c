"""Writes the PyTorch-made test data of GanGen's weight exchange (tests/GanGen.Runtime.Tests/PyTorchWeights).

Run once with Debian's PyTorch (CI has none; the files are committed):

    /usr/bin/python3 bench/pytorch/pytorch_weights.py

- state-dict-keys.json: every model of src/Models.yaml built by PyTorch (gangen_yaml.py), as
  {model: {key: shape}}; GanGen's modules must have exactly these keys and shapes.
- <Model>.pt for each model of PyTorchWeights/Small.yaml: torch.save(model.state_dict()), with random
  values in every entry (running statistics, embeddings, attention gains and spectral-norm vectors too);
  the SNGAN models come from sngan.py's hand-written modules, checked here to have the YAML's keys.
- <Model>.io.pt: {"input", "labels" (conditional models), "output"}: a batch of 2 and PyTorch's
  eval-mode output for it.
- OneDMinibatchDiscriminator.pt and .io.pt: the same for that model of src/Models.yaml itself, which the
  tests load into the generated class.
- SmallSnganDiscriminator.parametrized.pt: the same weights in a model built with the newer
  torch.nn.utils.parametrizations.spectral_norm, which names them parametrizations.weight.original,
  parametrizations.weight.0._u and ._v; its outputs are SmallSnganDiscriminator.io.pt's.
"""
import json
import os

import torch

import sngan
from gangen_yaml import load_models

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "tests", "GanGen.Runtime.Tests", "PyTorchWeights")


def shapes(module):
    return {key: list(value.shape) for key, value in module.state_dict().items()}


def hand_written(name, yaml_module):
    """sngan.py's transcription of a Small.yaml SNGAN model, after checking it has the YAML's keys."""
    module = {
        "SmallSnganGenerator": lambda: sngan.generator(z=16, channels=32),
        "SmallSnganDiscriminator": lambda: sngan.discriminator(channels=16),
        "SmallConditionalSnganGenerator": lambda: sngan.generator(z=16, channels=32, classes=10),
        "SmallConditionalSnganDiscriminator": lambda: sngan.discriminator(channels=16, classes=10),
    }[name]()
    if shapes(module) != shapes(yaml_module):
        raise SystemExit(f"sngan.py's {name} does not have the state_dict of the YAML's")
    return module


def parametrized(module, x, output):
    """The discriminator again, spectrally normalized by parametrization, loaded with the same tensors."""
    plain = sngan.spectral_norm
    sngan.spectral_norm = torch.nn.utils.parametrizations.spectral_norm
    try:
        twin = sngan.discriminator(channels=16)
    finally:
        sngan.spectral_norm = plain
    names = {"weight_orig": "parametrizations.weight.original", "weight_u": "parametrizations.weight.0._u", "weight_v": "parametrizations.weight.0._v"}
    state = {}
    for key, value in module.state_dict().items():
        prefix, _, last = key.rpartition(".")
        state[f"{prefix}.{names[last]}" if last in names else key] = value
    twin.load_state_dict(state)
    if not torch.allclose(sngan.run(twin, x, None), output, atol=1e-6):
        raise SystemExit("the parametrized discriminator does not give the plain one's outputs")
    torch.save(twin.state_dict(), os.path.join(OUT, "SmallSnganDiscriminator.parametrized.pt"))


def main():
    torch.set_num_threads(2)
    models = load_models(os.path.join(ROOT, "src", "Models.yaml"))
    keys = {name: shapes(module) for name, module in models.items()}
    with open(os.path.join(OUT, "state-dict-keys.json"), "w") as f:
        models_json = [
            f" {json.dumps(name)}: {{\n" + ",\n".join(f"  {json.dumps(key)}: {json.dumps(shape)}" for key, shape in entries.items()) + "\n }"
            for name, entries in keys.items()]
        f.write("{\n" + ",\n".join(models_json) + "\n}\n")

    import yaml
    with open(os.path.join(OUT, "Small.yaml")) as f:
        spec = yaml.safe_load(f)["models"]
    with open(os.path.join(ROOT, "src", "Models.yaml")) as f:
        spec["OneDMinibatchDiscriminator"] = yaml.safe_load(f)["models"]["OneDMinibatchDiscriminator"]
    random = torch.Generator().manual_seed(12)
    small = load_models(os.path.join(OUT, "Small.yaml"))
    small["OneDMinibatchDiscriminator"] = models["OneDMinibatchDiscriminator"]
    for name, module in small.items():
        if "Sngan" in name:
            module = hand_written(name, module)
        sngan.randomize(module, random)
        sngan.settle(module)
        classes = (spec[name].get("condition") or {}).get("classes", 0)
        x, labels = sngan.inputs(spec[name]["input"], classes, 2, random)
        torch.save(module.state_dict(), os.path.join(OUT, f"{name}.pt"))
        io = {"input": x, "output": sngan.run(module, x, labels)}
        if labels is not None:
            io["labels"] = labels
        torch.save(io, os.path.join(OUT, f"{name}.io.pt"))
        if name == "SmallSnganDiscriminator":
            parametrized(module, x, io["output"])
        print(f"{name}: {sngan.parameter_count(module):,} parameters, output {list(io['output'].shape)}")


if __name__ == "__main__":
    main()
