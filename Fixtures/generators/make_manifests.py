#!/usr/bin/env python3
"""Records the state-dict manifest (key, dtype, shape) that the original VideoVAE+ code builds for each config.

Dev-only: instantiates the upstream model class from a checkout of the original repository (imported at run time,
never copied), with small stand-ins for the modules inference never touches (cv2, the T5 wrapper, the training
losses, pytorch_lightning). No checkpoint is loaded: `ckpt_path` and friends are dropped before construction.

Usage: make_manifests.py [--upstream PATH] [--repo PATH]
  --upstream  checkout of VideoVerses/VideoVAEPlus (default: $VVAE_UPSTREAM or ../upstream next to the repo)
  --repo      this repository's root (default: two folders above this file)

Writes Fixtures/manifests/<name>.manifest.tsv for every config it is given, and Fixtures/manifests/index.tsv
listing which config file (and which embed_dim, when the config leaves it out) each manifest was recorded from.
"""
import argparse
import os
import sys
import types

import torch.nn as nn
import yaml

# (manifest name, config path relative to the repository root, embed_dim supplied when the config omits it)
# config_4z_text omits embed_dim exactly as upstream's config_4z_cap does; the released sota-4-4z-text checkpoint's
# quant_conv.weight is 8x8x1x1x1, i.e. embed_dim 4, so that is what the generator supplies for it.
CONFIGS = [
    ("config_16z", "Configs/config_16z.yaml", None),
    ("config_4z", "Configs/config_4z.yaml", None),
    ("config_16z_text", "Configs/config_16z_text.yaml", None),
    ("config_4z_text", "Configs/config_4z_text.yaml", 4),
    ("two_level", "Fixtures/manifests/configs/two_level.yaml", None),
    ("two_level_text", "Fixtures/manifests/configs/two_level_text.yaml", None),
    ("three_level_odd_resolution", "Fixtures/manifests/configs/three_level_odd_resolution.yaml", None),
    ("five_level_colorize", "Fixtures/manifests/configs/five_level_colorize.yaml", None),
]

# Constructor arguments that would make upstream read files; the manifest never needs them.
FILE_LOADING_PARAMS = ("ckpt_path", "ckpt_path_2d", "ckpt_path_4temporal")


def install_stand_ins():
    """Inject tiny modules for imports that only training or captioning needs."""
    cv2 = types.ModuleType("cv2")
    sys.modules["cv2"] = cv2

    t5 = types.ModuleType("src.modules.t5")

    class T5Embedder:  # only constructed lazily when captions are embedded, never here
        def __init__(self, *args, **kwargs):
            raise RuntimeError("T5 stand-in: not available while recording manifests")

    t5.T5Embedder = T5Embedder
    sys.modules["src.modules.t5"] = t5

    pl = types.ModuleType("pytorch_lightning")
    pl.LightningModule = nn.Module  # the Lightning base adds no parameters
    sys.modules["pytorch_lightning"] = pl

    losses = types.ModuleType("vvae_stand_in_losses")

    class NoLoss(nn.Module):
        def __init__(self, **kwargs):
            super().__init__()

    losses.NoLoss = NoLoss
    sys.modules["vvae_stand_in_losses"] = losses


def build_model(config_path, embed_dim_override):
    with open(config_path) as f:
        config = yaml.safe_load(f)
    model_config = config["model"]
    params = dict(model_config.get("params", {}))
    for key in FILE_LOADING_PARAMS:
        params.pop(key, None)
    params["lossconfig"] = {"target": "vvae_stand_in_losses.NoLoss"}
    if embed_dim_override is not None and "embed_dim" not in params:
        params["embed_dim"] = embed_dim_override

    module_name, class_name = model_config["target"].rsplit(".", 1)
    module = __import__(module_name, fromlist=[class_name])
    return getattr(module, class_name)(**params)


def manifest_lines(model):
    lines = ["key\tdtype\tshape"]
    for key, tensor in model.state_dict().items():
        dtype = str(tensor.dtype).replace("torch.", "")
        shape = "x".join(str(d) for d in tensor.shape)
        lines.append(f"{key}\t{dtype}\t{shape}")
    return lines


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_repo = os.path.abspath(os.path.join(here, "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", default=default_repo)
    parser.add_argument("--upstream", default=os.environ.get("VVAE_UPSTREAM"))
    args = parser.parse_args()
    upstream = args.upstream or os.path.abspath(os.path.join(args.repo, "..", "upstream"))
    if not os.path.isdir(os.path.join(upstream, "src", "models")):
        sys.exit(f"upstream checkout not found at {upstream} (use --upstream or $VVAE_UPSTREAM)")

    sys.path.insert(0, upstream)
    install_stand_ins()

    out_dir = os.path.join(args.repo, "Fixtures", "manifests")
    os.makedirs(out_dir, exist_ok=True)
    index = ["manifest\tconfig\tembed_dim_supplied"]
    for name, relative_config, embed_dim in CONFIGS:
        model = build_model(os.path.join(args.repo, relative_config), embed_dim)
        lines = manifest_lines(model)
        with open(os.path.join(out_dir, f"{name}.manifest.tsv"), "w") as f:
            f.write("\n".join(lines) + "\n")
        index.append(f"{name}.manifest.tsv\t{relative_config}\t{'' if embed_dim is None else embed_dim}")
        print(f"{name}: {len(lines) - 1} tensors")
    with open(os.path.join(out_dir, "index.tsv"), "w") as f:
        f.write("\n".join(index) + "\n")


if __name__ == "__main__":
    main()
