#!/usr/bin/env bash
# Frame times of the real app window with 5,000 messages in view (BENCHMARKS.md).
# Builds the release app, writes a generated plan (one client, 5,000 messages starting in
# January 2026, 61 segments) into a fresh database, and scrolls the calendar and the cadence
# view under Xvfb. Usage: scripts/bench-frames.sh [messages]   (about 10 minutes cold)
set -euo pipefail
cd "$(dirname "$0")/.."
messages="${1:-5000}"
scripts/setup.sh

(cd ui && npm run --silent build)
cargo build --release --locked -p cadence-cli -p cadence-app --features cadence-app/custom-protocol

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
target/release/cadence plan generate --clients 1 --messages "$messages" --days 31 --branches 20 \
  -o "$work/load.json"
target/release/cadence --db "$work/cadence.db" plan import --replace "$work/load.json"

export CADENCE_E2E_DB="$work/cadence.db"
export CADENCE_TODAY=2026-01-14
export CADENCE_FRAMES_OUT="${CADENCE_FRAMES_OUT:-$PWD/target/frames.json}"
export CADENCE_E2E_SHOTS="${CADENCE_E2E_SHOTS:-$PWD/target/frames-shots}"
mkdir -p "$CADENCE_E2E_SHOTS"
tests/e2e/run.sh target/release/cadence-app -s tests/e2e/bench/bench_frames.py
echo "results: $CADENCE_FRAMES_OUT; screenshots: $CADENCE_E2E_SHOTS"
