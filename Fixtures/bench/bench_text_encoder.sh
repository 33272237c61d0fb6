#!/usr/bin/env bash
# Paired, alternating whole-process runs of `vvae embed-text` and transformers (t5_peer.py) on one caption:
# wall time and peak RSS from GNU time, the same threads, ROUNDS rounds each. Dev-only (needs the venv).
#   Fixtures/bench/bench_text_encoder.sh HF_FOLDER T5.h5 CAPTION.txt [ROUNDS=3] [THREADS=2]
# HF_FOLDER is the Hugging Face folder T5.h5 was converted from (vvae-convert HF_FOLDER T5.h5).
set -euo pipefail
folder=$1 weights=$2 caption=$3 rounds=${4:-3} threads=${5:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
vvae=${VVAE:-$root/.build/release/vvae}
python=${PYTHON:-$root/.venv-ref/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
  /usr/bin/time -f "vvae round $round: %e s, peak %M KiB" "$vvae" embed-text --text-encoder "$weights" \
    --caption-file "$caption" --max-length 100 --no-clean --threads "$threads" -o "$work/ours.npy" --force >/dev/null
  /usr/bin/time -f "transformers round $round: %e s, peak %M KiB" "$python" "$root/Fixtures/bench/t5_peer.py" \
    --model "$folder" --caption-file "$caption" --max-length 100 --threads "$threads" --output "$work/peer.npy" >/dev/null
done
"$python" - "$work/ours.npy" "$work/peer.npy" <<'PY'
import sys, numpy as np
a, b = np.load(sys.argv[1]), np.load(sys.argv[2])
print(f"max |vvae - transformers| = {abs(a.astype(np.float64) - b).max():.3g} (max |x| {abs(b).max():.3g})")
PY
