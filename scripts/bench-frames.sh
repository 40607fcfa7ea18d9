#!/usr/bin/env bash
# Frame times of the real app window with 5,000 messages in view (BENCHMARKS.md), against
# the same views with 200 messages (the anchor: what this machine's web view costs anyway).
# Builds the release app, writes each generated plan (one client, messages starting in
# January 2026, 61 segments) into a fresh database, and scrolls the calendar and the cadence
# view under Xvfb. Usage: scripts/bench-frames.sh   (about 10 minutes cold, 5 warm)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

(cd ui && npm run --silent build)
cargo build --release --locked -p cadence-cli -p cadence-app --features cadence-app/custom-protocol

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export CADENCE_TODAY=2026-01-14
export CADENCE_E2E_SHOTS="${CADENCE_E2E_SHOTS:-$PWD/target/frames-shots}"
mkdir -p "$CADENCE_E2E_SHOTS"

# One run: label, messages, how many agenda rows to wait for.
run() {
  local label="$1" messages="$2" least="$3"
  target/release/cadence plan generate --clients 1 --messages "$messages" --days 31 --branches 20 \
    -o "$work/$label.json"
  target/release/cadence --db "$work/$label.db" plan import --replace "$work/$label.json"
  CADENCE_E2E_DB="$work/$label.db" CADENCE_FRAMES_LABEL="$label ($messages messages)" \
    CADENCE_FRAMES_LEAST="$least" CADENCE_FRAMES_OUT="$PWD/target/frames-$label.json" \
    tests/e2e/run.sh target/release/cadence-app -s tests/e2e/bench/bench_frames.py
}
run anchor 200 200
run load 5000 5000
echo "results: target/frames-anchor.json, target/frames-load.json; screenshots: $CADENCE_E2E_SHOTS"
