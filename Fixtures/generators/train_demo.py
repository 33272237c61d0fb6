#!/usr/bin/env python3
"""Train the small bundled demo model `demo16` for `vvae demo` (dev-only).

Builds the ORIGINAL VideoVAE+ model class (imported from a checkout given by
$VVAE_UPSTREAM or --upstream, never copied; stand-ins for cv2/T5/losses come from
make_golden.py) with a small config of the 16z family, and trains it for a few
minutes of CPU with plain MSE on random crops of clips rendered by ffmpeg's own
lavfi test sources (nothing is downloaded). Writes, into Fixtures/demo/:

  demo16.ckpt       Lightning-style checkpoint (state_dict, epoch, global_step,
                    pytorch-lightning_version, hyper_parameters); weights stored
                    as float16 to keep the file under 10 MB
  config.yaml       the config in the upstream schema
  training-log.txt  the loss curve (one line per logged step) and the final PSNR

Usage (see Fixtures/demo/README.md):
    VVAE_UPSTREAM=/work/upstream python train_demo.py [--threads 1] [--pilot K]

Deterministic: fixed seeds, fixed thread count, fixed step count.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_golden  # noqa: E402  (stand-ins for cv2/T5/losses, config writer)

DEFAULT_OUT = HERE.parent / "demo"
NAME = "demo16"
SEED = 1606
SOURCE_SIZE = "160x120"
SOURCE_FRAMES = 96
SMALL_SIZE = (96, 72)
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

# The training clips: only sources ffmpeg ships. Each is rendered once into memory as RGB24. Sources whose frames
# change almost completely from one frame to the next (life, cellauto, sierpinski) are left out: the temporal
# coder packs four frames into one latent frame, and in a first run those noise-like clips dominated the loss.
SOURCES = [
    ("testsrc2", f"testsrc2=s=320x240:r=25"),
    ("testsrc2-small", f"testsrc2=s={SOURCE_SIZE}:r=30"),
    ("mandelbrot", f"mandelbrot=s={SOURCE_SIZE}:r=25"),
    ("smptehdbars", f"smptehdbars=s={SOURCE_SIZE}:r=25,rotate=a=t*0.6:fillcolor=gray"),
    ("rgbtestsrc", f"rgbtestsrc=s={SOURCE_SIZE}:r=25,hue=h=t*90"),
    ("gradients-text", f"gradients=s={SOURCE_SIZE}:r=25:speed=0.05,"
                       f"drawtext=fontfile={FONT}:text='vvae 0123':x=mod(t*40\\,w)-40:y=30:fontsize=24:fontcolor=white,"
                       f"drawtext=fontfile={FONT}:text='ABC xyz':x=20:y=mod(t*25\\,h):fontsize=18:fontcolor=black"),
    ("colorspectrum", f"colorspectrum=s={SOURCE_SIZE}:r=25:type=all,scroll=h=0.01"),
]


def spec():
    """The demo model in make_golden's ModelSpec form (16z family, spatial factor 2, temporal 4)."""
    return make_golden.ModelSpec(
        name=NAME, seed=SEED, z_channels=16, ch_mult=(1, 2), hidden_channel=16,
        comment="16z family: double_z, z 16, no quant conv, no attention, no caption; "
                "ch 32, ch_mult [1,2] (spatial factor 2), temporal factor 4",
    )


def config_yaml() -> str:
    header = [
        f"# vvae demo model `{NAME}`: {spec().comment}.",
        "# Trained for a few minutes of CPU with MSE by Fixtures/generators/train_demo.py; config in the",
        "# upstream VideoVAE+ schema.",
    ]
    model = OrderedDict(
        base_learning_rate=1.0e-4, scale_lr=False,
        target="src.models.autoencoder2plus1d_1dcnn.AutoencoderKL2plus1D_1dcnn",
        params=make_golden.model_params(spec(), for_yaml=True),
    )
    return "\n".join(header + make_golden.yaml_lines(OrderedDict(model=model), 0)) + "\n"


