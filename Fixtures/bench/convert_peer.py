"""The Python peer of `vvae bench convert`: what a user would write instead of vvae-convert.

`torch.load(mmap=True)` of a checkpoint, then one h5py dataset per state-dict tensor (key `a.b.c` → `/a/b/c`, as
vvae's weight files name them), float32. No hashing, no config check: the five lines vvae-convert replaces, so the
comparison flatters the peer. Dev-only: needs torch and h5py.

    python Fixtures/bench/convert_peer.py CHECKPOINT OUTPUT.h5
"""
import sys

import h5py
import torch


def main():
    source, output = sys.argv[1], sys.argv[2]
    checkpoint = torch.load(source, map_location="cpu", mmap=True, weights_only=True)
    state = checkpoint.get("state_dict", checkpoint)
    with h5py.File(output, "w") as handle:
        for key, tensor in state.items():
            if key.startswith("loss."):
                continue
            handle.create_dataset("/" + key.replace(".", "/"), data=tensor.to(torch.float32).numpy())


if __name__ == "__main__":
    main()
