#!/usr/bin/env python3
"""Writes the checkpoint fixtures under Fixtures/checkpoints/ (dev-only; the Swift tests never run Python).

Every file is written by real `torch.save` (or PyTorch Lightning's `Trainer.save_checkpoint`), then read back with
`torch.load`; what PyTorch read (names, dtypes, shapes, strides, offsets, bytes, values) goes into
`Fixtures/checkpoints/expected.json`. Files that torch cannot write natively (big-endian, deflated entries) are derived
from torch-written files and checked by loading them back with torch. Hostile files go to `hostile/`.

Usage: /work/.venv-ref/bin/python Fixtures/generators/make_checkpoints.py [--out DIR]
Needs torch; the Lightning fixture also needs `pytorch-lightning==1.9.4` (skipped with a warning when absent).
"""
import argparse
import io
import json
import math
import os
import pickle
import struct
import sys
import warnings
import zipfile
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "checkpoints"
FULL_VALUES_LIMIT = 4096  # larger tensors are recorded by statistics plus head and tail values


def dtype_name(dtype):
    return str(dtype).replace("torch.", "")


def number(x):
    """Values are written as Python's exact decimal text ('nan', 'inf' included), since JSON readers differ in
    how they round long decimals; the Swift side parses them with Double(String), which rounds correctly."""
    return repr(float(x)) if isinstance(x, float) else str(int(x))


def tensor_values(t):
    flat = t.detach().contiguous().reshape(-1)
    if t.dtype.is_floating_point:
        return [number(v) for v in flat.double().tolist()]
    if t.dtype == torch.bool:
        return [number(1 if v else 0) for v in flat.tolist()]
    return [number(v) for v in flat.tolist()]


def tensor_bytes(t):
    flat = t.detach().contiguous().reshape(-1)
    return flat.view(torch.uint8).numpy().tobytes() if flat.numel() else b""


def describe_tensor(name, t):
    entry = {
        "name": name,
        "dtype": dtype_name(t.dtype),
        "shape": list(t.shape),
        "strides": list(t.stride()),
        "storage_offset": t.storage_offset(),
    }
    values = tensor_values(t)
    if t.numel() <= FULL_VALUES_LIMIT:
        entry["bytes_hex"] = tensor_bytes(t).hex()
        entry["values"] = values
    else:
        entry["sum"] = number(float(t.detach().double().sum()))
        entry["head"] = values[:32]
        entry["tail"] = values[-32:]
    return entry


def flatten(obj, prefix, tensors, metadata):
    """Mirrors the Swift naming: container keys joined by '/'; maximal tensor-free subtrees are metadata."""
    if isinstance(obj, torch.Tensor):
        tensors.append(describe_tensor(prefix or "(root)", obj))
        return
    if not contains_tensor(obj):
        if prefix:
            metadata.append(prefix)
        return
    if isinstance(obj, dict):
        items = list(obj.items())
    elif isinstance(obj, (list, tuple)):
        items = list(enumerate(obj))
    else:
        return
    for key, value in items:
        flatten(value, f"{prefix}/{key}" if prefix else str(key), tensors, metadata)


def contains_tensor(obj):
    if isinstance(obj, torch.Tensor):
        return True
    if isinstance(obj, dict):
        return any(contains_tensor(v) for v in obj.values())
    if isinstance(obj, (list, tuple)):
        return any(contains_tensor(v) for v in obj)
    return False


def record(expected, out, filename, fmt):
    loaded = torch.load(out / filename, map_location="cpu", weights_only=False)
    tensors, metadata = [], []
    flatten(loaded, "", tensors, metadata)
    expected[filename] = {"format": fmt, "tensors": tensors, "metadata_keys": metadata}
    return loaded


# --------------------------------------------------------------------------------------------------- contents

