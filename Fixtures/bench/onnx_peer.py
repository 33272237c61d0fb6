#!/usr/bin/env python3
"""ONNX Runtime peer of `vvae encode` / `vvae decode`, for `vvae bench --peer` (same arguments as torch_peer.py).

Dev-only (needs torch, onnx, onnxruntime, h5py, numpy, pyyaml and the upstream checkout at $VVAE_UPSTREAM, as
torch_peer.py). The model is upstream's, built and loaded exactly as torch_peer.py does, then exported with the
legacy tracer (`torch.onnx.export(..., dynamo=False, opset_version=17)`) at the input's fixed shape:

- encode: x → posterior mode of the 2+1D stage → posterior mode of the temporal stage;
- decode: z → `model.decode(z)` (temporal decoder, then the 2+1D decoder).

The exported file is cached beside the weights (`W.h5.encode-1x3x8x128x128.onnx`), so only the first run for a
shape exports; `vvae bench` reports the best of its runs, which leaves that first one out when --runs ≥ 2 (or run
the peer once by hand first). Each run is then what an ONNX Runtime user does: create an `InferenceSession` on the
CPU execution provider with `intra_op_num_threads = --threads` (and one inter-op thread), run it once, write the
output.

    python onnx_peer.py --weights W.h5 --mode encode --input clip.npy --output latent.npy --threads 2
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from torch_peer import build_model, step_arguments  # noqa: E402  (dev-only sibling peer)


def exported_model(weights: Path, mode: str, shape, text_shape=None) -> Path:
    """The step exported at `shape` (and, for a text-guided model, with text inputs of `text_shape` [B, L, 1024]
    and a [B, L] mask), cached beside the weights."""
    suffix = f"-text{text_shape[1]}" if text_shape is not None else ""
    path = weights.with_name(f"{weights.name}.{mode}-{'x'.join(map(str, shape))}{suffix}.onnx")
    if path.exists():
        return path
    import torch
    print(f"exporting {mode} at {list(shape)} to {path} (once) …", file=sys.stderr)
    model = build_model(weights, torch.float32)

    class Step(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, x, text=None, mask=None):
            if mode == "encode":
                return self.model.encode_temporal(self.model.encode_2plus1d(x, text, mask).mode(), text, mask).mode()
            return self.model.decode(x, text, mask)

    partial = path.with_name(path.name + ".partial")
    inputs, names = (torch.zeros(shape),), ["x"]
    if text_shape is not None:
        inputs += (torch.zeros(text_shape), torch.ones(text_shape[:2]))
        names += ["text", "mask"]
    with torch.no_grad():
        torch.onnx.export(Step().eval(), inputs, str(partial), dynamo=False, opset_version=17,
                          input_names=names, output_names=["y"], do_constant_folding=True)
    partial.rename(path)
    return path


def main():
    args = step_arguments(__doc__.split("\n\n")[0]).parse_args()

    x = np.load(args.input).astype(np.float32)
    feeds = {"x": x}
    text_shape = None
    if args.text_embeddings is not None:
        feeds["text"] = np.load(args.text_embeddings).astype(np.float32)
        text_shape = feeds["text"].shape
        feeds["mask"] = (np.load(args.text_mask).astype(np.float32) if args.text_mask is not None
                         else np.ones(text_shape[:2], np.float32))
    path = exported_model(args.weights, args.mode, x.shape, text_shape)
    import onnxruntime as ort
    options = ort.SessionOptions()
    if args.threads:
        options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    (y,) = session.run(None, feeds)
    np.save(args.output, y)


if __name__ == "__main__":
    main()
