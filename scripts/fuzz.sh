#!/usr/bin/env bash
# Fuzz parse -> validate -> engine build for a bounded time (default 60 s), starting from the
# plan fixtures. Usage: scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked >/dev/null
corpus="$(mktemp -d)"
trap 'rm -rf "$corpus"' EXIT
cp tests/fixtures/*.json "$corpus/"
# Stable Rust: RUSTC_BOOTSTRAP lets cargo-fuzz use the sanitizer flags it needs.
RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz plan_loads "$corpus" -- \
  -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 -max_len=200000 -print_final_stats=1
