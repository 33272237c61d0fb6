#!/usr/bin/env bash
# Throughput of `vvae encode-batch` on one machine (Docs/BATCH.md): one process with --threads 2, two shards with
# --threads 1 each running at once, and one process with --threads 1, alternating in every round.
#   Fixtures/bench/batch_throughput.sh VVAE WEIGHTS.h5 [CLIPS] [FRAMES] [SIZE] [ROUNDS]
# Makes CLIPS testsrc2/mandelbrot clips of FRAMES frames at SIZE (default 8, 48, 96x72) in a temporary folder.
set -euo pipefail
vvae=$1 weights=$2 clips=${3:-8} frames=${4:-48} size=${5:-96x72} rounds=${6:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/clips"
for i in $(seq 1 "$clips"); do
    source=$([ $((i % 2)) -eq 0 ] && echo "testsrc2=size=$size:rate=24" || echo "mandelbrot=size=$size:rate=24:start_scale=$i")
    ffmpeg -v error -f lavfi -i "$source" -frames:v "$frames" -pix_fmt yuv420p -c:v libx264 -crf 12 "$work/clips/v$i.mp4"
done
total=$((clips * frames))
run() {  # mode → seconds
    rm -rf "$work/out"
    local start end
    start=$(date +%s.%N)
    case $1 in
        one-process-2-threads) "$vvae" encode-batch --weights "$weights" --list "$work/clips" --out-dir "$work/out" --threads 2 --quiet ;;
        two-shards-1-thread)
            "$vvae" encode-batch --weights "$weights" --list "$work/clips" --out-dir "$work/out" --threads 1 --quiet --shard 0/2 &
            "$vvae" encode-batch --weights "$weights" --list "$work/clips" --out-dir "$work/out" --threads 1 --quiet --shard 1/2
            wait ;;
        one-process-1-thread) "$vvae" encode-batch --weights "$weights" --list "$work/clips" --out-dir "$work/out" --threads 1 --quiet ;;
    esac
    end=$(date +%s.%N)
    echo "$end - $start" | bc
}
modes=(one-process-2-threads two-shards-1-thread one-process-1-thread)
declare -A times
for round in $(seq 1 "$rounds"); do
    for mode in "${modes[@]}"; do
        seconds=$(run "$mode")
        times[$mode]="${times[$mode]:-} $seconds"
        printf 'round %d  %-22s %6.2f s  %6.1f frames/s\n' "$round" "$mode" "$seconds" "$(echo "$total / $seconds" | bc -l)"
    done
done
echo "median over $rounds rounds, $clips clips × $frames frames at $size ($total frames):"
for mode in "${modes[@]}"; do
    median=$(echo "${times[$mode]}" | tr ' ' '\n' | sed '/^$/d' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '  %-22s %6.2f s  %6.1f frames/s\n' "$mode" "$median" "$(echo "$total / $median" | bc -l)"
done