def render(filtergraph: str, frames: int, scale: tuple[int, int] | None = None) -> np.ndarray:
    """Frames [T, H, W, 3] uint8 from one lavfi source, optionally scaled down (area average) to `scale`."""
    width, height = (int(v) for v in re.search(r"\bs=(\d+)x(\d+)", filtergraph).groups())
    if scale is not None:
        width, height = scale
        filtergraph += f",scale={width}:{height}:flags=area"
    cmd = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", filtergraph, "-frames:v", str(frames),
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    raw = subprocess.run(cmd, check=True, capture_output=True).stdout
    video = np.frombuffer(raw, dtype=np.uint8)
    count = video.size // (width * height * 3)
    if count != frames:
        sys.exit(f"error: {filtergraph}: expected {frames} frames, got {count}")
    return video.reshape(frames, height, width, 3)


def read_video(path: Path) -> np.ndarray:
    probe = subprocess.run(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
                            "stream=width,height", "-of", "csv=p=0", str(path)],
                           check=True, capture_output=True, text=True).stdout.strip()
    width, height = (int(v) for v in probe.split(","))
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(-1, height, width, 3)


def to_model(frames: np.ndarray):
    """uint8 [T, H, W, 3] -> float32 [1, 3, T, H, W] in [-1, 1], upstream's normalisation."""
    import torch
    x = torch.from_numpy(np.ascontiguousarray(frames)).float()
    return ((x / 255.0 - 0.5) * 2.0).permute(3, 0, 1, 2).unsqueeze(0).contiguous()


class Crops:
    """Random crops (T frames x S x S) with random temporal stride and horizontal flip."""

    def __init__(self, clips, frames: int, size: int, seed: int):
        self.clips = clips
        self.frames = frames
        self.size = size
        self.rng = np.random.default_rng(seed)

    def batch(self, count: int):
        import torch
        pieces = []
        for _ in range(count):
            clip = self.clips[self.rng.integers(len(self.clips))]
            t_total, h, w, _ = clip.shape
            stride = int(self.rng.integers(1, 3))
            t0 = int(self.rng.integers(0, t_total - stride * (self.frames - 1)))
            y0 = int(self.rng.integers(0, h - self.size + 1))
            x0 = int(self.rng.integers(0, w - self.size + 1))
            crop = clip[t0:t0 + stride * self.frames:stride, y0:y0 + self.size, x0:x0 + self.size]
            if self.rng.random() < 0.5:
                crop = crop[:, :, ::-1]
            pieces.append(to_model(crop))
        return torch.cat(pieces, dim=0)


def reconstruct(model, frames: np.ndarray, chunk: int = 16) -> np.ndarray:
    """Upstream inference: pad T to a multiple of 4 with the last frame, independent chunks, mode."""
    import torch
    t = frames.shape[0]
    padded = np.concatenate([frames, np.repeat(frames[-1:], (-t) % 4, axis=0)], axis=0)
    outputs = []
    with torch.no_grad():
        for start in range(0, padded.shape[0], chunk):
            x = to_model(padded[start:start + chunk])
            y, _ = model(x, sample_posterior=False)
            outputs.append(y)
    y = torch.cat(outputs, dim=2)[:, :, :t].clamp(-1, 1)
    return ((y[0].permute(1, 2, 3, 0).numpy() + 1.0) * 127.5).round().astype(np.uint8)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * math.log10(255.0 ** 2 / mse)) if mse > 0 else float("inf")


class Phase:
    def __init__(self, name, steps, lr, batches):
        self.name, self.steps, self.lr, self.batches = name, steps, lr, batches


def image_batch(crops, args):
    """Frames as a batch of T=1 clips (upstream image mode), larger crops: the 2D coder sees more pixels per step."""
    image_crops = Crops(crops.clips, 1, args.image_crop, SEED + 2)
    return lambda: image_crops.batch(args.image_batch)


