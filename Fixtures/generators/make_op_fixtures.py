#!/usr/bin/env python3
"""Records per-op reference data for the VVAERuntime op tests (dev-only; tests never run Python).

For every case it writes, under Fixtures/ops/<case>/:
  inputs and weights as float32 .npy,
  out_f32.npy  - PyTorch run in float32 on those inputs,
  out_f64.npy  - PyTorch run in float64 on the same values (inputs cast up exactly).
Tests hold our float32 result to: max|ours - f64| <= k * max|torch_f32 - f64| + floor.

Also records .npy files written by numpy itself in several format versions / dtypes under Fixtures/ops/npy/.

Usage: /work/.venv-ref/bin/python Fixtures/generators/make_op_fixtures.py [--out Fixtures/ops]
Deterministic: fixed seeds, one torch thread.
"""
import argparse
import os
import shutil

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def save(folder, name, array):
    np.save(os.path.join(folder, name + ".npy"), np.ascontiguousarray(array))


def record(root, case, inputs, fn):
    """inputs: dict name -> float32 tensor (or None). fn(**tensors) -> tensor, run in f32 and f64."""
    folder = os.path.join(root, case)
    os.makedirs(folder, exist_ok=True)
    for name, t in inputs.items():
        if t is not None:
            save(folder, name, t.numpy().astype(np.float32))
    out32 = fn(**{k: v for k, v in inputs.items()})
    out64 = fn(**{k: (v.double() if v is not None else None) for k, v in inputs.items()})
    assert out32.dtype == torch.float32 and out64.dtype == torch.float64
    save(folder, "out_f32", out32.numpy())
    save(folder, "out_f64", out64.numpy())


def gen(seed):
    return torch.Generator().manual_seed(seed)


def randn(g, *shape, scale=1.0, offset=0.0):
    return (torch.randn(*shape, generator=g) * scale + offset).float()


