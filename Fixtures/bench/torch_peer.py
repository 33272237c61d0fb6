#!/usr/bin/env python3
"""PyTorch peer of `vvae encode` / `vvae decode`, for `vvae bench --peer` and the accuracy study.

Dev-only (needs torch, h5py, numpy, pyyaml and a checkout of VideoVerses/VideoVAEPlus at $VVAE_UPSTREAM,
default /work/upstream). Builds upstream's AutoencoderKL2plus1D_1dcnn from the config embedded in a vvae weight
file, loads the weights from that file, runs one step (encode: posterior modes of the 2+1D and temporal stages;
decode: temporal decoder then 2+1D decoder) under no_grad on an .npy input and writes the .npy output. It prints
nothing the bench needs: the bench measures wall time and peak memory of this process from outside.

    python torch_peer.py --weights W.h5 --mode encode --input clip.npy --output latent.npy --threads 2
    python torch_peer.py --weights W.h5 --mode decode --input latent.npy --output video.npy --dtype float64

The upstream code is imported at run time (with make_golden.py's stand-ins for cv2, T5 and the training loss),
never copied. Weights are read one dataset at a time straight into the parameters of a model built on the meta
device, so PyTorch's peak memory is one copy of the weights plus its activations (reading a whole state dict first,
as README.md's five h5py lines do, would hold two copies).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "generators"))

from make_golden import import_upstream, keep_float64  # noqa: E402  (dev-only sibling generator)


def model_params(config_yaml: str) -> dict:
    """`model.params` of the embedded config, without what would make upstream load files at construction."""
    import yaml
    params = dict(yaml.safe_load(config_yaml)["model"]["params"])
    for key in ("ckpt_path", "ckpt_path_2d", "ckpt_path_4temporal"):
        params.pop(key, None)
    return params


def build_model(weights: Path, dtype):
    import h5py
    import torch
    upstream = Path(os.environ.get("VVAE_UPSTREAM", "/work/upstream"))
    Model, _ = import_upstream(upstream)
    with h5py.File(weights, "r") as f:
        params = model_params(f.attrs["config_yaml"])
        if "embed_dim" in f.attrs and params.get("use_quant_conv"):
            params.setdefault("embed_dim", int(f.attrs["embed_dim"]))
        with torch.device("meta"):
            model = Model(**params)
        model = model.to_empty(device="cpu")
        targets = dict(model.state_dict(keep_vars=True))
        loaded = set()

        def load(name, obj):
            if not isinstance(obj, h5py.Dataset):
                return
            key = name.replace("/", ".")
            if key not in targets:
                sys.exit(f"error: {weights}: tensor {key} has no place in the upstream model")
            with torch.no_grad():
                targets[key].copy_(torch.from_numpy(obj[()].astype("float32")))
            loaded.add(key)

        f.visititems(load)
    missing = [k for k in targets if k not in loaded and not k.startswith("loss.")]
    if missing:
        sys.exit(f"error: {weights}: missing tensors {missing[:5]}…")
    model.eval()
    return model.to(dtype)


def step_arguments(description: str) -> argparse.ArgumentParser:
    """The arguments `vvae bench` appends to every peer command."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--mode", choices=("encode", "decode"), required=True)
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--text-embeddings", type=Path, default=None,
                        help="text-guided models: [B, L, 1024] embeddings (.npy), passed to every stage")
    parser.add_argument("--text-mask", type=Path, default=None, help="with --text-embeddings: the [B, L] mask")
    return parser


def text_condition(args, dtype):
    """(embeddings, mask) tensors from --text-embeddings/--text-mask, or (None, None)."""
    import torch
    if args.text_embeddings is None:
        return None, None
    embeddings = torch.from_numpy(np.load(args.text_embeddings)).to(dtype)
    mask = torch.from_numpy(np.load(args.text_mask)).to(dtype) if args.text_mask is not None else None
    return embeddings, mask


def main():
    parser = step_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--dtype", choices=("float32", "float64"), default="float32",
                        help="float64: the whole run in double (upstream's .float() casts kept in float64)")
    args = parser.parse_args()

    import torch
    if args.threads:
        torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    model = build_model(args.weights, dtype)
    x = torch.from_numpy(np.load(args.input)).to(dtype)
    text, mask = text_condition(args, dtype)
    with torch.no_grad(), keep_float64():
        if args.mode == "encode":
            z = model.encode_2plus1d(x, text, mask).mode()
            out = model.encode_temporal(z, text, mask).mode()
        else:
            out = model.decode(x, text, mask)
    if out.dtype != dtype:
        sys.exit(f"error: the output came out as {out.dtype}, not {dtype}")
    np.save(args.output, out.numpy())


if __name__ == "__main__":
    main()
