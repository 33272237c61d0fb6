#!/usr/bin/env bash
# Coverage-guided fuzzing of one vvae parser with libFuzzer (Docs/FUZZING.md).
#
#   Tests/Fuzz/fuzz.sh TARGET [SECONDS]   fuzz TARGET for SECONDS (default 600) or 1,000,000 runs, whichever
#                                         comes first, then merge what it learnt into Fixtures/fuzz/TARGET
#   Tests/Fuzz/fuzz.sh --list             the targets
#   Tests/Fuzz/fuzz.sh --build            only build .build-fuzz/release/vvae-fuzz
#   Tests/Fuzz/fuzz.sh --thin             cut each corpus to its smallest inputs, 2 MB (failures all kept)
#
# Crashes, hangs (> 1 s) and allocations over 512 MB are saved under .build-fuzz/artifacts/TARGET/; copy a fixed
# one into Fixtures/fuzz/TARGET/ so the corpus replay in the test suite keeps it fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=.build-fuzz
binary=$scratch/release/vvae-fuzz

build() {
    # Several fuzz.sh runs in parallel: the first builds, the others set VVAE_FUZZ_SKIP_BUILD=1.
    [ -n "${VVAE_FUZZ_SKIP_BUILD:-}" ] && [ -x "$binary" ] && return 0
    VVAE_FUZZ=1 swift build -c release --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --product vvae-fuzz >&2
}

describe() { VVAE_FUZZ_DESCRIBE=1 "$binary"; }

# The corpus kept in git: the merged inputs, smallest first, up to 2 MB per target (HDF5 inputs are ~250 KB each,
# and a merge can keep dozens), plus every crash-*, timeout-* and oom-* input whatever its size.
thin() {
    local corpus=$1 budget=$((2 << 20)) total=0
    while read -r size file; do
        if [ $((total + size)) -le $budget ]; then total=$((total + size)); else rm -f "$file"; fi
    done < <(find "$corpus" -maxdepth 1 -type f ! -name 'crash-*' ! -name 'timeout-*' ! -name 'oom-*' -printf '%s %p\n' | sort -n)
}

case "${1:-}" in
    ""|-h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --build) build; exit 0 ;;
    --list) build; describe; exit 0 ;;
    --thin) for corpus in Fixtures/fuzz/*/; do thin "${corpus%/}"; done; exit 0 ;;
esac

target=$1
seconds=${2:-600}
build
line=$(describe | awk -v t="$target" '$1 == t')
if [ -z "$line" ]; then
    echo "fuzz.sh: no target named '$target'; the targets are:" >&2
    describe | awk '{print "  " $1}' >&2
    exit 64
fi
max_len=$(echo "$line" | awk '{print $2}')
corpus=Fixtures/fuzz/$target
work=$scratch/corpus/$target
artifacts=$scratch/artifacts/$target
mkdir -p "$corpus" "$work" "$artifacts"

export VVAE_FUZZ_TARGET=$target
# Swift's backtracer would spend half a minute symbolising each crash; libFuzzer prints its own stack.
export SWIFT_BACKTRACE=enable=no
# The Swift runtime keeps metadata caches for the life of the process; they are not leaks. Symbolising is left to
# the replay of each artifact below: the HDF5 structure check's child processes run into AddressSanitizer reports
# on purpose, and symbolising each of them would cost more than the run. AddressSanitizer's quarantine of freed
# memory (256 MB by default) would count against the 512 MB limit, which is for what one input makes us allocate;
# 16 MB still catches a use after free of any recent block. libFuzzer's -malloc_limit_mb (the same 512 MB) catches
# a single oversized allocation at once.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:symbolize=0:quarantine_size_mb=16}

# The run starts from the corpus less its timeout-* inputs, which the test suite's replay keeps fixed: under this
# instrumented build a fixed hang can still take over half a second (the structure check's 0.5 s limit, then the
# refusal), close enough to the 1 s limit that libFuzzer could stop on one before it began.
find "$corpus" -maxdepth 1 -type f ! -name 'timeout-*' -exec cp -n {} "$work"/ \;
"$binary" -max_len="$max_len" -timeout=1 -rss_limit_mb=512 -max_total_time="$seconds" -runs=1000000 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$work" 2>&1 | tee "$scratch/$target.log" | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|SUMMARY|stat::|Done" || true

# Each failure once more, symbolised, for its stack: .build-fuzz/TARGET.ARTIFACT.log.
for artifact in "$artifacts"/*; do
    [ -f "$artifact" ] || continue
    log=$scratch/$target.$(basename "$artifact").log
    [ -f "$log" ] && continue
    ASAN_OPTIONS=detect_leaks=0:symbolize=1 "$binary" -runs=1 -timeout=10 "$artifact" > "$log" 2>&1 || true
done

# Keep only the inputs that add coverage: merge the old corpus and the new finds into a fresh folder.
merged=$scratch/merged/$target
rm -rf "$merged"; mkdir -p "$merged"
"$binary" -merge=1 -max_len="$max_len" -timeout=1 -rss_limit_mb=512 "$merged" "$corpus" "$work" > "$scratch/$target.merge.log" 2>&1
find "$corpus" -maxdepth 1 -type f ! -name 'crash-*' ! -name 'timeout-*' ! -name 'oom-*' -delete
cp "$merged"/* "$corpus"/
thin "$corpus"
echo "fuzz.sh: $target: $(ls "$corpus" | wc -l) inputs in $corpus; artifacts: $(ls "$artifacts" | wc -l)"
