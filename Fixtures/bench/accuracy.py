#!/usr/bin/env python3
"""Accuracy study: vvae (float32) and PyTorch float32 against a PyTorch float64 run of the same model.

Dev-only (numpy; torch_peer.py's needs). Runs, on one weight file and one input clip:
  encode: vvae encode, torch_peer float32, torch_peer float64
  decode: the float64 latent decoded by each of the three (so decode errors are not compounded by encode errors)
and prints, for the latent and the reconstruction, max abs error and relative error (max abs / max |float64|) of
vvae and of PyTorch float32 against float64, and their ratio.

    python Fixtures/bench/accuracy.py --vvae .build/release/vvae --weights W.h5 --input clip.npy --work /tmp/acc
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent


def run(command):
    print("$", " ".join(str(c) for c in command), flush=True)
    subprocess.run([str(c) for c in command], check=True)


def errors(candidate: Path, reference: Path):
    a = np.load(candidate).astype(np.float64)
    b = np.load(reference).astype(np.float64)
    assert a.shape == b.shape, (candidate, a.shape, reference, b.shape)
    diff = np.abs(a - b)
    return diff.max(), diff.max() / np.abs(b).max(), np.abs(b).max(), np.sqrt((diff ** 2).mean())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vvae", type=Path, required=True)
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--compare-only", action="store_true", help="only compare the outputs of an earlier run in --work")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    w = args.work
    peer = [args.python, HERE / "torch_peer.py", "--weights", args.weights, "--threads", args.threads]
    ours = [args.vvae, "--weights", args.weights, "--threads", args.threads, "--force", "--quiet"]

    if not args.compare_only:
        run([args.vvae, "encode", *ours[1:], args.input, "-o", w / "vvae-latent.npy"])
        for dtype in ("float32", "float64"):
            run([*peer, "--mode", "encode", "--dtype", dtype, "--input", args.input,
                 "--output", w / f"torch-{dtype}-latent.npy"])
        # Every decoder starts from the float64 latent (vvae and PyTorch float32 round it to float32 on reading).
        reference_latent = w / "torch-float64-latent.npy"
        run([args.vvae, "decode", *ours[1:], reference_latent, "-o", w / "vvae-video.npy"])
        for dtype in ("float32", "float64"):
            run([*peer, "--mode", "decode", "--dtype", dtype, "--input", reference_latent,
                 "--output", w / f"torch-{dtype}-video.npy"])

    print()
    print("| output | max abs(f64) | vvae max abs | vvae rel | vvae rms | torch f32 max abs | torch f32 rel "
          "| torch f32 rms | vvae / torch f32 (max abs) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ("latent", "video"):
        reference = w / f"torch-float64-{name}.npy"
        ours_abs, ours_rel, scale, ours_rms = errors(w / f"vvae-{name}.npy", reference)
        torch_abs, torch_rel, _, torch_rms = errors(w / f"torch-float32-{name}.npy", reference)
        print(f"| {name} | {scale:.4g} | {ours_abs:.3e} | {ours_rel:.3e} | {ours_rms:.3e} | {torch_abs:.3e} "
              f"| {torch_rel:.3e} | {torch_rms:.3e} | {ours_abs / torch_abs:.2f} |")


if __name__ == "__main__":
    main()
