"""Writes Fixtures/safetensors/ with the `safetensors` library itself, so vvae's reader is checked against files it
did not write. Dev-only: needs torch and safetensors (pip install torch safetensors).

- dtypes.safetensors: one small tensor of each of float32, float16, bfloat16, float64, int64, int32, uint8, bool
  (values exactly representable in their dtype), a scalar and an empty tensor, and `__metadata__`.
- tiny4z-mixed.safetensors: the tiny4z fixture model's state dict (Fixtures/models/tiny4z/tiny4z.ckpt) with its
  weights stored as a mix of float32, float16 and bfloat16 (by position), plus a training-only int64 `loss.step`
  that conversion must drop.
- expected.json: per file, every tensor's dtype and shape; for dtypes.safetensors every value; for the model every
  tensor's SHA-256 of its values widened to float32 (little-endian, C order) — what a float32 weight file's
  datasets must then hash to — and the metadata.

    .venv-ref/bin/python Fixtures/generators/make_safetensors_fixtures.py
"""
import hashlib
import json
import os

import torch
from safetensors.torch import save


def save_file(tensors, path, metadata):
    """safetensors.torch.save_file, made deterministic: the library writes `__metadata__` in hash-map order, which
    changes from call to call, so serialise until it comes out in sorted key order, then write those bytes."""
    for _ in range(10000):
        data = save(tensors, metadata=metadata)
        length = int.from_bytes(data[:8], "little")
        written = list(json.loads(data[8:8 + length]).get("__metadata__", {}).keys())
        if written == sorted(metadata):
            with open(path, "wb") as handle:
                handle.write(data)
            return
    raise RuntimeError("the library never wrote the metadata in sorted order")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "safetensors")


def describe(tensors):
    return {name: {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape)} for name, t in tensors.items()}


def main():
    os.makedirs(OUT, exist_ok=True)
    dtypes = {
        "weights.f32": torch.tensor([[1.5, -2.25, 3.0], [0.0, -0.0, 1e-3]], dtype=torch.float32),
        "weights.f16": torch.tensor([0.5, -1.0, 65504.0, 6.103515625e-05], dtype=torch.float16),
        "weights.bf16": torch.tensor([[1.0, -3.5], [2.0 ** 100, -(2.0 ** -100)], [0.15625, 7.0]], dtype=torch.bfloat16),
        "weights.f64": torch.tensor([0.1, -1e300], dtype=torch.float64),
        "counts.i64": torch.tensor([0, -1, 2 ** 40, -(2 ** 50), 7], dtype=torch.int64),
        "counts.i32": torch.tensor([[3, -4]], dtype=torch.int32),
        "bytes.u8": torch.tensor([0, 1, 255], dtype=torch.uint8),
        "mask.bool": torch.tensor([True, False, True], dtype=torch.bool),
        "scalar.f32": torch.tensor(2.5, dtype=torch.float32),
        "empty.f32": torch.zeros([0, 3], dtype=torch.float32),
    }
    dtypes_metadata = {"format": "pt", "note": "vvae fixture: one tensor per dtype", "ünïcode": "ok ✓"}
    save_file(dtypes, os.path.join(OUT, "dtypes.safetensors"), metadata=dtypes_metadata)

    checkpoint = torch.load(os.path.join(HERE, "..", "models", "tiny4z", "tiny4z.ckpt"), map_location="cpu",
                            weights_only=True)
    state = checkpoint.get("state_dict", checkpoint)
    cycle = [torch.float16, torch.bfloat16, torch.float32]
    mixed = {}
    for index, (key, tensor) in enumerate(state.items()):
        mixed[key] = tensor.to(cycle[index % 3]).contiguous()
    mixed["loss.step"] = torch.tensor([1234], dtype=torch.int64)
    model_metadata = {"format": "pt", "source": "tiny4z.ckpt, mixed float16/bfloat16/float32"}
    save_file(mixed, os.path.join(OUT, "tiny4z-mixed.safetensors"), metadata=model_metadata)

    expected = {
        "dtypes.safetensors": {
            "metadata": dtypes_metadata,
            "tensors": {name: {**describe({name: t})[name],
                               "values": [bool(v) if t.dtype == torch.bool else (int(v) if not t.dtype.is_floating_point else float(v))
                                          for v in t.flatten().tolist()]}
                        for name, t in dtypes.items()},
        },
        "tiny4z-mixed.safetensors": {
            "metadata": model_metadata,
            "tensors": {name: {**describe({name: t})[name],
                               "float32_sha256": hashlib.sha256(t.to(torch.float32).numpy().tobytes()).hexdigest()}
                        for name, t in mixed.items()},
        },
    }
    with open(os.path.join(OUT, "expected.json"), "w") as handle:
        json.dump(expected, handle, indent=1, ensure_ascii=False)
        handle.write("\n")
    for name in ("dtypes.safetensors", "tiny4z-mixed.safetensors"):
        print(name, os.path.getsize(os.path.join(OUT, name)), "bytes")


if __name__ == "__main__":
    main()
