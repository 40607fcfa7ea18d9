#!/usr/bin/env bash
# Set everything up and run every test: formatting, lints, Rust tests, UI checks and tests,
# and end-to-end tests of the real app window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n== %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (workspace, all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test (workspace)"
cargo test --workspace --locked

step "fuzz: plan files (validated means loadable) and the history reader, 45 s each"
scripts/fuzz.sh 45

step "generated TypeScript bindings are committed"
git diff --exit-code -- ui/src/bindings || { echo "ui/src/bindings changed: run 'CADENCE_UPDATE_BINDINGS=1 cargo test bindings' and commit" >&2; exit 1; }

step "UI: lint, type check, unit tests"
(cd ui && npm run --silent lint && npm run --silent check && npm run --silent test)

step "UI: browser tests (Chromium, the real desk through the test-only bridge)"
# The tests' global setup builds the bridge too; built here first so --locked applies.
cargo build -p cadence-bridge --locked
(cd ui && npm run --silent test:browser)

step "end-to-end: the real app under Xvfb through tauri-driver"
cargo build -p cadence-app --features custom-protocol --locked
tests/e2e/run.sh "${CARGO_TARGET_DIR:-target}/debug/cadence-app"
