#!/usr/bin/env bash
# Batch benchmark: cold single pack, N engagements, and one very large RFQ.
#   benches/batch.sh [N]      (default N=1000)
# Prints wall time and peak memory (GNU time) for each run.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
rfx="$PWD/target/release/rfx"
export SOURCE_DATE_EPOCH=1767225600
timed() { /usr/bin/time -f "  %e s wall, %M KB peak RSS" "$@"; }

echo "== one full pack (cold process): examples/service-desk.yaml"
for i in 1 2 3 4 5; do timed "$rfx" build examples/service-desk.yaml -o "$work/single" 2>&1 | tail -1 || true; done

echo "== $n engagements x all documents x all formats"
python3 benches/gen_specs.py "$n" "$work/specs"
timed "$rfx" batch "$work/specs" -o "$work/out" 2>&1 | tail -2
echo "  files: $(find "$work/out" -type f | wc -l)"

echo "== one RFQ with 5,000 pricing lines, all formats"
python3 benches/gen_specs.py --rfq-lines 5000 "$work/big"
timed "$rfx" build "$work/big/rfq-5000-lines.yaml" --doc rfq -o "$work/big-out" 2>&1 | tail -1
