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


def exported_model(weights: Path, mode: str, shape) -> Path:
    path = weights.with_name(f"{weights.name}.{mode}-{'x'.join(map(str, shape))}.onnx")
    if path.exists():
        return path
    import torch
    print(f"exporting {mode} at {list(shape)} to {path} (once) …", file=sys.stderr)
    model = build_model(weights, torch.float32)

    class Step(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model

        def forward(self, x):
            if mode == "encode":
                return self.model.encode_temporal(self.model.encode_2plus1d(x).mode()).mode()
            return self.model.decode(x)

    partial = path.with_name(path.name + ".partial")
    with torch.no_grad():
        torch.onnx.export(Step().eval(), (torch.zeros(shape),), str(partial), dynamo=False, opset_version=17,
                          input_names=["x"], output_names=["y"], do_constant_folding=True)
    partial.rename(path)
    return path


def main():
    args = step_arguments(__doc__.split("\n\n")[0]).parse_args()

    x = np.load(args.input).astype(np.float32)
    path = exported_model(args.weights, args.mode, x.shape)
    import onnxruntime as ort
    options = ort.SessionOptions()
    if args.threads:
        options.intra_op_num_threads = args.threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    (y,) = session.run(None, {"x": x})
    np.save(args.output, y)


if __name__ == "__main__":
    main()
