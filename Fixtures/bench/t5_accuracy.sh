#!/usr/bin/env bash
# vvae's T5 encoder and transformers' float32 against transformers' float64, over several captions (one random
# full-size model is chaotic enough that one caption's max error moves by ±30 % with any change of rounding).
# Dev-only.   Fixtures/bench/t5_accuracy.sh HF_FOLDER T5.h5 CAPTION.txt...
set -euo pipefail
folder=$1 weights=$2; shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
vvae=${VVAE:-$root/.build/release/vvae}
python=${PYTHON:-$root/.venv-ref/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
index=0
for caption in "$@"; do
  index=$((index + 1))
  "$vvae" embed-text --text-encoder "$weights" --caption-file "$caption" --max-length 100 --no-clean \
    -o "$work/vvae-$index.npy" --force >/dev/null
  for dtype in float32 float64; do
    "$python" "$root/Fixtures/bench/t5_peer.py" --model "$folder" --caption-file "$caption" --max-length 100 \
      --dtype "$dtype" --output "$work/torch-$dtype-$index.npy" >/dev/null 2>&1
  done
done
"$python" - "$work" "$index" <<'PY'
import sys, numpy as np
work, count = sys.argv[1], int(sys.argv[2])
rows = []
for i in range(1, count + 1):
    exact = np.load(f"{work}/torch-float64-{i}.npy")
    ours = np.load(f"{work}/vvae-{i}.npy").astype(np.float64) - exact
    torch = np.load(f"{work}/torch-float32-{i}.npy").astype(np.float64) - exact
    rows.append((abs(ours).max(), abs(torch).max(), np.sqrt((ours ** 2).mean()), np.sqrt((torch ** 2).mean())))
    print(f"caption {i}: max abs vvae {rows[-1][0]:.3g} torch {rows[-1][1]:.3g}; rms vvae {rows[-1][2]:.3g} torch {rows[-1][3]:.3g}")
a = np.array(rows)
print(f"over {count} captions: max-abs ratio {a[:, 0].sum() / a[:, 1].sum():.2f} (mean of maxima), "
      f"rms ratio {np.sqrt((a[:, 2] ** 2).sum() / (a[:, 3] ** 2).sum()):.2f}")
PY
