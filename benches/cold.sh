#!/usr/bin/env bash
# Cold-start benchmark (hyperfine): process start to files written, release build.
#   benches/cold.sh            (needs hyperfine; `apt-get install hyperfine`)
# The floor is `rfx render` of the NDA's Markdown: start, parse, write, nothing else.
# Targets: build --doc nda --format md and check of service-desk within 3x the floor;
# the full service-desk pack (6 documents x 3 formats) within 25 ms.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${RFX_NO_BUILD:-}" ] || cargo build --release --quiet
rfx="$PWD/target/release/rfx"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1767225600
spec=examples/service-desk.yaml
"$rfx" build "$spec" --doc nda --format md -o "$work/nda" 2>/dev/null
cp "$(ls "$work"/nda/*/nda*.md | head -1)" "$work/nda.md"
hyperfine -N --warmup 5 --min-runs 40 --style basic \
  -n floor "$rfx render $work/nda.md -o $work/x.md" \
  -n nda-md "$rfx build $spec --doc nda --format md -o $work/o1" \
  -n check "$rfx check $spec" \
  -n full-pack "$rfx build $spec -o $work/o2" \
  --export-markdown "$work/table.md" >/dev/null
cat "$work/table.md"