def video_batch(crops, args):
    return lambda: crops.batch(args.batch)


def phase_loss(model, phase, x):
    import torch
    if phase.name == "image":
        y, _ = model(x, sample_posterior=False, mask_temporal=True)
        return torch.mean((y - x) ** 2), True
    # The 2+1D coder's temporal convs are zero-initialised residual branches (upstream's TemporalConvLayer) and
    # stay zero here, so running it with mask_temporal=True is exactly its video-mode result, at a quarter of
    # the cost; the temporal encoder/decoder run as in video mode.
    if phase.name == "temporal":
        with torch.no_grad():
            z = model.encode_2plus1d(x, mask_temporal=True).mode()
        z_hat = model.decode_temporal(model.encode_temporal(z).mode())
        return torch.mean((z_hat - z) ** 2), False
    h = model.encode_2plus1d(x, mask_temporal=True).mode()
    z = model.decode_temporal(model.encode_temporal(h).mode())
    y = model.decode_2plus1d(z, mask_temporal=True)
    return torch.mean((y - x) ** 2), True


def phase_parameters(model, phase):
    if phase.name == "temporal":
        prefixes = ("encoder_temporal.", "decoder_temporal.")
    else:
        prefixes = ("encoder.", "decoder.", "encoder_temporal.", "decoder_temporal.")
    return [p for n, p in model.named_parameters() if n.startswith(prefixes) and "_tmp." not in n]


def run_phase(model, phase, steps, log_every):
    """Adam with a short warm-up and a cosine decay to 5% of the phase's learning rate."""
    import torch
    trainable = phase_parameters(model, phase)
    optimizer = torch.optim.Adam(trainable, lr=phase.lr)
    warmup = max(1, steps // 20)

    def learning_rate(step: int) -> float:
        if step < warmup:
            return phase.lr * (step + 1) / warmup
        progress = (step - warmup) / max(1, steps - warmup)
        return phase.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))

    log, running, start = [], 0.0, time.time()
    for step in range(steps):
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step)
        loss, pixels = phase_loss(model, phase, phase.batches())
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        running += loss.item()
        if (step + 1) % log_every == 0 or step + 1 == steps:
            mean = running / ((step % log_every) + 1)
            running = 0.0
            # Pixel MSE on [-1, 1] -> PSNR on [0, 255]: the range is 2, so 10 log10(4 / mse).
            quality = f"psnr {10 * math.log10(4 / mean):5.2f} dB" if pixels else "(latent mse)"
            line = (f"{phase.name:8s} step {step + 1:5d}  lr {learning_rate(step):.2e}  mse {mean:.5f}  "
                    f"{quality}  {time.time() - start:6.1f} s")
            print(line, flush=True)
            log.append(line)
    return log


