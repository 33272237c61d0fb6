#!/usr/bin/env python3
"""Chunk seams with and without --chunk-overlap (dev-only; numpy and ffmpeg; Docs/TILING.md, "Chunk overlap").

For each clip, runs `vvae reconstruct` to a lossless FFV1 file once per setting, alternating the settings in
every round, and reports from the 8-bit frames:
  - PSNR of the frames on either side of each chunk boundary of the plain plan (frames kC-1 and kC), and of the rest;
  - the seam jump: how much more the reconstruction changes from frame t to t+1 than the input does,
    |mean|r[t+1]-r[t]| - mean|x[t+1]-x[t]||, at the plain plan's boundaries against its median elsewhere;
  - whole-process wall time (median of the rounds).

  python Fixtures/bench/chunk_seams.py --vvae .build/release/vvae --weights demo.h5 \
      --chunk-frames 8 --overlaps 0 4 --rounds 3 clip1.mp4 clip2.mp4
"""
import argparse, subprocess, tempfile, time, os, statistics
import numpy as np


def frames(path):
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
                            "-of", "csv=p=0", path], capture_output=True, text=True, check=True).stdout.strip().split(",")
    width, height = int(probe[0]), int(probe[1])
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, height, width, 3).astype(np.float64)


def psnr(a, b):
    mse = np.mean((a - b) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255.0 ** 2 / mse)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vvae", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--chunk-frames", type=int, default=8)
    parser.add_argument("--overlaps", type=int, nargs="+", default=[0, 4])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("clips", nargs="+")
    args = parser.parse_args()
    chunk = args.chunk_frames
    with tempfile.TemporaryDirectory() as folder:
        for clip in args.clips:
            source = frames(clip)
            count = len(source)
            boundaries = [t for t in range(chunk, count, chunk)]
            seam_frames = sorted({f for t in boundaries for f in (t - 1, t)})
            other_frames = [f for f in range(count) if f not in seam_frames]
            times = {n: [] for n in args.overlaps}
            outputs = {}
            for _ in range(args.rounds):
                for overlap in args.overlaps:
                    output = os.path.join(folder, f"rec-{overlap}.mkv")
                    command = [args.vvae, "reconstruct", "--weights", args.weights, clip, "-o", output, "--force",
                               "--quiet", "--codec", "ffv1", "--chunk-frames", str(chunk), "--chunk-overlap", str(overlap)]
                    start = time.perf_counter()
                    subprocess.run(command, check=True)
                    times[overlap].append(time.perf_counter() - start)
                    outputs[overlap] = frames(output)
            input_motion = np.abs(np.diff(source, axis=0)).mean(axis=(1, 2, 3))
            print(f"{os.path.basename(clip)}: {count} frames {source.shape[2]}x{source.shape[1]}, chunks of {chunk}, "
                  f"plain-plan boundaries after frames {[t - 1 for t in boundaries]}")
            print("  overlap | PSNR all | PSNR at boundaries | PSNR elsewhere | seam jump at boundaries | "
                  "jump elsewhere (median) | time (median of %d)" % args.rounds)
            for overlap in args.overlaps:
                rec = outputs[overlap]
                jump = np.abs(np.abs(np.diff(rec, axis=0)).mean(axis=(1, 2, 3)) - input_motion)
                at = [jump[t - 1] for t in boundaries]
                elsewhere = [jump[t] for t in range(count - 1) if t + 1 not in boundaries]
                print(f"  {overlap:7d} | {psnr(rec, source):8.2f} | {psnr(rec[seam_frames], source[seam_frames]):18.2f} | "
                      f"{psnr(rec[other_frames], source[other_frames]):14.2f} | "
                      f"{' '.join(f'{v:.2f}' for v in at):>23} | {statistics.median(elsewhere):23.2f} | "
                      f"{statistics.median(times[overlap]):.2f} s")


if __name__ == "__main__":
    main()
