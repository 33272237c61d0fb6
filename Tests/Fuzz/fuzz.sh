#!/usr/bin/env bash
# Coverage-guided fuzzing of one vvae parser with libFuzzer (Docs/FUZZING.md).
#
#   Tests/Fuzz/fuzz.sh TARGET [SECONDS]   fuzz TARGET for SECONDS (default 600) or 1,000,000 runs, whichever
#                                         comes first, then merge what it learnt into Fixtures/fuzz/TARGET
#   Tests/Fuzz/fuzz.sh --list             the targets
#   Tests/Fuzz/fuzz.sh --build            only build .build-fuzz/release/vvae-fuzz
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

case "${1:-}" in
    ""|-h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --build) build; exit 0 ;;
    --list) build; describe; exit 0 ;;
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
# The Swift runtime keeps metadata caches for the life of the process; they are not leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}

"$binary" -max_len="$max_len" -timeout=1 -rss_limit_mb=512 -max_total_time="$seconds" -runs=1000000 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$work" "$corpus" 2>&1 | tee "$scratch/$target.log" | grep -E "^#[0-9]+.*(DONE|pulse)|ERROR|SUMMARY|stat::|Done" || true

# Keep only the inputs that add coverage: merge the old corpus and the new finds into a fresh folder.
merged=$scratch/merged/$target
rm -rf "$merged"; mkdir -p "$merged"
"$binary" -merge=1 -max_len="$max_len" -timeout=1 -rss_limit_mb=512 "$merged" "$corpus" "$work" > "$scratch/$target.merge.log" 2>&1
find "$corpus" -maxdepth 1 -type f ! -name 'crash-*' ! -name 'timeout-*' ! -name 'oom-*' -delete
cp "$merged"/* "$corpus"/
echo "fuzz.sh: $target: $(ls "$corpus" | wc -l) inputs in $corpus; artifacts: $(ls "$artifacts" | wc -l)"
