#!/usr/bin/env bash
# Frame times of the real app window with 5,000 messages in view (BENCHMARKS.md), against
# the same views with 200 messages (the anchor: what this machine's web view costs anyway).
# Builds the release app, writes each generated plan (one client, messages starting in
# January 2026, 61 segments) into a fresh database, and scrolls the calendar and the cadence
# view under Xvfb. Then frames while an edit runs (save, undo, redo) on the engine's
# 20,000-message benchmark plan (tests/e2e/bench/bench_edit_frames.py).
# Usage: scripts/bench-frames.sh [all|scroll|edit]   (about 10 minutes cold, 6 warm)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
scripts/setup.sh
out="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$out/release"

(cd ui && npm run --silent build)
cargo build --release --locked -p cadence-cli -p cadence-app --features cadence-app/custom-protocol

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CADENCE_TODAY=2026-01-14
export CADENCE_E2E_SHOTS="${CADENCE_E2E_SHOTS:-$out/frames-shots}"
mkdir -p "$CADENCE_E2E_SHOTS"

# One run: label, messages, how many agenda rows to wait for.
run() {
  local label="$1" messages="$2" least="$3"
  "$bin/cadence" plan generate --clients 1 --messages "$messages" --days 31 --branches 20 \
    -o "$work/$label.json"
  "$bin/cadence" --db "$work/$label.db" plan import --replace "$work/$label.json"
  CADENCE_E2E_DB="$work/$label.db" CADENCE_FRAMES_LABEL="$label ($messages messages)" \
    CADENCE_FRAMES_LEAST="$least" CADENCE_FRAMES_OUT="$out/frames-$label.json" \
    tests/e2e/run.sh "$bin/cadence-app" -s tests/e2e/bench/bench_frames.py
}
if [ "$which" != edit ]; then
  run anchor 200 200
  run load 5000 5000
  echo "results: $out/frames-anchor.json, $out/frames-load.json"
fi
if [ "$which" != scroll ]; then
  "$bin/cadence" plan generate --clients 40 --messages 500 -o "$work/year.json"
  "$bin/cadence" --db "$work/year.db" plan import --replace "$work/year.json"
  CADENCE_E2E_DB="$work/year.db" CADENCE_FRAMES_LABEL="edit (20,000 messages)" \
    CADENCE_FRAMES_OUT="$out/frames-edit.json" \
    tests/e2e/run.sh "$bin/cadence-app" -s tests/e2e/bench/bench_edit_frames.py
  echo "results: $out/frames-edit.json"
fi
echo "screenshots: $CADENCE_E2E_SHOTS"
