#!/usr/bin/env bash
# Set everything up, build Cadence and open it. A new database starts as the sample agency.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
printf '\n== building the app (release; the first build takes several minutes)\n'
cargo build --release -p cadence-app --features custom-protocol
echo "Database: ${CADENCE_DB:-$HOME/.local/share/app.cadence.desk/cadence.db}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: starting Cadence under Xvfb (screenshot with: DISPLAY=:99 import -window root shot.png)"
  Xvfb :99 -screen 0 1280x800x24 >/dev/null 2>&1 &
  export DISPLAY=:99
  sleep 1
fi
exec "${CARGO_TARGET_DIR:-target}/release/cadence-app"
