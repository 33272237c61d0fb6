#!/usr/bin/env python3
"""Train the small bundled demo model `demo16` for `vvae demo` (dev-only).

Builds the ORIGINAL VideoVAE+ model class (imported from a checkout given by
$VVAE_UPSTREAM or --upstream, never copied; stand-ins for cv2/T5/losses come from
make_golden.py) with a small config of the 16z family and trains it on CPU with
plain MSE on clips rendered by ffmpeg's own lavfi test sources (nothing is
downloaded). Writes, into Fixtures/demo/:

  demo16.ckpt       Lightning-style checkpoint (state_dict, epoch, global_step,
                    pytorch-lightning_version, hyper_parameters); weights stored
                    as float16 to keep the file under 10 MB
  config.yaml       the config in the upstream schema
  training-log.txt  the loss curve and the clip's PSNR/SSIM at each evaluation

The temporal 1D-CNN (encoder_temporal, decoder_temporal) is not trained: its
weights are set by hand to an exact interleave (four frames of a 4-channel
latent into one frame of the 16-channel latent, and back), see set_interleave.
Only the 2+1D coder learns, with a 4-channel per-frame latent.

Usage (see Fixtures/generators/README-demo.md):
    VVAE_UPSTREAM=/work/upstream python train_demo.py [--state S.pt] [--pilot K]

Deterministic: fixed seeds, fixed thread count, fixed step count. With --state,
the run saves its state at every evaluation and resumes from it when restarted.
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
FRAME_CHANNELS = 4  # latent channels per input frame the 2+1D coder uses; 4 frames x 4 = the 16 latent channels
GROUP = 4  # temporal_scale_factor: input frames per latent frame

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
        "# Trained on CPU with MSE by Fixtures/generators/train_demo.py; config in the",
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


# Native renders of testsrc2 at the demo clip's own size, at several frame rates, each starting well after the
# clip's 0.67 s so that no training frame is a frame of the clip (checked: closest_training_frame).
NATIVE = [("25", 1.5), ("24000/1001", 7.0), ("12", 13.0), ("30", 31.0), ("5", 47.0)]


def render_native(rate: str, start: float, frames: int) -> np.ndarray:
    width, height = SMALL_SIZE
    graph = f"testsrc2=s={width}x{height}:r={rate}"
    cmd = ["ffmpeg", "-v", "error", "-ss", str(start), "-f", "lavfi", "-i", graph, "-frames:v", str(frames),
           "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    raw = subprocess.run(cmd, check=True, capture_output=True).stdout
    video = np.frombuffer(raw, dtype=np.uint8)
    if video.size != frames * width * height * 3:
        sys.exit(f"error: {graph} from {start} s: expected {frames} frames")
    return video.reshape(frames, height, width, 3)


class Sampler:
    """Random crops (T frames x H x W) from two pools, with random temporal stride 1 or 2 and horizontal flip."""

    def __init__(self, other, native, native_weight: float, seed: int):
        self.other, self.native, self.native_weight = other, native, native_weight
        self.rng = np.random.default_rng(seed)

    def batch(self, count: int, frames: int, height: int, width: int):
        import torch
        pieces = []
        for _ in range(count):
            pool = self.native if self.rng.random() < self.native_weight else self.other
            clip = pool[self.rng.integers(len(pool))]
            t_total, h, w, _ = clip.shape
            stride = int(self.rng.integers(1, 3)) if frames > 1 else 1
            t0 = int(self.rng.integers(0, t_total - stride * (frames - 1)))
            y0 = int(self.rng.integers(0, h - height + 1))
            x0 = int(self.rng.integers(0, w - width + 1))
            crop = clip[t0:t0 + stride * frames:stride, y0:y0 + height, x0:x0 + width]
            if self.rng.random() < 0.5:
                crop = crop[:, :, ::-1]
            pieces.append(to_model(crop))
        return torch.cat(pieces, dim=0)


INTERLEAVE_SCALE = 2.0 ** -18
INTERLEAVE_GAMMA = 262.25
GAIN = INTERLEAVE_GAMMA * INTERLEAVE_SCALE / math.sqrt(1e-6)  # final_block's GroupNorm gain while var << eps


def centre_tap(weight, out_channel: int, in_channel: int, time_tap: int, value: float):
    """One weight of a 3x3x3 kernel: temporal tap `time_tap`, spatial centre (no spatial mixing)."""
    weight[out_channel, in_channel, time_tap, 1, 1] = value


def set_interleave(model):
    """Hand-set the temporal 1D-CNN to an exact interleave of GROUP frames x FRAME_CHANNELS channels.

    Encoder: conv_in copies; each stride-2 `down` conv puts frame 2o at temporal tap 1 and frame 2o+1 at tap 2
    into separate channel blocks; the ResBlocks are identities (conv2 = 0, so x + 0); the last `down` writes each
    latent value v as a mirrored pair (+s v, -s v) with s = 2^-18 into the two channels of one GroupNorm group of
    `final_block`: the pair makes the group mean exactly 0 and the tiny scale keeps the variance far below the
    norm's eps (1e-6), so the norm is linear to ~1e-4 (gain GAIN = gamma s / sqrt(eps) = 1.0004 with gamma 262.25,
    exact in float16); beta 20
    moves SiLU into its linear range; the final conv takes half the pair's difference, which cancels the 20.
    Latent channel 4 j + c is channel c of frame j of the group. Decoder: the transposed convs put the two halves
    back at output taps 1 (even frame) and 2 (odd frame); conv_last selects. Weights not named here are zero.
    """
    import torch
    enc, dec = model.encoder_temporal, model.decoder_temporal
    scale = INTERLEAVE_SCALE
    with torch.no_grad():
        for p in list(enc.parameters()) + list(dec.parameters()):
            p.zero_()
        for c in range(FRAME_CHANNELS):
            centre_tap(enc.conv_in.conv.weight, c, c, 1, 1.0)
        down0, down1 = enc.mid_blocks[0].down.conv.weight, enc.mid_blocks[1].down.conv.weight
        for a in range(2):
            for c in range(FRAME_CHANNELS):
                centre_tap(down0, FRAME_CHANNELS * a + c, c, 1 + a, 1.0)
        for b in range(2):
            for a in range(2):
                for c in range(FRAME_CHANNELS):
                    m = FRAME_CHANNELS * (2 * b + a) + c
                    centre_tap(down1, 2 * m, FRAME_CHANNELS * a + c, 1 + b, scale)
                    centre_tap(down1, 2 * m + 1, FRAME_CHANNELS * a + c, 1 + b, -scale)
        norm, last = enc.final_block[0], enc.final_block[2].conv.weight
        norm.weight.fill_(INTERLEAVE_GAMMA)
        norm.bias.fill_(20.0)
        for m in range(GROUP * FRAME_CHANNELS):
            centre_tap(last, m, 2 * m, 1, 0.5)
            centre_tap(last, m, 2 * m + 1, 1, -0.5)
        # GroupNorm weights of the identity ResBlocks: 1 (their value does not reach the output, conv2 is 0).
        for module in list(enc.modules()) + list(dec.modules()):
            if isinstance(module, torch.nn.GroupNorm) and module is not norm:
                module.weight.fill_(1.0)
        latent = GROUP * FRAME_CHANNELS
        for m in range(latent):
            centre_tap(dec.conv_in.conv.weight, m, m, 1, 1.0)
        up0, up1 = dec.mid_blocks[0].up.weight, dec.mid_blocks[1].up.weight  # ConvTranspose3d: [in, out, t, h, w]
        for b in range(2):
            for a in range(2):
                for c in range(FRAME_CHANNELS):
                    up0[FRAME_CHANNELS * (2 * b + a) + c, FRAME_CHANNELS * a + c, 1 + b, 1, 1] = 1.0
        for a in range(2):
            for c in range(FRAME_CHANNELS):
                up1[FRAME_CHANNELS * a + c, c, 1 + a, 1, 1] = 1.0
        for c in range(FRAME_CHANNELS):
            centre_tap(dec.conv_last.conv.weight, c, c, 1, 1.0)
    for p in list(enc.parameters()) + list(dec.parameters()):
        p.requires_grad_(False)


def check_interleave(model):
    """The hand-set temporal coder packs and unpacks exactly (to the norm's 1e-4 gain error); exits otherwise."""
    import torch
    gen = torch.Generator().manual_seed(SEED + 7)
    z = torch.zeros(1, 16, 8, 6, 5)
    z[:, :FRAME_CHANNELS] = torch.randn(1, FRAME_CHANNELS, 8, 6, 5, generator=gen) * 3
    with torch.no_grad():
        latent = model.encode_temporal(z).mode()
        back = model.decode_temporal(latent)
    # channel 4 j + c of latent frame k = channel c of input frame 4 k + j
    expected = z[:, :FRAME_CHANNELS].reshape(1, FRAME_CHANNELS, 2, GROUP, 6, 5).permute(0, 3, 1, 2, 4, 5)
    expected = expected.reshape(1, GROUP * FRAME_CHANNELS, 2, 6, 5) * GAIN
    packing = (latent - expected).abs().max().item() / expected.abs().max().item()
    unpacking = (back[:, :FRAME_CHANNELS] - z[:, :FRAME_CHANNELS] * GAIN).abs().max().item()
    rest = back[:, FRAME_CHANNELS:].abs().max().item()
    if packing > 5e-4 or rest != 0.0:
        sys.exit(f"error: interleave check failed (packing error {packing:.2e}, unused channels {rest})")
    return (f"# temporal interleave: gain {GAIN:.5f}; on a latent of std 3, packing relative error {packing:.1e}, "
            f"unpacking error {unpacking:.1e}")


def mask_latent_channels(model):
    """The 2+1D coder uses latent channels 0..3 only: zero encoder.conv_out's mean rows 4..15 and decoder.conv_in's
    input columns 4..15 (they then get zero gradients and stay zero; re-applied after each step anyway)."""
    import torch
    z = 16
    with torch.no_grad():
        model.encoder.conv_out.weight[FRAME_CHANNELS:z].zero_()
        model.encoder.conv_out.bias[FRAME_CHANNELS:z].zero_()
        model.decoder.conv_in.weight[:, FRAME_CHANNELS:z].zero_()


def reconstruct(model, frames: np.ndarray, chunk: int = 16) -> np.ndarray:
    """Upstream inference: pad T to a multiple of 4 with the last frame, independent chunks, posterior mode."""
    import torch
    t = frames.shape[0]
    padded = np.concatenate([frames, np.repeat(frames[-1:], (-t) % GROUP, axis=0)], axis=0)
    outputs = []
    with torch.no_grad():
        for start in range(0, padded.shape[0], chunk):
            y, _ = model(to_model(padded[start:start + chunk]), sample_posterior=False)
            outputs.append(y)
    y = torch.cat(outputs, dim=2)[:, :, :t].clamp(-1, 1)
    return ((y[0].permute(1, 2, 3, 0).numpy() + 1.0) * 127.5).round().astype(np.uint8)


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return float(10 * math.log10(255.0 ** 2 / mse)) if mse > 0 else float("inf")


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    """Mean SSIM over frames and R, G, B: 11x11 Gaussian window, sigma 1.5, valid windows only, population
    statistics (Wang et al. 2004; what `vvae reconstruct --metrics` reports)."""
    offsets = np.arange(-5, 6, dtype=np.float64)
    g = np.exp(-offsets ** 2 / (2 * 1.5 ** 2))
    g /= g.sum()

    def blur(x):
        x = np.apply_along_axis(lambda r: np.convolve(r, g, mode="valid"), -1, x)
        return np.apply_along_axis(lambda r: np.convolve(r, g, mode="valid"), -2, x)

    x = a.astype(np.float64).transpose(0, 3, 1, 2)
    y = b.astype(np.float64).transpose(0, 3, 1, 2)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mx, my = blur(x), blur(y)
    vx, vy, cxy = blur(x * x) - mx * mx, blur(y * y) - my * my, blur(x * y) - mx * my
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return float(s.mean())


def closest_training_frame(pools, clip: np.ndarray) -> float:
    """The highest PSNR between any frame of the demo clip and any same-sized training frame."""
    best = 0.0
    for pool in pools:
        for video in pool:
            if video.shape[1:] != clip.shape[1:]:
                continue
            for frame in clip:
                mse = np.mean((video.astype(np.float64) - frame.astype(np.float64)) ** 2, axis=(1, 2, 3))
                best = max(best, float(10 * np.log10(255.0 ** 2 / max(mse.min(), 1e-12))))
    return best


class Phase:
    def __init__(self, name, steps, lr, batch):
        self.name, self.steps, self.lr, self.batch = name, steps, lr, batch


def phase_loss(model, phase, x):
    """Pixel MSE. The 2+1D coder's temporal convs (`*_tmp`) are upstream's zero-initialised residual branches and
    stay zero, so running it with mask_temporal=True equals its video mode exactly, at a quarter of the cost."""
    import torch
    h = model.encode_2plus1d(x, mask_temporal=True).mode()
    if phase.name == "frames":
        # the hand-set temporal coder between them, as inference runs it
        h = model.decode_temporal(model.encode_temporal(h).mode())
    y = model.decode_2plus1d(h, mask_temporal=True)
    return torch.mean((y - x) ** 2)


def trainable_parameters(model):
    prefixes = ("encoder.", "decoder.")
    return [p for n, p in model.named_parameters() if n.startswith(prefixes) and "_tmp." not in n]


def learning_rate(phase, step: int) -> float:
    """A 5% linear warm-up, then cosine decay to 5% of the phase's learning rate."""
    warmup = max(1, phase.steps // 20)
    if step < warmup:
        return phase.lr * (step + 1) / warmup
    progress = (step - warmup) / max(1, phase.steps - warmup)
    return phase.lr * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * progress)))


