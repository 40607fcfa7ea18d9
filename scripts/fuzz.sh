#!/usr/bin/env bash
# Fuzz for a bounded time (default 60 s each): parse -> validate -> engine build, from the plan
# fixtures; and the history reader (sketch, preview, read) from the vendor export fixtures.
# Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked >/dev/null
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
mkdir -p "$corpus/plans" "$corpus/history"
cp tests/fixtures/*.json "$corpus/plans/"
# The reader's target takes a leading byte that picks the file type (0 csv, 1 tsv, 2 xlsx).
for f in tests/fixtures/history/*; do
  case "$f" in
    *.xlsx) kind='\x02' ;;
    *.tsv) kind='\x01' ;;
    *) kind='\x00' ;;
  esac
  { printf "$kind"; cat "$f"; } > "$corpus/history/$(basename "$f")"
done
# Stable Rust: RUSTC_BOOTSTRAP lets cargo-fuzz use the sanitizer flags it needs.
RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz plan_loads "$corpus/plans" -- \
  -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -max_len=200000 -print_final_stats=1
RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz history_reads "$corpus/history" -- \
  -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -max_len=200000 -print_final_stats=1
