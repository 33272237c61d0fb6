"""Writes the checkpoint `vvae bench convert` converts: a Lightning-style `torch.save` file of a full-size model.

Random weights (seeded normal, float32) with the keys and shapes of a recorded state-dict manifest
(Fixtures/manifests/*.manifest.tsv), inside the dict a Lightning 1.9 `ModelCheckpoint` writes (`epoch`,
`global_step`, `pytorch-lightning_version`, `state_dict`, `loops`, `callbacks`, `optimizer_states`,
`lr_schedulers`), plus the training-only `loss.logvar` upstream's checkpoints carry. Dev-only: needs torch.

    python Fixtures/bench/make_convert_checkpoint.py --manifest Fixtures/manifests/config_16z.manifest.tsv \
        --output /tmp/vvae-bench/full16z-lightning.ckpt
"""
import argparse
import csv

import torch


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--legacy", action="store_true", help="the pre-1.6 container instead of zip")
    args = parser.parse_args()

    generator = torch.Generator().manual_seed(args.seed)
    state = {}
    with open(args.manifest) as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            shape = [int(n) for n in row["shape"].split("x")] if row["shape"] else []
            dtype = getattr(torch, row["dtype"])
            state[row["key"]] = torch.randn(shape, generator=generator, dtype=torch.float32).to(dtype)
    state["loss.logvar"] = torch.zeros([])
    checkpoint = {
        "epoch": 12,
        "global_step": 34000,
        "pytorch-lightning_version": "1.9.4",
        "state_dict": state,
        "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"current": {"completed": 12}}}},
        "callbacks": {"ModelCheckpoint{'monitor': None}": {"best_model_path": ""}},
        "optimizer_states": [],
        "lr_schedulers": [],
    }
    torch.save(checkpoint, args.output, _use_new_zipfile_serialization=not args.legacy)
    count = sum(t.numel() for t in state.values())
    print(f"wrote {args.output}: {len(state)} tensors, {count} parameters")


if __name__ == "__main__":
    main()