def dtype_dict():
    g = torch.Generator().manual_seed(2412)
    f32 = torch.randn(3, 4, generator=g)
    f32[0, 0], f32[0, 1], f32[0, 2], f32[0, 3] = float("inf"), float("-inf"), -0.0, 1e-40  # subnormal
    f16 = torch.randn(5, generator=g).half()
    f16[0] = 6.0e-8  # subnormal half
    f16[1] = float("nan")
    bf16 = torch.randn(2, 3, generator=g).bfloat16()
    bf16[0, 0] = -3.0e38
    return {
        "f64": torch.randn(2, 2, generator=g, dtype=torch.float64),
        "f32": f32,
        "f16": f16,
        "bf16": bf16,
        "i64": torch.tensor([0, -1, 2**62 + 1, -(2**63), 2**53 + 1], dtype=torch.int64),
        "i32": torch.tensor([[2**31 - 1, -(2**31)], [7, -7]], dtype=torch.int32),
        "i16": torch.tensor([-32768, 32767, 12], dtype=torch.int16),
        "i8": torch.tensor([-128, 127, 0, 5], dtype=torch.int8),
        "u8": torch.tensor([0, 255, 128], dtype=torch.uint8),
        "b": torch.tensor([True, False, True]),
        "f8e4m3": torch.tensor([0.0, 1.0, -2.5, 448.0, 0.013671875, -0.001953125]).to(torch.float8_e4m3fn),
        "f8e5m2": torch.tensor([0.0, 1.0, -3.0, 57344.0, float("inf"), 1.52587890625e-05]).to(torch.float8_e5m2),
        "scalar": torch.tensor(3.5),
        "empty": torch.zeros(0, 3),
        "epoch": 7,
        "name": "fixture",
        "lr": 1e-3,
        "flags": [True, None, False],
        "blob": b"\x00\xffab",
        "nested": {"pair": (1, 2), "big": 2**70, "neg": -5},
    }


def without_float8(d):
    return {k: v for k, v in d.items() if not (isinstance(v, torch.Tensor) and v.dtype.itemsize == 1
                                                 and v.dtype.is_floating_point)}


def views_dict():
    base = torch.arange(24, dtype=torch.float32)
    conv = torch.arange(2 * 3 * 2 * 2, dtype=torch.float32).reshape(2, 3, 2, 2)
    return {
        "transposed": torch.arange(12, dtype=torch.float32).reshape(3, 4).t(),
        "channels_last": conv.contiguous(memory_format=torch.channels_last),
        "shared_a": base[2:8].view(2, 3),
        "shared_b": base.view(6, 4)[1:, 1:3],  # offset 5, strides (4, 1)
        "shared_c": base[::5],  # stride 5
        "expanded": torch.tensor([1.0, 2.0, 3.0]).expand(2, 3),  # stride 0
        "layers": [torch.tensor([1, 2], dtype=torch.int32), {"inner": torch.ones(2, dtype=torch.float16)}],
        "param": torch.nn.Parameter(torch.tensor([1.0, -2.0])),  # torch._utils._rebuild_parameter
        "param_with_state": parameter_with_state(),  # torch._utils._rebuild_parameter_with_state
        "subclass": torch.tensor([4.0, 5.0, 6.0]).as_subclass(MarkedTensor),  # torch._tensor._rebuild_from_type_v2
    }


class MarkedTensor(torch.Tensor):
    """A tensor subclass: torch pickles it through torch._tensor._rebuild_from_type_v2."""


def parameter_with_state():
    p = torch.nn.Parameter(torch.tensor([[0.5], [1.5]]), requires_grad=False)
    p.note = "extra attribute"  # makes torch pickle the parameter's __dict__ as state
    return p


def protocol4_dict():
    return {
        "encoder.conv_in.weight": torch.arange(2 * 3 * 3, dtype=torch.float32).reshape(2, 1, 3, 3) / 7.0,
        "encoder.conv_in.bias": torch.tensor([0.5, -0.25]),
        "decoder.scale": torch.tensor([1.5], dtype=torch.bfloat16),
        "meta": {"text": "long enough unicode text ü", "step": 123456789},
    }


# --------------------------------------------------------------------------------------------------- derived files

