#!/usr/bin/env python3
"""What spatial tiling adds to the model's error (dev-only; numpy and ffmpeg; Docs/TILING.md, "Measured").

Runs `vvae reconstruct CLIP -o OUT.npy` untiled and once per --tile setting, then reports for each tiled run, against
the untiled output: PSNR = 10·log10(2² / MSE) and the largest difference of one value (float32, [-1, 1] scale), the
same for the 8-bit frames a video output would get (uint8(clamp((y + 1)/2)·255)); against the source, the 8-bit
PSNR; and the tool's own closing line (time, peak memory).

  python Fixtures/bench/tiling_error.py --vvae .build/release/vvae --weights demo.h5 Fixtures/demo/clip.mp4 \
      --tiles 64:16 48:16
"""
import argparse, subprocess, tempfile, os
import numpy as np

from chunk_seams import frames as source_frames  # the clip's 8-bit RGB frames, [T, H, W, 3] as float64


def eight_bit(y):
    """[1, 3, T, H, W] in [-1, 1] → [T, H, W, 3] 8-bit levels as float64."""
    frames = np.transpose(y[0], (1, 2, 3, 0))
    return np.floor(np.clip((frames.astype(np.float64) + 1) / 2, 0, 1) * 255 + 0.5)


def psnr(mse, peak):
    return float("inf") if mse == 0 else 10 * np.log10(peak ** 2 / mse)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vvae", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--threads", default="2")
    parser.add_argument("--tiles", nargs="+", default=["64:16", "48:16"], help="TILE:OVERLAP in pixels")
    parser.add_argument("clip")
    args = parser.parse_args()
    source = source_frames(args.clip)
    with tempfile.TemporaryDirectory() as folder:
        runs = {}
        for setting in ["untiled"] + args.tiles:
            output = os.path.join(folder, setting.replace(":", "-") + ".npy")
            flags = [] if setting == "untiled" else ["--tile", setting.split(":")[0], "--tile-overlap", setting.split(":")[1]]
            done = subprocess.run([args.vvae, "reconstruct", "--weights", args.weights, "--threads", args.threads,
                                   args.clip, "-o", output] + flags, capture_output=True, text=True, check=True)
            runs[setting] = (np.load(output), done.stdout.strip().splitlines()[-1])
        untiled = runs["untiled"][0]
        print("run | tiled vs untiled: PSNR / max abs (float) | same, 8-bit | vs source (8-bit PSNR) | closing line")
        for setting, (y, line) in runs.items():
            vs_source = psnr(np.mean((eight_bit(y) - source) ** 2), 255.0)
            if setting == "untiled":
                print(f"untiled | - | - | {vs_source:.2f} dB | {line}")
                continue
            difference = y.astype(np.float64) - untiled
            levels = eight_bit(y) - eight_bit(untiled)
            print(f"{setting} | {psnr(np.mean(difference ** 2), 2.0):.2f} dB / {np.abs(difference).max():.3f} | "
                  f"{psnr(np.mean(levels ** 2), 255.0):.2f} dB / {np.abs(levels).max():.0f} | {vs_source:.2f} dB | {line}")
            own = np.transpose(untiled[0], (1, 2, 3, 0)).astype(np.float64) - (source / 255 * 2 - 1)
            print(f"  MSE added by tiling {np.mean(difference ** 2):.4f}, the model's own MSE against the source "
                  f"{np.mean(own ** 2):.4f} ([-1, 1] scale)")


if __name__ == "__main__":
    main()