def wait_for_quiet_machine(limit: float, patience: float):
    start = time.time()
    while True:
        load = os.getloadavg()[0]
        if load < limit or time.time() - start > patience:
            print(f"1-minute load {load:.2f}; starting", flush=True)
            return
        print(f"1-minute load {load:.2f} >= {limit}; waiting", flush=True)
        time.sleep(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--upstream", type=Path, default=Path(os.environ.get("VVAE_UPSTREAM", "/work/upstream")))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--image-steps", type=int, default=1200)
    parser.add_argument("--image-batch", type=int, default=8)
    parser.add_argument("--image-crop", type=int, default=32)
    parser.add_argument("--temporal-steps", type=int, default=600)
    parser.add_argument("--video-steps", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--frames", type=int, default=8)
    parser.add_argument("--crop", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--log-every", type=int, default=25)
    parser.add_argument("--pilot", type=int, default=0, help="time this many steps and exit")
    parser.add_argument("--wait-load", type=float, default=1.5, help="wait until the 1-minute load is below this")
    args = parser.parse_args()

    import torch
    import pytorch_lightning as pl

    torch.set_num_threads(args.threads)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    Model, _ = make_golden.import_upstream(args.upstream)

    params = make_golden.model_params(spec(), for_yaml=False)
    model = Model(**params)
    model.train()
    parameter_count = sum(p.numel() for p in model.parameters())
    print(f"{NAME}: {parameter_count} parameters", flush=True)

    # Every source twice: as rendered and scaled down to SMALL_SIZE, so the coders also see fine detail at the
    # scale of the demo clip (a first run on the full-size renders alone reached 19 dB on training crops but
    # only 15.8 dB on the 96x72 clip).
    clips = [render(graph, SOURCE_FRAMES, scale) for _, graph in SOURCES for scale in (None, SMALL_SIZE)]
    crops = Crops(clips, args.frames, args.crop, SEED + 1)
    if not args.pilot:
        wait_for_quiet_machine(args.wait_load, 600)
    phases = [
        # 1. the 2+1D coder in image mode (mask_temporal: its zero-initialised temporal convs and the temporal
        #    coder are skipped), the cheapest way to teach the spatial autoencoder on many pixels;
        Phase("image", args.image_steps, args.lr, image_batch(crops, args)),
        # 2. the temporal encoder/decoder alone, on latents of the frozen 2+1D encoder (latent MSE);
        Phase("temporal", args.temporal_steps, args.lr, video_batch(crops, args)),
        # 3. everything end to end, pixel MSE, the video-mode pipeline inference runs.
        Phase("video", args.video_steps, args.lr / 2, video_batch(crops, args)),
    ]
    log, start = [], time.time()
    for phase in phases:
        steps = args.pilot or phase.steps
        log += run_phase(model, phase, steps, args.log_every)
    elapsed = time.time() - start
    if args.pilot:
        return
    steps = sum(phase.steps for phase in phases)

    # Store float16 weights (and evaluate with exactly those).
    model.eval()
    state = OrderedDict((k, v.detach().clone().half().contiguous()) for k, v in model.state_dict().items())
    model.load_state_dict(OrderedDict((k, v.float()) for k, v in state.items()))

    args.out.mkdir(parents=True, exist_ok=True)
    summary = [f"# {NAME}: {parameter_count} parameters; Adam, lr {args.lr} (video phase lr/2), 5% warm-up, "
               f"cosine to 5%; image phase {args.image_steps} steps of {args.image_batch} frames "
               f"{args.image_crop}x{args.image_crop}; temporal {args.temporal_steps} and video "
               f"{args.video_steps} steps of {args.batch} x {args.frames} frames x {args.crop}x{args.crop}; "
               f"{args.threads} threads, {elapsed:.0f} s",
               "# sources: " + ", ".join(name for name, _ in SOURCES)
               + f"; each also scaled to {SMALL_SIZE[0]}x{SMALL_SIZE[1]}"]
    clip = args.out / "clip.mp4"
    if clip.is_file():
        frames = read_video(clip)
        value = psnr(reconstruct(model, frames), frames)
        summary.append(f"# PyTorch PSNR on clip.mp4 (float16 weights, chunks of 16, before video compression): "
                       f"{value:.2f} dB")
        print(summary[-1])
    (args.out / "training-log.txt").write_text("\n".join(summary + log) + "\n")
    (args.out / "config.yaml").write_text(config_yaml())
    make_golden.check_config_yaml(args.out / "config.yaml", spec())
    checkpoint = {
        "epoch": 0,
        "global_step": steps,
        "pytorch-lightning_version": pl.__version__,
        "state_dict": state,
        "hyper_parameters": make_golden.plain(params),
    }
    torch.save(checkpoint, args.out / f"{NAME}.ckpt")
    print(f"wrote {args.out / (NAME + '.ckpt')} ({(args.out / (NAME + '.ckpt')).stat().st_size} bytes)")


if __name__ == "__main__":
    main()
