#!/usr/bin/env bash
# Export benchmarks (issue 9), end to end from the CLI process start to the file written:
#  - the PDF report of a one-year plan for one client with 2,000 messages (target < 2 s);
#  - all four CSV tables of the engine's 20,000-message benchmark plan (target < 1 s together);
#  - release binary sizes of `cadence` with and without the PDF engine (feature `pdf`).
# Needs hyperfine (apt-get install hyperfine). Figures go to BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$CARGO_TARGET_DIR/release/cadence"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build -q --release -p cadence-cli --no-default-features
size_without=$(stat -c %s "$bin")
cargo build -q --release -p cadence-cli
size_with=$(stat -c %s "$bin")

"$bin" plan generate --clients 1 --messages 2000 --days 365 -o "$work/one.json"
"$bin" plan generate --clients 40 --messages 500 --days 365 -o "$work/year.json"
"$bin" export pdf "$work/one.json" -o "$work/one.pdf"
pdfinfo "$work/one.pdf" 2>/dev/null | grep -E '^(Pages|File size):' || true

hyperfine --warmup 1 --runs 10 -N \
  --command-name "pdf, 1 client x 2,000 messages" \
  "$bin export pdf $work/one.json -o $work/one.pdf"
mkdir -p "$work/tables"
hyperfine --warmup 1 --runs 10 -N \
  --command-name "4 CSV tables, 20,000 messages" \
  "$bin export tables $work/year.json -o $work/tables"
for t in touches schedule violations messages; do
  printf '%-10s %8d lines %6d KiB\n' "$t" "$(($(wc -l < "$work/tables/$t.csv") - 1))" "$(($(stat -c %s "$work/tables/$t.csv") / 1024))"
done
printf 'release binary (stripped): with pdf %.1f MiB, without %.1f MiB\n' \
  "$(echo "$size_with / 1048576" | bc -l)" "$(echo "$size_without / 1048576" | bc -l)"