def make_ops(root):
    # --- Conv3d -----------------------------------------------------------------------------------------------
    g = gen(1)
    record(root, "conv3d_k133_pad011", dict(x=randn(g, 1, 4, 3, 6, 7), weight=randn(g, 5, 4, 1, 3, 3, scale=0.3),
                                            bias=randn(g, 5)),
           lambda x, weight, bias: F.conv3d(x, weight, bias, padding=(0, 1, 1)))
    g = gen(2)
    record(root, "conv3d_k333_pad1", dict(x=randn(g, 2, 3, 4, 5, 6), weight=randn(g, 4, 3, 3, 3, 3, scale=0.3),
                                          bias=randn(g, 4)),
           lambda x, weight, bias: F.conv3d(x, weight, bias, padding=1))
    g = gen(3)
    # Downsample: zero pad right/bottom by one, then 1x3x3 conv with stride (1,2,2), no padding.
    record(root, "conv3d_k133_s122_zeropad_010100",
           dict(x=randn(g, 1, 4, 2, 8, 6), weight=randn(g, 6, 4, 1, 3, 3, scale=0.3), bias=randn(g, 6)),
           lambda x, weight, bias: F.conv3d(F.pad(x, (0, 1, 0, 1, 0, 0)), weight, bias, stride=(1, 2, 2)))
    g = gen(4)
    record(root, "conv3d_k333_replicate",
           dict(x=randn(g, 1, 3, 4, 5, 6), weight=randn(g, 4, 3, 3, 3, 3, scale=0.3), bias=randn(g, 4)),
           lambda x, weight, bias: F.conv3d(F.pad(x, (1, 1, 1, 1, 1, 1), mode="replicate"), weight, bias))
    g = gen(5)
    # SamePadConv3d kernel 3 stride (2,1,1): T padded (1 before, 0 after), H/W one each side, replicate.
    record(root, "conv3d_k333_s211_replicate_t10",
           dict(x=randn(g, 1, 3, 8, 4, 5), weight=randn(g, 5, 3, 3, 3, 3, scale=0.3), bias=randn(g, 5)),
           lambda x, weight, bias: F.conv3d(F.pad(x, (1, 1, 1, 1, 1, 0), mode="replicate"), weight, bias,
                                            stride=(2, 1, 1)))
    g = gen(6)
    record(root, "conv3d_k111_nobias", dict(x=randn(g, 2, 6, 3, 4, 5), weight=randn(g, 7, 6, 1, 1, 1, scale=0.5)),
           lambda x, weight: F.conv3d(x, weight, None))
    g = gen(7)
    # Larger channel count so the im2col tiling is exercised with several tiles (the test forces a small tile).
    record(root, "conv3d_k333_pad1_wide",
           dict(x=randn(g, 1, 16, 3, 8, 8), weight=randn(g, 24, 16, 3, 3, 3, scale=0.1), bias=randn(g, 24)),
           lambda x, weight, bias: F.conv3d(x, weight, bias, padding=1))
    # --- Conv1d -----------------------------------------------------------------------------------------------
    g = gen(8)
    record(root, "conv1d_k1", dict(x=randn(g, 3, 6, 5), weight=randn(g, 18, 6, 1, scale=0.4), bias=randn(g, 18)),
           lambda x, weight, bias: F.conv1d(x, weight, bias))
    g = gen(9)
    record(root, "conv1d_k3_pad1", dict(x=randn(g, 2, 4, 9), weight=randn(g, 5, 4, 3, scale=0.4), bias=randn(g, 5)),
           lambda x, weight, bias: F.conv1d(x, weight, bias, padding=1))
    # --- ConvTranspose3d --------------------------------------------------------------------------------------
    g = gen(10)
    record(root, "conv_transpose3d_k3_s211_p1_op100",
           dict(x=randn(g, 1, 4, 3, 4, 5), weight=randn(g, 4, 3, 3, 3, 3, scale=0.3), bias=randn(g, 3)),
           lambda x, weight, bias: F.conv_transpose3d(x, weight, bias, stride=(2, 1, 1), padding=1,
                                                      output_padding=(1, 0, 0)))
    g = gen(11)
    record(root, "conv_transpose3d_k3_s222_p1_op111_nobias",
           dict(x=randn(g, 2, 3, 2, 3, 3), weight=randn(g, 3, 5, 3, 3, 3, scale=0.3)),
           lambda x, weight: F.conv_transpose3d(x, weight, None, stride=2, padding=1, output_padding=1))
    # --- GroupNorm --------------------------------------------------------------------------------------------
    g = gen(12)
    record(root, "group_norm_g32_eps1e-6",
           dict(x=randn(g, 2, 64, 2, 3, 4, scale=2.0, offset=0.5), weight=randn(g, 64), bias=randn(g, 64)),
           lambda x, weight, bias: F.group_norm(x, 32, weight, bias, eps=1e-6))
    g = gen(13)
    record(root, "group_norm_g32_eps1e-5",
           dict(x=randn(g, 1, 96, 3, 4, 4, scale=0.01), weight=randn(g, 96), bias=randn(g, 96)),
           lambda x, weight, bias: F.group_norm(x, 32, weight, bias, eps=1e-5))
    g = gen(14)
    # Large mean relative to the spread: a one-pass float variance would lose most digits here.
    record(root, "group_norm_g32_offset_noaffine",
           dict(x=randn(g, 1, 32, 2, 5, 5, scale=0.5, offset=300.0)),
           lambda x: F.group_norm(x, 32, None, None, eps=1e-6))
    # --- SiLU -------------------------------------------------------------------------------------------------
    g = gen(15)
    special = torch.tensor([0.0, -0.0, 1e-8, -1e-8, 1.0, -1.0, 10.0, -10.0, 20.0, -20.0, 40.0, -40.0, 87.0, -87.0,
                            88.5, -88.5, 100.0, -100.0, 1000.0, -1000.0, 3.0e38, -3.0e38, 17.25, -17.25])
    silu_x = torch.cat([special, randn(g, 200, scale=8.0)]).reshape(8, 28).float()
    record(root, "silu_large", dict(x=silu_x), lambda x: F.silu(x))
    # --- LayerNorm --------------------------------------------------------------------------------------------
    g = gen(16)
    record(root, "layer_norm_last",
           dict(x=randn(g, 2, 5, 48, scale=1.5, offset=3.0), weight=randn(g, 48), bias=randn(g, 48)),
           lambda x, weight, bias: F.layer_norm(x, (48,), weight, bias, eps=1e-5))
    # --- Linear -----------------------------------------------------------------------------------------------
    g = gen(17)
    record(root, "linear", dict(x=randn(g, 2, 5, 48), weight=randn(g, 24, 48, scale=0.2), bias=randn(g, 24)),
           lambda x, weight, bias: F.linear(x, weight, bias))
    g = gen(18)
    record(root, "linear_nobias", dict(x=randn(g, 7, 33), weight=randn(g, 10, 33, scale=0.2)),
           lambda x, weight: F.linear(x, weight, None))
    # --- Softmax ----------------------------------------------------------------------------------------------
    g = gen(19)
    record(root, "softmax_last", dict(x=randn(g, 3, 4, 17, scale=6.0)), lambda x: torch.softmax(x, dim=-1))
    g = gen(20)
    sm = randn(g, 2, 9, 5, scale=30.0)
    sm[0, :, 0] = -torch.finfo(torch.float32).max  # masked logits as the cross-attention writes them
    record(root, "softmax_axis1", dict(x=sm), lambda x: torch.softmax(x, dim=1))
    # --- Batched matmul ---------------------------------------------------------------------------------------
    g = gen(21)
    record(root, "bmm", dict(a=randn(g, 3, 4, 37), b=randn(g, 3, 37, 6)), lambda a, b: torch.bmm(a, b))
    # --- Scaled dot-product attention with a key padding mask (as the text cross-attention applies it) ---------
    g = gen(25)
    mask = torch.ones(2, 7)
    mask[0, 5:] = 0.0
    mask[1, :] = 0.0  # every key masked: PyTorch's masked_fill + softmax gives a uniform average
    mask[1, 2] = 0.3  # <= 0.5 counts as masked too

    def attention(q, k, v, mask):
        sim = torch.einsum("bid,bjd->bij", q, k) * (8 ** -0.5)
        keep = mask.repeat_interleave(3, dim=0)[:, None, :] > 0.5  # rows of the mask shared by 3 consecutive batches
        sim = sim.masked_fill(~keep, -torch.finfo(sim.dtype).max)
        return torch.einsum("bij,bjd->bid", sim.softmax(dim=-1), v)

    record(root, "attention_masked", dict(q=randn(g, 6, 10, 8, scale=2.0), k=randn(g, 6, 7, 8, scale=2.0),
                                          v=randn(g, 6, 7, 5), mask=mask), attention)
    g = gen(26)
    record(root, "attention_plain", dict(q=randn(g, 2, 33, 16), k=randn(g, 2, 33, 16), v=randn(g, 2, 33, 16)),
           lambda q, k, v: torch.softmax(torch.bmm(q, k.transpose(1, 2)) * (16 ** -0.5), dim=-1) @ v)
    # --- Nearest upsample x2 on H, W (T untouched) ------------------------------------------------------------
    g = gen(22)
    record(root, "upsample_nearest_hw2", dict(x=randn(g, 1, 3, 2, 3, 4)),
           lambda x: F.interpolate(x, scale_factor=(1.0, 2.0, 2.0), mode="nearest"))
    # --- Padding ----------------------------------------------------------------------------------------------
    g = gen(23)
    pad_x = randn(g, 1, 2, 3, 4, 5)
    record(root, "pad_zero_asym", dict(x=pad_x), lambda x: F.pad(x, (0, 1, 0, 1, 0, 0)))
    record(root, "pad_replicate", dict(x=pad_x), lambda x: F.pad(x, (1, 2, 2, 1, 1, 0), mode="replicate"))
    # --- Layout changes used by attention (exact) -------------------------------------------------------------
    g = gen(24)
    lay_x = randn(g, 2, 3, 4, 4, 6)  # B C T H W
    record(root, "permute_frames_to_tokens", dict(x=lay_x),
           lambda x: x.permute(0, 2, 3, 4, 1).reshape(2 * 4, 4 * 6, 3))  # [B*T, H*W, C]
    record(root, "permute_pixels_to_sequences", dict(x=lay_x),
           lambda x: x.permute(0, 3, 4, 1, 2).reshape(2 * 4 * 6, 3, 4))  # [B*H*W, C, T]
    # Cross-attention patches, p=2: [B, C, T, H, W] -> [B*T, (H/p)*(W/p), p*p*C] ordered (ph, pw, c).
    record(root, "permute_patches_p2", dict(x=lay_x),
           lambda x: x.reshape(2, 3, 4, 2, 2, 3, 2).permute(0, 2, 3, 5, 4, 6, 1).reshape(2 * 4, 2 * 3, 2 * 2 * 3))


