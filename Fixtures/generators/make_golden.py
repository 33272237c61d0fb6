#!/usr/bin/env python3
"""Record golden fixtures for vvae from the original VideoVAE+ PyTorch code.

Dev-only. Builds small, randomly initialised models of each shipped architecture
family with the upstream classes (imported from a checkout of
VideoVerses/VideoVAEPlus at generation time, never copied), runs them on a fixed
seeded input and records, through forward hooks, the inputs and outputs of every
module call plus the whole encode/decode pipeline, in HDF5.

Usage (see README-golden.md):
    VVAE_UPSTREAM=/path/to/VideoVAEPlus python make_golden.py [--out DIR] [--models a,b] [--check]

Everything is deterministic: fixed seeds, one CPU thread, no timestamps in the
HDF5 files. `--check` regenerates into a temporary folder and compares bytes.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import hashlib
import math
import os
import sys
import tempfile
import types
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

GENERATOR_VERSION = 1
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "models"

# Input clip: T frames of H x W. T=8 keeps both temporal-encoder strides and the
# latent non-trivial (8 -> 4 -> 2). H = W = 8 (ModelSpec.size) is the smallest size
# valid for every level and patch size (the text encoder's first level cuts 8x8
# patches); it keeps the per-module recordings to a few MB.
CLIP_T = 8
IMAGE_BATCH = 2  # image mode: a batch of T=1 clips, as upstream inference_image.py
TEXT_TOKENS = 6
TEXT_MASK = [1.0, 1.0, 1.0, 1.0, 0.0, 0.0]  # T5-style: trailing padding tokens masked out
LOSS_CONFIG_TARGET = "src.modules.losses.LPIPSWithDiscriminator3D"


@dataclass(frozen=True)
class ModelSpec:
    """One fixture model: its upstream-schema parameters and how its checkpoint is stored."""

    name: str
    seed: int
    z_channels: int
    ch_mult: tuple
    attn_resolutions: tuple = ()
    attn_temporal_factor: tuple = ()
    use_quant_conv: bool = False
    embed_dim: int = 0
    write_embed_dim: bool = True
    caption_guide: bool = False
    hidden_channel: int = 16
    size: int = 8  # input H = W
    pool_text_projections: bool = False  # see pool_text_projections()
    checkpoint_style: str = "state_dict"  # lightning | state_dict | prefixed
    record_image_mode: bool = False
    comment: str = ""

    @property
    def temporal_channels(self) -> int:
        # The temporal encoder consumes the posterior mode of the 2+1D stage,
        # whose channel count is embed_dim with quant convs, z_channels without.
        return self.embed_dim if self.use_quant_conv else self.z_channels


# GroupNorm has 32 groups, so every normalised channel count is a multiple of 32:
# ch = 32; in the temporal 1D-CNN the normalised widths are hidden*2 and hidden*4,
# so hidden_channel = 16 is the smallest valid value (its conv_in output, 16 wide,
# is never normalised).
SPECS = [
    ModelSpec(
        name="tiny16z", seed=1601, z_channels=16, ch_mult=(1, 2),
        checkpoint_style="lightning", record_image_mode=True,
        comment="16z-like: double_z, z 16, no quant conv, no attention, no caption; "
                "ch_mult [1,2] so channel changes exercise nin_shortcut/conv3_tmp",
    ),
    ModelSpec(
        name="tiny4z", seed=401, z_channels=4, ch_mult=(1, 1),
        use_quant_conv=True, embed_dim=4, checkpoint_style="state_dict",
        comment="4z-like: quant/post-quant convs, embed_dim 4, z 4",
    ),
    ModelSpec(
        name="tinytext", seed=7001, z_channels=4, ch_mult=(1, 1),
        attn_resolutions=(8, 16), attn_temporal_factor=(2, 4),
        use_quant_conv=True, embed_dim=4, write_embed_dim=False, caption_guide=True,
        checkpoint_style="prefixed", pool_text_projections=True,
        comment="text-guided (4z_cap-like): cross-attention at every level (encoder "
                "patches 8,4; decoder 1,2) and in the temporal encoder/decoder; "
                "embed_dim omitted from config.yaml as upstream's config_4z_cap.yaml",
    ),
]

RESOLUTION = 16  # ddconfig.resolution: only decides which levels carry cross-attention


# ----------------------------------------------------------------------------------------
# Upstream import with stand-ins for modules inference never touches


def import_upstream(upstream: Path):
    import torch
    import torch.nn as nn

    if not (upstream / "src" / "models" / "autoencoder2plus1d_1dcnn.py").is_file():
        sys.exit(f"error: {upstream} is not a VideoVAEPlus checkout "
                 "(src/models/autoencoder2plus1d_1dcnn.py missing); set VVAE_UPSTREAM or --upstream")
    sys.path.insert(0, str(upstream))

    # utils/common_utils.py imports cv2 for video I/O only.
    sys.modules.setdefault("cv2", types.ModuleType("cv2"))

    # The T5 wrapper pulls in transformers/ftfy/bs4; inference gets embeddings from outside.
    t5 = types.ModuleType("src.modules.t5")

    class T5Embedder:  # noqa: D401 - stand-in
        def __init__(self, *args, **kwargs):
            raise RuntimeError("T5Embedder stand-in: text embeddings are given to the model directly")

    t5.T5Embedder = T5Embedder
    sys.modules["src.modules.t5"] = t5

    # The training loss (LPIPS + discriminator, needs taming). Only its state matters
    # here: upstream checkpoints carry `loss.*` keys, so the stand-in owns `logvar`.
    losses = types.ModuleType("src.modules.losses")

    class LPIPSWithDiscriminator3D(nn.Module):
        def __init__(self, logvar_init=0.0, **kwargs):
            super().__init__()
            self.logvar = nn.Parameter(torch.ones(size=()) * logvar_init)

    losses.LPIPSWithDiscriminator3D = LPIPSWithDiscriminator3D
    sys.modules["src.modules.losses"] = losses

    from src.models.autoencoder2plus1d_1dcnn import AutoencoderKL2plus1D_1dcnn
    from src.distributions import DiagonalGaussianDistribution

    return AutoencoderKL2plus1D_1dcnn, DiagonalGaussianDistribution


def upstream_fingerprint(upstream: Path) -> str:
    """SHA-256 over the upstream sources the fixtures depend on (the checkout may not be a git repo)."""
    digest = hashlib.sha256()
    files = sorted((upstream / "src").rglob("*.py")) + [upstream / "utils" / "common_utils.py"]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(upstream)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


# ----------------------------------------------------------------------------------------
# Config


def model_params(spec: ModelSpec, for_yaml: bool) -> OrderedDict:
    """`model.params` in the upstream schema (configs/inference/*.yaml)."""
    ddconfig = OrderedDict(
        double_z=True, z_channels=spec.z_channels, resolution=RESOLUTION, in_channels=3, out_ch=3,
        ch=32, ch_mult=list(spec.ch_mult), temporal_down_factor=1, num_res_blocks=1,
        attn_resolutions=list(spec.attn_resolutions), dropout=0.0,
    )
    ppconfig = OrderedDict(
        temporal_scale_factor=4, z_channels=spec.temporal_channels, out_ch=spec.temporal_channels,
        ch=spec.temporal_channels, attn_temporal_factor=list(spec.attn_temporal_factor),
        hidden_channel=spec.hidden_channel,
    )
    params = OrderedDict()
    params["monitor"] = "val/rec_loss"
    if spec.use_quant_conv and (spec.write_embed_dim or not for_yaml):
        params["embed_dim"] = spec.embed_dim
    params["video_key"] = "video"
    params["image_key"] = "video"
    params["input_dim"] = 5
    params["ignore_keys_3d"] = ["loss"]
    params["img_video_joint_train"] = False
    params["caption_guide"] = spec.caption_guide
    params["use_quant_conv"] = spec.use_quant_conv
    if spec.caption_guide:
        params["t5_model_max_length"] = 100
    params["lossconfig"] = OrderedDict(
        target=LOSS_CONFIG_TARGET,
        params=OrderedDict(disc_start=50001, kl_weight=0, disc_weight=0.5),
    )
    params["ddconfig"] = ddconfig
    params["ppconfig"] = ppconfig
    return params


def yaml_scalar(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_scalar(v) for v in value) + "]"
    if isinstance(value, str):
        return f'"{value}"' if ("/" in value or ":" in value) else value
    return str(value)


def yaml_lines(mapping: OrderedDict, indent: int) -> list:
    lines = []
    for key, value in mapping.items():
        pad = "  " * indent
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(yaml_lines(value, indent + 1))
        else:
            lines.append(f"{pad}{key}: {yaml_scalar(value)}")
    return lines


def config_yaml(spec: ModelSpec) -> str:
    header = [
        f"# vvae fixture model `{spec.name}` ({spec.comment}).",
        "# Written by Fixtures/generators/make_golden.py in the upstream VideoVAE+ config schema.",
    ]
    if spec.use_quant_conv and not spec.write_embed_dim:
        header.append("# embed_dim is deliberately absent: a converter must infer it from quant_conv's shape.")
    model = OrderedDict(
        base_learning_rate=1.0e-4, scale_lr=False,
        target="src.models.autoencoder2plus1d_1dcnn.AutoencoderKL2plus1D_1dcnn",
        params=model_params(spec, for_yaml=True),
    )
    return "\n".join(header + yaml_lines(OrderedDict(model=model), 0)) + "\n"


# ----------------------------------------------------------------------------------------
# Weights


def randomise(model, seed: int):
    """Re-draw every parameter from a seeded normal, scaled so activations stay O(1).

    Upstream zero-initialises several layers (TemporalConvLayer convs, temporal
    attention qkv/proj_out); with zeros those layers would be untested.
    """
    import torch

    gen = torch.Generator().manual_seed(seed)
    modules = dict(model.named_modules())
    with torch.no_grad():
        for name, param in model.named_parameters():
            owner_name, _, leaf = name.rpartition(".")
            owner = modules[owner_name]
            kind = type(owner).__name__
            noise = torch.randn(param.shape, generator=gen, dtype=torch.float64)
            if kind in ("GroupNorm", "LayerNorm", "GroupNormSpecific"):
                value = (1.0 + 0.2 * noise) if leaf == "weight" else 0.2 * noise
            elif kind == "RelativePosition":
                value = 0.5 * noise
            elif name.startswith("loss."):
                value = torch.zeros_like(noise)  # upstream's logvar_init
            elif leaf == "bias":
                value = 0.1 * noise
            else:
                if kind == "ConvTranspose3d":  # weight [in, out, k...]; stride 2 in T halves the taps
                    fan_in = param.shape[0] * math.prod(param.shape[2:]) / 2
                else:
                    fan_in = math.prod(param.shape[1:])
                gain = 1.0
                # Residual branches: keep the sums from growing with depth.
                if ("_tmp" in name or "attn" in name or name.endswith("conv2.weight")
                        or "conv2.conv" in name or "to_out" in name):
                    gain = 0.6
                value = gain * noise / math.sqrt(fan_in)
            param.copy_(value.to(param.dtype))


POOL_MIN_ELEMENTS = 65536


def pool_text_projections(model, seed: int):
    """Make the large cross-attention projections windows of one shared random pool.

    Every cross-attention layer has 1024->512 to_k/to_v matrices (fixed by the
    architecture, not the config): 24 of them would make the text checkpoint ~70 MB.
    Each Linear weight of a cross-attention layer with at least POOL_MIN_ELEMENTS
    elements becomes a distinct window (its own offset) of one random storage;
    the checkpoint stores that storage once and the state dict holds views into it,
    so the file also exercises shared storages and non-zero storage offsets.
    Returns (pool, {key: (offset, shape)}).
    """
    import torch
    chosen = []
    for name, module in model.named_modules():
        if type(module).__name__ not in ("CrossAttention", "SpatialCrossAttention"):
            continue
        for sub_name, sub in module.named_modules():
            if isinstance(sub, torch.nn.Linear) and sub.weight.numel() >= POOL_MIN_ELEMENTS:
                chosen.append((f"{name}.{sub_name}.weight", sub.weight))
    if not chosen:
        return None, {}
    largest = max(p.numel() for _, p in chosen)
    pool_size = largest + largest // 2
    gen = torch.Generator().manual_seed(seed + 17)
    pool = (torch.randn(pool_size, generator=gen, dtype=torch.float64) / math.sqrt(1024)).float()
    layout, used = OrderedDict(), set()
    with torch.no_grad():
        for index, (key, param) in enumerate(chosen):
            span = pool_size - param.numel() + 1
            offset = (index * 37813 + 1) % span
            while (offset, param.numel()) in used:
                offset = (offset + 1) % span
            used.add((offset, param.numel()))
            param.copy_(pool[offset:offset + param.numel()].view(param.shape))
            layout[key] = (offset, tuple(param.shape))
    return pool, layout


# ----------------------------------------------------------------------------------------
# HDF5 writing


class H5Writer:
    """Writes float32/float64 datasets; identical tensors become hard links to the first copy."""

    def __init__(self, h5file, dtype):
        self.file = h5file
        self.dtype = dtype
        self.seen = {}
        self.bytes_written = 0

    def tensor(self, path: str, tensor):
        array = np.ascontiguousarray(tensor.detach().cpu().numpy().astype(self.dtype))
        key = (array.shape, hashlib.sha256(array.tobytes()).hexdigest())
        if key in self.seen:
            self.file[path] = self.file[self.seen[key]]  # hard link
            return
        kwargs = {}
        if array.size >= 1024:
            kwargs = dict(compression="gzip", compression_opts=6, shuffle=True,
                          chunks=array.shape)
        self.file.create_dataset(path, data=array, track_times=False, **kwargs)
        self.seen[key] = path
        self.bytes_written += array.nbytes


def set_attrs(obj, attrs: dict):
    for key, value in attrs.items():
        obj.attrs[key] = str(value) if isinstance(value, str) else value


# ----------------------------------------------------------------------------------------
# Recording module calls


class CallRecorder:
    """Forward hooks on every submodule; keeps (name, call index, inputs, kwargs, output)."""

    def __init__(self, model):
        self.model = model
        self.calls = []  # dicts in call-start order
        self.counts = {}
        self.handles = []
        self.stack = []

    def __enter__(self):
        for name, module in self.model.named_modules():
            if name == "":
                continue  # the root's call is the whole pipeline, recorded under /encode, /decode
            self.handles.append(module.register_forward_pre_hook(self._pre(name), with_kwargs=True))
            self.handles.append(module.register_forward_hook(self._post(name), with_kwargs=True))
        return self

    def __exit__(self, *exc):
        for handle in self.handles:
            handle.remove()

    def _pre(self, name):
        def hook(module, args, kwargs):
            k = self.counts.get(name, 0)
            self.counts[name] = k + 1
            record = dict(name=name, call=k, order=len(self.calls), type=type(module).__name__,
                          args=[_snapshot(a) for a in args],
                          kwargs={key: _snapshot(v) for key, v in kwargs.items()})
            self.calls.append(record)
            self.stack.append(record)
        return hook

    def _post(self, name):
        def hook(module, args, kwargs, output):
            record = self.stack.pop()
            assert record["name"] == name
            record["output"] = _snapshot(output)
        return hook


def _snapshot(value):
    import torch
    if isinstance(value, torch.Tensor):
        return value.detach().clone()
    if isinstance(value, (tuple, list)):
        return type(value)(_snapshot(v) for v in value)
    return value


def write_calls(writer: H5Writer, recorder: CallRecorder, model):
    import torch
    root = writer.file.require_group("modules")
    modules = dict(model.named_modules())
    for record in recorder.calls:
        name = record["name"]
        group = root.require_group(name)
        if "type" not in group.attrs:
            module = modules[name]
            set_attrs(group, {"type": record["type"], "extra_repr": module.extra_repr(),
                              "calls": recorder.counts[name]})
        call = group.create_group(f"call{record['call']}", track_order=True)
        call.attrs["order"] = record["order"]
        for i, arg in enumerate(record["args"]):
            write_value(writer, call, f"input{i}", arg, nested="{}_{}")
        for key, value in record["kwargs"].items():
            write_value(writer, call, key, value)
        write_value(writer, call, "output", record["output"])
    called = set(recorder.counts)
    uncalled = [n for n in modules if n and n not in called]
    writer.file.attrs["uncalled_modules"] = "\n".join(uncalled)
    writer.file.attrs["module_calls"] = len(recorder.calls)
    writer.file.attrs["call_order"] = "\n".join(f"{r['name']}/call{r['call']}" for r in recorder.calls)


def write_value(writer: H5Writer, call, label: str, value, nested: str = "{}{}"):
    """A tensor becomes dataset `label`; a tuple/list element j becomes `nested.format(label, j)`
    (output0, output1, rp0, rp1; positional tuples input<i>_<j>); a DiagonalGaussianDistribution
    becomes a group `label` with `parameters`, `mean`, `logvar`; anything else (None, bools,
    ints) becomes a string attribute `label` holding its Python repr."""
    import torch
    if isinstance(value, torch.Tensor):
        writer.tensor(f"{call.name}/{label}", value)
    elif isinstance(value, (tuple, list)):
        for j, item in enumerate(value):
            write_value(writer, call, nested.format(label, j), item, nested)
    elif hasattr(value, "parameters") and hasattr(value, "mean") and hasattr(value, "logvar"):
        writer.tensor(f"{call.name}/{label}/parameters", value.parameters)
        writer.tensor(f"{call.name}/{label}/mean", value.mean)
        writer.tensor(f"{call.name}/{label}/logvar", value.logvar)
    else:
        text = repr(value)
        if len(text) > 200:
            raise RuntimeError(f"{call.name}: unexpected non-tensor value for {label}: {text[:80]}...")
        call.attrs[label] = text


# ----------------------------------------------------------------------------------------
# Runs


@contextlib.contextmanager
def keep_float64():
    """Upstream's temporal attention casts through `.float()` (GroupNormSpecific's input,
    QKVAttention's softmax); in the float64 reference run make `.float()` a no-op on
    float64 tensors so the run is float64 end to end (without it the run fails with a
    dtype mismatch in GroupNormSpecific)."""
    import torch
    original = torch.Tensor.float

    def keep_double(self, *args, **kwargs):
        if self.dtype == torch.float64:
            return self
        return original(self, *args, **kwargs)

    torch.Tensor.float = keep_double
    try:
        yield
    finally:
        torch.Tensor.float = original


def make_inputs(spec: ModelSpec, gen_seed: int):
    import torch
    gen = torch.Generator().manual_seed(gen_seed)
    clip = torch.rand((1, 3, CLIP_T, spec.size, spec.size), generator=gen, dtype=torch.float64) * 2 - 1
    image = torch.rand((IMAGE_BATCH, 3, 1, spec.size, spec.size), generator=gen, dtype=torch.float64) * 2 - 1
    text = mask = None
    if spec.caption_guide:
        text = torch.randn((1, TEXT_TOKENS, 1024), generator=gen, dtype=torch.float64) * 0.5
        mask = torch.tensor([TEXT_MASK], dtype=torch.float64)
    return clip.float(), image.float(), text.float() if text is not None else None, \
        mask.float() if mask is not None else None


def pipeline(model, x, text, mask, mask_temporal=False):
    """Upstream encode/decode (mode), step by step, so the intermediate stages are visible."""
    out = OrderedDict()
    posterior = model.encode_2plus1d(x, text, mask, mask_temporal=mask_temporal)
    out["encode/moments_2plus1d"] = posterior.parameters
    z = posterior.mode()
    out["encode/z_2plus1d"] = z
    if not mask_temporal:
        posterior_t = model.encode_temporal(z, text, mask)
        out["encode/moments_temporal"] = posterior_t.parameters
        z = posterior_t.mode()
    out["encode/latent"] = z
    if not mask_temporal:
        z = model.decode_temporal(z, text, mask)
        out["decode/temporal_out"] = z
    out["decode/output"] = model.decode_2plus1d(z, text, mask, mask_temporal=mask_temporal)
    return out


def sample_path(model, x, text, mask, seed: int):
    """encode(sample_posterior=True) with recorded noise: two draws, 2+1D then temporal."""
    import torch
    gen = torch.Generator().manual_seed(seed)
    out = OrderedDict()
    posterior = model.encode_2plus1d(x, text, mask)
    noise1 = torch.randn(posterior.mean.shape, generator=gen, dtype=torch.float32)
    z1 = posterior.sample(noise1)
    out["sample/noise_2plus1d"] = noise1
    out["sample/z_2plus1d"] = z1
    posterior_t = model.encode_temporal(z1, text, mask)
    out["sample/moments_temporal"] = posterior_t.parameters
    noise = torch.randn(posterior_t.mean.shape, generator=gen, dtype=torch.float32)
    out["sample/noise"] = noise
    out["sample/z"] = posterior_t.sample(noise)
    return out


def run_attrs(spec, x, fingerprint, extra):
    import torch
    import h5py
    attrs = {
        "generator": "Fixtures/generators/make_golden.py",
        "generator_version": GENERATOR_VERSION,
        "model": spec.name,
        "weights_seed": spec.seed,
        "input_seed": spec.seed + 1,
        "sample_seed": spec.seed + 2,
        "input_shape": np.array(x.shape, dtype=np.int64),
        "torch_version": torch.__version__,
        "numpy_version": np.__version__,
        "h5py_version": h5py.__version__,
        "torch_threads": torch.get_num_threads(),
        "upstream_sources_sha256": fingerprint,
        "text_mask_rule": "token j is attended iff mask[j] > 0.5",
    }
    attrs.update(extra)
    return attrs


def record_forward(path: Path, spec, model, x, text, mask, mask_temporal, fingerprint, extra):
    import h5py
    import torch
    with torch.no_grad():
        with CallRecorder(model) as recorder:
            dec, _ = model(x, text, mask, sample_posterior=False, mask_temporal=mask_temporal)
        stages = pipeline(model, x, text, mask, mask_temporal)
    if not torch.equal(dec, stages["decode/output"]):
        raise RuntimeError(f"{spec.name}: forward() and the staged pipeline disagree")
    with h5py.File(path, "w", track_order=True, libver=("v108", "v110")) as f:
        set_attrs(f, run_attrs(spec, x, fingerprint, extra))
        f.attrs["mask_temporal"] = int(mask_temporal)
        writer = H5Writer(f, np.float32)
        writer.tensor("input", x)
        if text is not None:
            writer.tensor("text_embeddings", text)
            writer.tensor("text_mask", mask)
        for key, value in stages.items():
            writer.tensor(key, value)
        if not mask_temporal:
            with torch.no_grad():
                for key, value in sample_path(model, x, text, mask, spec.seed + 2).items():
                    writer.tensor(key, value)
        write_calls(writer, recorder, model)
    return stages


def record_float64(path: Path, spec, model, x, text, mask, fingerprint, stages32):
    import copy
    import h5py
    import torch
    model64 = copy.deepcopy(model).double()
    x64 = x.double()
    text64 = text.double() if text is not None else None
    mask64 = mask.double() if mask is not None else None
    with torch.no_grad(), keep_float64():
        stages = pipeline(model64, x64, text64, mask64)
    with h5py.File(path, "w", track_order=True, libver=("v108", "v110")) as f:
        set_attrs(f, run_attrs(spec, x, fingerprint, {
            "dtype": "float64",
            "note": "same weights and input as golden.h5, computed in float64 "
                    "(upstream's `.float()` casts in the temporal attention kept float64 for this run)",
        }))
        writer = H5Writer(f, np.float64)
        writer.tensor("input", x64)
        for key, value in stages.items():
            if value.dtype != torch.float64:
                raise RuntimeError(f"{spec.name}: {key} is {value.dtype} in the float64 run")
            writer.tensor(key, value)
            # How far PyTorch's own float32 run (golden.h5) lies from this one.
            diff = (stages32[key].double() - value).abs()
            f[key].attrs["torch_float32_max_abs_error"] = float(diff.max())
            f[key].attrs["torch_float32_max_rel_error"] = float((diff / value.abs().clamp_min(1e-3)).max())


# ----------------------------------------------------------------------------------------
# Checkpoints


def state_dict_float32(model):
    import torch
    sd = OrderedDict()
    for key, value in model.state_dict().items():
        assert value.dtype == torch.float32, key
        sd[key] = value.detach().clone().contiguous()
    return sd


def save_checkpoint(path: Path, spec, model, params, pool=None, layout=None):
    import torch
    if spec.checkpoint_style == "lightning":
        save_lightning_checkpoint(path, model, params)
    elif spec.checkpoint_style == "state_dict":
        torch.save({"state_dict": state_dict_float32(model)}, path)
    elif spec.checkpoint_style == "prefixed":
        sd = state_dict_float32(model)
        for key, (offset, shape) in (layout or {}).items():
            window = pool[offset:offset + math.prod(shape)].view(shape)
            assert torch.equal(window, sd[key]), key
            sd[key] = window  # a view into the shared pool storage
        torch.save(OrderedDict(("first_stage_model." + k, v) for k, v in sd.items()), path)
    else:
        raise ValueError(spec.checkpoint_style)


def save_lightning_checkpoint(path: Path, model, params):
    """A checkpoint written by Lightning's own Trainer.save_checkpoint (no training run)."""
    import logging
    import warnings
    import pytorch_lightning as pl

    logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
    logging.getLogger("lightning_fabric").setLevel(logging.ERROR)
    model.save_hyperparameters(plain(params))
    with tempfile.TemporaryDirectory() as root, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        trainer = pl.Trainer(accelerator="cpu", devices=1, logger=False, enable_checkpointing=False,
                             enable_progress_bar=False, enable_model_summary=False,
                             default_root_dir=root, max_epochs=1)
        trainer.strategy.connect(model)
        trainer.save_checkpoint(str(path))


def plain(value):
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


# ----------------------------------------------------------------------------------------


def generate(spec: ModelSpec, out_dir: Path, upstream: Path):
    import torch
    Model, _ = import_upstream(upstream)
    fingerprint = upstream_fingerprint(upstream)
    torch.manual_seed(spec.seed)
    params = model_params(spec, for_yaml=False)
    model = Model(**params)
    randomise(model, spec.seed)
    pool, layout = pool_text_projections(model, spec.seed) if spec.pool_text_projections else (None, {})
    model.eval()

    model_dir = out_dir / spec.name
    model_dir.mkdir(parents=True, exist_ok=True)
    (model_dir / "config.yaml").write_text(config_yaml(spec))
    check_config_yaml(model_dir / "config.yaml", spec)

    x, image, text, mask = make_inputs(spec, spec.seed + 1)
    extra = {"dtype": "float32", "checkpoint": f"{spec.name}.ckpt"}
    stages = record_forward(model_dir / "golden.h5", spec, model, x, text, mask, False, fingerprint, extra)
    record_float64(model_dir / "golden_f64.h5", spec, model, x, text, mask, fingerprint, stages)
    if spec.record_image_mode:
        record_forward(model_dir / "golden_image.h5", spec, model, image, text, mask, True,
                       fingerprint, dict(extra, note="image mode: batch of T=1 clips, mask_temporal=True"))
    save_checkpoint(model_dir / f"{spec.name}.ckpt", spec, model, params, pool, layout)
    verify_checkpoint(model_dir / f"{spec.name}.ckpt", Model, spec, x, text, mask, stages)


def check_config_yaml(path: Path, spec):
    """The hand-written YAML must parse back to exactly the parameters used for construction."""
    import json
    import yaml
    parsed = yaml.safe_load(path.read_text())["model"]["params"]
    expected = json.loads(json.dumps(model_params(spec, for_yaml=True)))
    if parsed != expected:
        raise RuntimeError(f"{path}: YAML does not round-trip: {parsed} != {expected}")


def verify_checkpoint(path: Path, Model, spec, x, text, mask, stages):
    """Load the written checkpoint the way upstream does (state_dict, strip wrapper prefix,
    drop `loss`) into a fresh model and require bit-identical outputs."""
    import torch
    loaded = torch.load(path, map_location="cpu", weights_only=False)
    sd = loaded.get("state_dict", loaded)
    sd = {k.removeprefix("first_stage_model."): v for k, v in sd.items()}
    sd = {k: v for k, v in sd.items() if not k.startswith("loss.")}
    fresh = Model(**model_params(spec, for_yaml=False))
    missing, unexpected = fresh.load_state_dict(sd, strict=False)
    missing = [k for k in missing if not k.startswith("loss.")]
    if missing or unexpected:
        raise RuntimeError(f"{path}: missing {missing}, unexpected {unexpected}")
    fresh.eval()
    with torch.no_grad():
        again = pipeline(fresh, x, text, mask)
    for key, value in stages.items():
        if not torch.equal(value, again[key]):
            raise RuntimeError(f"{path}: reloaded model differs at {key}")


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", type=Path,
                        default=Path(os.environ.get("VVAE_UPSTREAM", HERE.parents[2] / "upstream")),
                        help="VideoVAEPlus checkout (default $VVAE_UPSTREAM, else ../upstream next to the repo)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--models", default=",".join(s.name for s in SPECS))
    parser.add_argument("--check", action="store_true",
                        help="also regenerate into a temporary folder and require identical bytes")
    args = parser.parse_args()

    import torch
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    wanted = args.models.split(",")
    specs = [s for s in SPECS if s.name in wanted]
    unknown = set(wanted) - {s.name for s in SPECS}
    if unknown:
        sys.exit(f"error: unknown model(s) {sorted(unknown)}; known: {[s.name for s in SPECS]}")

    for spec in specs:
        generate(spec, args.out, args.upstream)
        print(f"{spec.name}: {dir_size(args.out / spec.name) / 1e6:.2f} MB in {args.out / spec.name}")

    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            for spec in specs:
                generate(spec, Path(tmp), args.upstream)
                for file in sorted((args.out / spec.name).iterdir()):
                    twin = Path(tmp) / spec.name / file.name
                    same = filecmp.cmp(file, twin, shallow=False)
                    print(f"  determinism {spec.name}/{file.name}: {'identical' if same else 'DIFFERENT'}")
                    if not same:
                        sys.exit(1)


if __name__ == "__main__":
    main()
