#!/usr/bin/env bash
# Cold-start benchmark (hyperfine): process start to files written, release build.
#   benches/cold.sh            (needs hyperfine; `apt-get install hyperfine`)
#   RFX_CALLGRIND=1 benches/cold.sh   instruction counts instead (valgrind), steadier on
#                                     a loaded machine; callgrind counts SHA-256 in
#                                     software, about ten times its native cost
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
if [ -n "${RFX_CALLGRIND:-}" ]; then
  count() {
    local name=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.$name" "$@" >/dev/null 2>"$work/cg.err"
    printf '%-10s %6.1f M instructions\n' "$name" \
      "$(grep -o 'Collected : [0-9]*' "$work/cg.err" | awk '{print $3 / 1e6}')"
  }
  count floor "$rfx" render "$work/nda.md" -o "$work/x.md"
  count nda-md "$rfx" build "$spec" --doc nda --format md -o "$work/o1"
  count check "$rfx" check "$spec"
  count full-pack "$rfx" build "$spec" -o "$work/o2"
  exit 0
fi
hyperfine -N --warmup 5 --min-runs 40 --style basic \
  -n floor "$rfx render $work/nda.md -o $work/x.md" \
  -n nda-md "$rfx build $spec --doc nda --format md -o $work/o1" \
  -n check "$rfx check $spec" \
  -n full-pack "$rfx build $spec -o $work/o2" \
  --export-markdown "$work/table.md" >/dev/null
cat "$work/table.md"