def make_npy(root):
    folder = os.path.join(root, "npy")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(99)
    base = (rng.standard_normal((2, 3, 4)) * 3).astype(np.float64)
    save(folder, "reference_f64", base)
    save(folder, "reference_f16_as_f64", base.astype("<f2").astype(np.float64))  # numpy's own float16 rounding
    for dtype in ["<f4", ">f4", "<f8", ">f8", "<f2", ">f2"]:
        for version in [(1, 0), (2, 0), (3, 0)]:
            name = "v%d_%s%s" % (version[0], "le" if dtype[0] == "<" else "be", dtype[1:])
            with open(os.path.join(folder, name + ".npy"), "wb") as f:
                np.lib.format.write_array(f, base.astype(dtype), version=version)
    # A scalar (shape ()) and an empty array.
    np.save(os.path.join(folder, "scalar_f4.npy"), np.array(2.5, dtype="<f4"))
    np.save(os.path.join(folder, "empty_f4.npy"), np.zeros((0, 3), dtype="<f4"))
    # Unsupported files: Fortran order and integer dtype.
    np.save(os.path.join(folder, "fortran_f4.npy"), np.asfortranarray(base.astype("<f4")))
    np.save(os.path.join(folder, "int32.npy"), np.arange(6, dtype="<i4").reshape(2, 3))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(here, "..", "ops"))
    args = parser.parse_args()
    root = os.path.abspath(args.out)
    if os.path.isdir(root):
        shutil.rmtree(root)
    os.makedirs(root)
    make_ops(root)
    make_npy(root)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(root) for f in fs)
    print("wrote %s (%d bytes)" % (root, total))


if __name__ == "__main__":
    main()