class Run:
    """Where training is: phase, step, optimiser, sampler and torch RNG; saved to --state at each evaluation."""

    def __init__(self, model, sampler, state_path):
        import torch
        self.model, self.sampler, self.state_path = model, sampler, state_path
        self.phase_index, self.step, self.log, self.elapsed = 0, 0, [], 0.0
        self.optimizer = None
        if state_path is not None and state_path.is_file():
            saved = torch.load(state_path, weights_only=False)
            model.load_state_dict(saved["model"])
            self.phase_index, self.step, self.log, self.elapsed = (saved["phase"], saved["step"], saved["log"],
                                                                   saved["elapsed"])
            self.sampler.rng.bit_generator.state = saved["sampler"]
            torch.set_rng_state(saved["torch_rng"])
            self.saved_optimizer = saved["optimizer"]
            print(f"resuming from {state_path}: phase {self.phase_index}, step {self.step}", flush=True)
        else:
            self.saved_optimizer = None

    def save(self):
        import torch
        if self.state_path is None:
            return
        temporary = self.state_path.with_suffix(".tmp")
        torch.save({"model": self.model.state_dict(), "phase": self.phase_index, "step": self.step,
                    "log": self.log, "elapsed": self.elapsed, "sampler": self.sampler.rng.bit_generator.state,
                    "torch_rng": torch.get_rng_state(), "optimizer": self.optimizer.state_dict()}, temporary)
        temporary.replace(self.state_path)