def rewrite_zip(src, dst, transform=None, compression=zipfile.ZIP_STORED):
    """Copies every entry of a torch zip, optionally transforming (name, bytes) and recompressing."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression=compression) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if transform is not None:
                data = transform(info.filename, data)
            zout.writestr(info.filename, data, compress_type=compression)


def storage_element_sizes(pkl_bytes):
    """Maps storage key -> element size by unpickling data.pkl with inert reconstructors (no tensors built)."""
    sizes = {}

    class Scan(pickle.Unpickler):
        def find_class(self, module, name):
            if module == "torch._utils" and name.startswith("_rebuild"):
                return lambda *args, **kwargs: None
            return super().find_class(module, name)

        def persistent_load(self, pid):
            _, storage_type, key, _location, _numel = pid
            sizes[key] = torch.tensor([], dtype=storage_type.dtype).element_size()
            return None

    Scan(io.BytesIO(pkl_bytes)).load()
    return sizes


def make_big_endian(src, dst):
    with zipfile.ZipFile(src) as z:
        pkl_name = next(n for n in z.namelist() if n.endswith("/data.pkl"))
        prefix = pkl_name[: -len("data.pkl")]
        sizes = storage_element_sizes(z.read(pkl_name))

    def swap(name, data):
        if name == prefix + "byteorder":
            return b"big"
        if name.startswith(prefix + "data/"):
            size = sizes[name[len(prefix + "data/"):]]
            if size > 1:
                return b"".join(data[i:i + size][::-1] for i in range(0, len(data), size))
        return data

    rewrite_zip(src, dst, swap)


def make_lightning(path):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import pytorch_lightning as pl
    except ImportError:
        print("pytorch_lightning missing: lightning fixture skipped", file=sys.stderr)
        return False
    import argparse as ap

    class Tiny(pl.LightningModule):
        def __init__(self, hidden=3, name="tiny", options=None):
            super().__init__()
            self.save_hyperparameters()
            self.encoder = torch.nn.Sequential(torch.nn.Conv2d(1, hidden, 3, padding=1), torch.nn.GroupNorm(1, hidden))
            self.head = torch.nn.Linear(hidden, 2)
            self.register_buffer("running", torch.tensor([0.25, 0.75]))

        def forward(self, x):
            return self.head(self.encoder(x).mean(dim=(2, 3)))

        def training_step(self, batch, _):
            return self(batch[0]).pow(2).mean()

        def configure_optimizers(self):
            return torch.optim.SGD(self.parameters(), lr=0.1)

    torch.manual_seed(0)
    model = Tiny(hidden=3, name="tiny", options=ap.Namespace(depth=2, mode="fast"))
    data = torch.utils.data.TensorDataset(torch.randn(4, 1, 4, 4))
    loader = torch.utils.data.DataLoader(data, batch_size=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer = pl.Trainer(max_epochs=1, logger=False, enable_checkpointing=False, enable_progress_bar=False,
                             enable_model_summary=False, accelerator="cpu", devices=1)
        trainer.fit(model, loader)
        trainer.save_checkpoint(str(path), weights_only=True)
    return True


def make_legacy_view(path):
    """A legacy file whose persistent id carries view_metadata, as PyTorch < 1.0 wrote for storage views.
    Current torch no longer writes views but still reads them; the expected values come from that reader."""
    import collections

    class StorageMarker:
        pass

    class ViewTensor:
        def __reduce__(self):
            return (torch._utils._rebuild_tensor_v2,
                    (StorageMarker(), 1, (2, 2), (2, 1), False, collections.OrderedDict()))

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, StorageMarker):
                return ("storage", torch.FloatStorage, "root", "cpu", 10, ("view", 4, 5))
            return None

    with open(path, "wb") as f:
        for header in (0x1950A86A20F9469CFC6C, 1001,
                       {"protocol_version": 1001, "little_endian": True,
                        "type_sizes": {"short": 2, "int": 4, "long": 4}}):
            pickle.dump(header, f, protocol=2)
        Pickler(f, protocol=2).dump({"view": ViewTensor()})
        pickle.dump(["root"], f, protocol=2)
        f.write(struct.pack("<q", 10))
        f.write(struct.pack("<10f", *[float(i) for i in range(10)]))


# --------------------------------------------------------------------------------------------------- hostile files

class CallsOsSystem:
    """Pickles as a call to os.system: a reader that executes globals would run the command."""

    def __reduce__(self):
        return (os.system, ("echo vvae-fixture-should-never-run > /tmp/vvae-pwned",))


def zip_with_pickle(path, pkl, prefix="archive/", extra=(), compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", compression=compression) as z:
        z.writestr(prefix + "data.pkl", pkl)
        z.writestr(prefix + "byteorder", b"little")
        for name, data in extra:
            z.writestr(prefix + name, data)
        z.writestr(prefix + "version", b"3\n")


def make_hostile(out, sources):
    hostile = out / "hostile"
    hostile.mkdir(exist_ok=True)
    torch.save({"w": torch.ones(2), "evil": CallsOsSystem()}, hostile / "os_system.pt")

    # Shape overrun: a (2, 3) tensor whose pickle claims (2, 9) over its 6-element storage.
    buf = io.BytesIO()
    torch.save({"w": torch.zeros(2, 3)}, buf)
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    pkl_name = next(n for n in entries if n.endswith("data.pkl"))
    old = b"K\x02K\x03\x86"
    assert entries[pkl_name].count(old) == 1
    entries[pkl_name] = entries[pkl_name].replace(old, b"K\x02K\x09\x86")
    with zipfile.ZipFile(hostile / "shape_overrun.pt", "w") as z:
        for n, d in entries.items():
            z.writestr(n, d)

    # Storage record shorter than the pickle declares.
    def shorten(name, data):
        return data[:4] if "/data/" in name else data
    rewrite_zip(sources["views.pt"], hostile / "short_record.pt", shorten)

    whole = (out / "dtypes.pt").read_bytes()
    (hostile / "truncated.pt").write_bytes(whole[: len(whole) // 2])
    legacy = (out / "dtypes_legacy.pt").read_bytes()
    (hostile / "truncated_legacy.pt").write_bytes(legacy[:-10])
    (hostile / "empty.pt").write_bytes(b"")
    (hostile / "text.pt").write_text("this is a text file, not a checkpoint\n")
    zip_with_pickle(hostile / "bad_memo.pt", b"\x80\x02h\x05.")
    # 100 000 nested lists: EMPTY_LIST x N then APPEND x (N-1).
    n = 100_000
    zip_with_pickle(hostile / "nesting_bomb.pt", b"\x80\x02" + b"]" * n + b"a" * (n - 1) + b".",
                    compression=zipfile.ZIP_DEFLATED)
    # Two million NONEs on the stack.
    zip_with_pickle(hostile / "stack_bomb.pt", b"\x80\x02" + b"N" * 2_000_000 + b".",
                    compression=zipfile.ZIP_DEFLATED)
    # BINUNICODE8 claiming 2^62 bytes.
    zip_with_pickle(hostile / "huge_length.pt", b"\x80\x04\x8d" + struct.pack("<Q", 2**62) + b"abc.")
    # A plain pickle of a dict: right opcodes, not a torch file (no magic number).
    (hostile / "plain_pickle.pt").write_bytes(pickle.dumps({"a": 1}, protocol=2))


# --------------------------------------------------------------------------------------------------- plain pickles

def pickle_sample():
    """Every kind of value checkpoints carry, pickled with each protocol to exercise all opcode families."""
    shared = [1, 2]
    return {
        "int": 7, "neg": -300, "int32": 2**31 - 1, "int64": -(2**40), "big": 2**80 + 1, "negbig": -(2**70),
        "float": 0.1, "negfloat": -2.5e-300, "true": True, "false": False, "none": None,
        "text": "plain", "unicode": "grüße \u2603 \U0001f600", "quote": "it's \"q\" \\ \n",
        "bytes": b"\x00\x01\xff'", "list": [1, [2, 3], []], "tuple": (1, (2,), ()), "shared": [shared, shared],
        "nested": {"a": {"b": {"c": 1}}}, 3: "int key",
    }


def to_json(value):
    """The JSON form the Swift test compares against: tuples as {"tuple": [...]}, bytes as {"bytes": hex}."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else {"bigint": str(value)}
    if isinstance(value, float):
        return {"float": repr(value)}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if isinstance(value, tuple):
        return {"tuple": [to_json(v) for v in value]}
    if isinstance(value, list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {"dict": [[to_json(k), to_json(v)] for k, v in value.items()]}
    raise TypeError(type(value))


def make_pickles(out):
    folder = out / "pickles"
    folder.mkdir(exist_ok=True)
    sample = pickle_sample()
    for protocol in range(6):
        (folder / f"protocol{protocol}.pkl").write_bytes(pickle.dumps(sample, protocol=protocol))
    (folder / "expected.json").write_text(json.dumps(to_json(sample), indent=1))


# --------------------------------------------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    expected = {}

    torch.save(dtype_dict(), out / "dtypes.pt")
    record(expected, out, "dtypes.pt", "torch-zip")
    # torch cannot load float8 (UntypedStorage) tensors back from the legacy container, so they are left out there.
    torch.save(without_float8(dtype_dict()), out / "dtypes_legacy.pt", _use_new_zipfile_serialization=False)
    record(expected, out, "dtypes_legacy.pt", "torch-legacy")

    torch.save(views_dict(), out / "views.pt")
    record(expected, out, "views.pt", "torch-zip")
    torch.save(views_dict(), out / "views_legacy.pt", _use_new_zipfile_serialization=False)
    record(expected, out, "views_legacy.pt", "torch-legacy")

    # Saved through a buffer, so the archive prefix is `archive/` rather than the file stem.
    buf = io.BytesIO()
    torch.save(protocol4_dict(), buf, pickle_protocol=4)
    (out / "protocol4.pt").write_bytes(buf.getvalue())
    record(expected, out, "protocol4.pt", "torch-zip")
    torch.save(protocol4_dict(), out / "protocol4_legacy.pt", pickle_protocol=4, _use_new_zipfile_serialization=False)
    record(expected, out, "protocol4_legacy.pt", "torch-legacy")

    big_src = out / "bigendian_source.tmp"
    torch.save(without_float8(dtype_dict()), big_src)
    make_big_endian(big_src, out / "bigendian.pt")
    little = torch.load(big_src, weights_only=False)
    big = record(expected, out, "bigendian.pt", "torch-zip")
    for key, value in little.items():
        if isinstance(value, torch.Tensor):
            assert torch.equal(value.view(-1).view(torch.uint8), big[key].view(-1).view(torch.uint8)), key
    big_src.unlink()

    make_legacy_view(out / "legacy_view.pt")
    record(expected, out, "legacy_view.pt", "torch-legacy")

    rewrite_zip(out / "views.pt", out / "deflated.pt", compression=zipfile.ZIP_DEFLATED)
    record(expected, out, "deflated.pt", "torch-zip")

    g = torch.Generator().manual_seed(64)
    torch.save({"big.weight": torch.randn(128, 160, generator=g), "small": torch.tensor([1.0, 2.0])}, out / "large.pt")
    record(expected, out, "large.pt", "torch-zip")
    assert (out / "large.pt").stat().st_size > 64 * 1024

    if make_lightning(out / "lightning.ckpt"):
        record(expected, out, "lightning.ckpt", "torch-zip")

    make_hostile(out, {"views.pt": out / "views.pt"})
    make_pickles(out)
    (out / "expected.json").write_text(json.dumps({"torch_version": torch.__version__, "files": expected}, indent=1))
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"wrote {len(expected)} checkpoints + hostile files, {total} bytes in {out}")


if __name__ == "__main__":
    main()
