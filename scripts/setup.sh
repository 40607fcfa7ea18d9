#!/usr/bin/env bash
# Install everything Cadence needs on a fresh Debian/Ubuntu machine, then build the UI.
# Idempotent: each step is skipped when already done. Needs root or sudo for apt.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  # Tauri v2 build dependencies (WebKitGTK 4.1 and friends)
  libwebkit2gtk-4.1-dev build-essential file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config curl
  # Headless runs, screenshots, real-window end-to-end tests, PDF checks
  xvfb xauth imagemagick webkit2gtk-driver poppler-utils xdotool
  # Browser tests of the UI
  chromium
  # End-to-end test client
  python3-venv
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
  exit 1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "apt: installing nodejs and npm"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs npm >/dev/null
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  log "cargo: installing tauri-driver (WebDriver bridge for the real window)"
  cargo install tauri-driver --locked --version '^2' >/dev/null
fi

if [ ! -x tests/exports/.venv/bin/python ] || ! tests/exports/.venv/bin/python -c "import icalendar, recurring_ical_events" 2>/dev/null; then
  log "pip: installing the ICS checker's libraries (tests/exports)"
  python3 -m venv tests/exports/.venv
  tests/exports/.venv/bin/pip install --quiet --disable-pip-version-check -r tests/exports/requirements.txt
fi

log "npm: installing UI packages"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)

log "UI: building ui/dist"
(cd ui && npm run --silent build)