def evaluate(model, clip):
    model.eval()
    out = reconstruct(model, clip)
    model.train()
    return psnr(out, clip), ssim(out, clip)


def train(run, phases, clip, args):
    import torch
    model = run.model
    while run.phase_index < len(phases):
        phase = phases[run.phase_index]
        steps = args.pilot or phase.steps
        run.optimizer = torch.optim.Adam(trainable_parameters(model), lr=phase.lr)
        if run.saved_optimizer is not None:
            run.optimizer.load_state_dict(run.saved_optimizer)
            run.saved_optimizer = None
        running, count, start = 0.0, 0, time.time() - run.elapsed
        while run.step < steps:
            for group in run.optimizer.param_groups:
                group["lr"] = learning_rate(phase, run.step)
            loss = phase_loss(model, phase, phase.batch())
            run.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            run.optimizer.step()
            mask_latent_channels(model)
            running, count = running + loss.item(), count + 1
            run.step += 1
            if run.step % args.log_every == 0 or run.step == steps:
                mean = running / count
                running, count = 0.0, 0
                # Pixel MSE on [-1, 1] -> PSNR on [0, 255]: the range is 2, so 10 log10(4 / mse).
                line = (f"{phase.name:6s} step {run.step:5d}  lr {learning_rate(phase, run.step - 1):.2e}  "
                        f"mse {mean:.5f}  psnr {10 * math.log10(4 / mean):5.2f} dB  {time.time() - start:7.1f} s")
                if clip is not None and (run.step % args.eval_every == 0 or run.step == steps):
                    value, similarity = evaluate(model, clip)
                    line += f"  clip {value:5.2f} dB SSIM {similarity:.4f}"
                print(line, flush=True)
                run.log.append(line)
                if run.step % args.eval_every == 0 and not args.pilot:
                    run.elapsed = time.time() - start
                    run.save()
        run.elapsed = time.time() - start
        run.phase_index, run.step = run.phase_index + 1, 0
        run.elapsed = 0.0 if run.phase_index < len(phases) else run.elapsed
        if not args.pilot:
            run.save()

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
    parser.add_argument("--image-steps", type=int, default=4000)
    parser.add_argument("--image-batch", type=int, default=8)
    parser.add_argument("--image-crop", type=int, default=48)
    parser.add_argument("--frames-steps", type=int, default=1000)
    parser.add_argument("--frames-batch", type=int, default=1)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--lr-frames", type=float, default=3e-4)
    parser.add_argument("--native-weight", type=float, default=0.6,
                        help="share of crops taken from the native 96x72 testsrc2 renders")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--log-every", type=int, default=25)
    parser.add_argument("--eval-every", type=int, default=500, help="PSNR/SSIM of the clip and a saved state")
    parser.add_argument("--state", type=Path, default=None, help="save the run here; resume from it if present")
    parser.add_argument("--pilot", type=int, default=0, help="time this many steps of each phase and exit")
    parser.add_argument("--finish", action="store_true",
                        help="stop here: write the outputs from the model in --state, without training further")
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
    set_interleave(model)
    interleave_line = check_interleave(model)
    print(interleave_line, flush=True)
    mask_latent_channels(model)
    model.train()
    parameter_count = sum(p.numel() for p in model.parameters())
    print(f"{NAME}: {parameter_count} parameters, {sum(p.numel() for p in trainable_parameters(model))} trained",
          flush=True)

    # Every lavfi source twice: as rendered and scaled down to SMALL_SIZE, plus the native 96x72 renders.
    other = [render(graph, SOURCE_FRAMES, scale) for _, graph in SOURCES for scale in (None, SMALL_SIZE)]
    native = [render_native(rate, start, SOURCE_FRAMES) for rate, start in NATIVE]
    sampler = Sampler(other, native, args.native_weight, SEED + 1)
    clip_path = args.out / "clip.mp4"
    clip = read_video(clip_path) if clip_path.is_file() else None
    closest = closest_training_frame([other, native], clip) if clip is not None else None
    if closest is not None:
        print(f"closest training frame to a clip frame: {closest:.1f} dB", flush=True)

    width, height = SMALL_SIZE
    phases = [
        # 1. image mode: frames as a batch of T=1 clips, the cheapest way to teach the 2+1D coder on many pixels;
        Phase("image", args.image_steps, args.lr,
              lambda: sampler.batch(args.image_batch, 1, args.image_crop, args.image_crop)),
        # 2. groups of four whole 96x72 frames through the hand-set temporal coder, as inference runs them.
        Phase("frames", args.frames_steps, args.lr_frames,
              lambda: sampler.batch(args.frames_batch, GROUP, height, width)),
    ]
    run = Run(model, sampler, args.state)
    if args.finish:
        if args.state is None or not args.state.is_file():
            sys.exit("error: --finish needs the --state file of a run")
        done = sum(phase.steps for phase in phases[:run.phase_index]) + run.step
        stop = (f"# stopped by --finish after {done} of {sum(phase.steps for phase in phases)} steps"
                + (f" ({phases[run.phase_index].name} step {run.step} of {phases[run.phase_index].steps})"
                   if run.phase_index < len(phases) else ""))
        run.log.append(stop)
        steps = done
    else:
        if not args.pilot and run.phase_index == 0 and run.step == 0:
            wait_for_quiet_machine(args.wait_load, 600)
        train(run, phases, clip, args)
        if args.pilot:
            return
        steps = sum(phase.steps for phase in phases)

    # Store float16 weights (and evaluate with exactly those).
    model.eval()
    state = OrderedDict((k, v.detach().clone().half().contiguous()) for k, v in model.state_dict().items())
    model.load_state_dict(OrderedDict((k, v.float()) for k, v in state.items()))

    args.out.mkdir(parents=True, exist_ok=True)
    summary = [
        f"# {NAME}: {parameter_count} parameters; temporal 1D-CNN hand-set to an exact interleave (not trained); "
        f"2+1D coder with a {FRAME_CHANNELS}-channel latent per frame trained with Adam, 5% warm-up, cosine to 5%: "
        f"image phase {args.image_steps} steps of {args.image_batch} crops {args.image_crop}x{args.image_crop}, "
        f"lr {args.lr}; frames phase {args.frames_steps} steps of {args.frames_batch} x {GROUP} whole "
        f"{width}x{height} frames, lr {args.lr_frames}; {args.threads} thread(s)",
        "# sources: " + ", ".join(name for name, _ in SOURCES) + f", each also scaled to {width}x{height} "
        f"({1 - args.native_weight:.0%} of crops); testsrc2 rendered at {width}x{height} at rates "
        + ", ".join(f"{rate} from {start} s" for rate, start in NATIVE) + f" ({args.native_weight:.0%})",
        interleave_line,
    ]
    if closest is not None:
        summary.append(f"# closest training frame to any frame of clip.mp4: {closest:.1f} dB PSNR")
    if clip is not None:
        output = reconstruct(model, clip)
        value, similarity = psnr(output, clip), ssim(output, clip)
        summary.append(f"# PyTorch on clip.mp4 (float16 weights, chunks of 16, before video compression): "
                       f"PSNR {value:.2f} dB, SSIM {similarity:.4f}")
        print(summary[-1])
    (args.out / "training-log.txt").write_text("\n".join(summary + run.log) + "\n")
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
