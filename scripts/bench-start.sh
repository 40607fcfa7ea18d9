#!/usr/bin/env bash
# Cold start and memory of the release app against a minimal Tauri v2 app
# (tests/bench/minimal-tauri: one window, a static "Hello" page, the same Tauri and release
# profile), side by side in one run: each app is started RUNS times (default 5), alternating
# which goes first, on its own fresh Xvfb display through tauri-driver, and measured from the
# process's start to its first content painted, then its total PSS (the app and every
# WebKit process under it) after 3 s of idle. Cadence starts on a new database each time, so
# it seeds the sample agency as on a first start. How and why: tests/e2e/bench/bench_start.py.
# Usage: scripts/bench-start.sh [RUNS]   (about 15 minutes cold, 2 warm; figures to
# BENCHMARKS.md by hand; the JSON goes to $CARGO_TARGET_DIR/bench-start.json)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
export CADENCE_TODAY="${CADENCE_TODAY:-2026-11-23}"

(cd ui && npm run --silent build)
cargo build --release --locked -p cadence-app --features cadence-app/custom-protocol
cargo build --release --locked --manifest-path tests/bench/minimal-tauri/Cargo.toml --features custom-protocol

venv=tests/e2e/.venv
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/e2e/requirements.txt
fi
"$venv/bin/python" tests/e2e/bench/bench_start.py --runs "$runs" --out "$CARGO_TARGET_DIR/bench-start.json" \
  "$CARGO_TARGET_DIR/release/cadence-app" "$CARGO_TARGET_DIR/release/minimal-tauri"
