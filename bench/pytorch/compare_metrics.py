#!/usr/bin/python3
"""Compares a GanGen run's metrics.csv with keras_dcgan.py's at equal steps (standard library only).

    /usr/bin/python3 bench/pytorch/compare_metrics.py runs/KerasDcgan/metrics.csv /tmp/pytorch-keras/metrics.csv

Prints D loss, G loss, mean D(real) and D(fake) of both at the given steps (default: step 1 and the end
of every epoch of 39 steps), the largest absolute difference over all common steps, and each side's
mean over the last epoch. Both files have the columns step, d_loss, g_loss, d_real, d_fake, seconds.
"""

import argparse
import csv
import statistics

COLUMNS = ("d_loss", "g_loss", "d_real", "d_fake")


def read(path):
    with open(path, newline="") as f:
        return {int(row["step"]): {k: float(row[k]) for k in COLUMNS + ("seconds",)} for row in csv.DictReader(f)}


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("gangen", help="GanGen's metrics.csv (e.g. runs/KerasDcgan/metrics.csv)")
    p.add_argument("pytorch", help="keras_dcgan.py's metrics.csv (e.g. /tmp/pytorch-keras/metrics.csv)")
    p.add_argument("--every", type=int, default=39, help="print every N steps (39 = one epoch at batch 256)")
    args = p.parse_args()

    g, t = read(args.gangen), read(args.pytorch)
    common = sorted(set(g) & set(t))
    if not common:
        raise SystemExit("the two files have no step in common")
    last = common[-1]
    shown = [s for s in common if s == 1 or s % args.every == 0 or s == last]

    print(f"{'step':>5} | {'D loss':>15} | {'G loss':>15} | {'D(real)':>13} | {'D(fake)':>13}   (GanGen / PyTorch)")
    for s in shown:
        cells = [f"{g[s][k]:7.4f} {t[s][k]:7.4f}" if k.endswith("loss") else f"{g[s][k]:6.3f} {t[s][k]:6.3f}" for k in COLUMNS]
        print(f"{s:5d} | " + " | ".join(cells))

    print("largest |GanGen - PyTorch| over steps 1..%d: " % last
          + ", ".join(f"{k} {max(abs(g[s][k] - t[s][k]) for s in common):.4f}" for k in COLUMNS))
    tail = [s for s in common if s > last - args.every]
    for name, side in (("GanGen", g), ("PyTorch", t)):
        means = ", ".join(f"{k} {statistics.fmean(side[s][k] for s in tail):.4f}" for k in COLUMNS)
        print(f"{name:8s} mean over steps {tail[0]}..{last}: {means}; {side[last]['seconds']:.0f} s to step {last}")


if __name__ == "__main__":
    main()
