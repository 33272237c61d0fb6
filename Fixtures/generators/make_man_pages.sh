#!/bin/sh
# Regenerates Docs/man/vvae.1, vvae-convert.1 and vvae-inspect.1 from the built tools, with swift-argument-parser's
# manual generator (the tool behind its GenerateManual plugin), so the pages say exactly what --help says.
# The generator writes each command's discussion as filled text; two fixes make clean mdoc of it:
#   - a blank line (a paragraph break in --help, an error to mdoc) becomes .Pp;
#   - a run of lines indented by two spaces (the Examples: blocks) becomes a literal display (.Bd -literal), so
#     man does not refill the example commands;
#   - the standalone tools lose the "subcommand" the generator puts in their synopsis (argument-parser's implicit
#     help subcommand; they take none).
# Usage: Fixtures/generators/make_man_pages.sh [BIN]   (BIN: the folder with vvae, default .build/release)
# Dev-only; ManPageTests checks the committed pages against the tools' --experimental-dump-help.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=${1:-$root/.build/release}
swift build --package-path "$root" --product generate-manual >/dev/null
generator=$(swift build --package-path "$root" --product generate-manual --show-bin-path)/generate-manual
date=$(git -C "$root" log -1 --format=%cs)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for tool in vvae vvae-convert vvae-inspect; do
    "$generator" "$bin/$tool" --date "$date" --authors "the vvae developers" --output-directory "$scratch"
    awk -v tool="$tool" '
        tool != "vvae" && /^\.Ar subcommand$/ { next }
        function close_display() { if (literal) { print ".Ed"; literal = 0 } }
        /^$/ { close_display(); print ".Pp"; next }
        /^  / { if (!literal) { print ".Bd -literal -offset indent"; literal = 1 } sub(/^  /, ""); print; next }
        { close_display(); print }
        END { close_display() }
    ' "$scratch/$tool.1" > "$root/Docs/man/$tool.1"
done
echo "wrote $root/Docs/man/vvae.1, vvae-convert.1, vvae-inspect.1 (from $bin)"
