#!/usr/bin/env bash
# End-to-end tests of the real Cadence window: Xvfb + tauri-driver + WebKitWebDriver,
# driven by selenium from pytest. Usage: tests/e2e/run.sh path/to/cadence-app [pytest args]
# (default: every test in this folder). CADENCE_E2E_DB picks the database (default: a new one
# per window size). The whole run is repeated for each window size in CADENCE_E2E_SIZES
# (default "1280x800 1024x700"): the X screen and the app's window get that size, pictures go
# to $CADENCE_E2E_SHOTS/<size>/, and each size's time is printed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
app="$(realpath "${1:?usage: run.sh path/to/cadence-app [pytest args]}")"
shift
if [ $# -eq 0 ]; then set -- "$here"; fi

if [ ! -x "$here/.venv/bin/pytest" ]; then
  python3 -m venv "$here/.venv"
  "$here/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
fi

work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
export CADENCE_E2E_APP="$app"
# A fixed "today", so the sample agency and the calendar fall on known dates.
export CADENCE_TODAY="${CADENCE_TODAY:-2026-11-23}"
# Ports: tauri-driver and the WebKitWebDriver behind it (change them to run two suites at once).
export CADENCE_E2E_PORT="${CADENCE_E2E_PORT:-4444}"
export CADENCE_E2E_NATIVE_PORT="${CADENCE_E2E_NATIVE_PORT:-$((CADENCE_E2E_PORT + 1))}"
shots="${CADENCE_E2E_SHOTS:-$work/shots}"
sizes="${CADENCE_E2E_SIZES:-1280x800 1024x700}"

failed=0
timings=""
for size in $sizes; do
  [[ "$size" =~ ^[0-9]+x[0-9]+$ ]] || { echo "CADENCE_E2E_SIZES: '$size' is not WIDTHxHEIGHT" >&2; exit 2; }
  echo "== e2e at ${size}"
  export CADENCE_E2E_SIZE="$size"
  export CADENCE_E2E_WORK="$work/$size"
  export CADENCE_E2E_SHOTS="$shots/$size"
  export CADENCE_DB="${CADENCE_E2E_DB:-$CADENCE_E2E_WORK/cadence.db}"
  mkdir -p "$CADENCE_E2E_WORK" "$CADENCE_E2E_SHOTS"
  started=$SECONDS
  status=0
  # One X display per size, as large as the window; tauri-driver (and the app it starts)
  # inherit it.
  timeout 900 xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
    set -euo pipefail
    [ -n "${DISPLAY:-}" ] || { echo "no DISPLAY under xvfb-run" >&2; exit 1; }
    tauri-driver --port "$CADENCE_E2E_PORT" --native-port "$CADENCE_E2E_NATIVE_PORT" >"$CADENCE_E2E_WORK/tauri-driver.log" 2>&1 &
    driver=$!
    for _ in $(seq 1 50); do
      (exec 3<>/dev/tcp/127.0.0.1/$CADENCE_E2E_PORT) 2>/dev/null && break
      sleep 0.2
    done
    status=0
    "'"$here"'/.venv/bin/pytest" -q -p no:cacheprovider "$@" || status=$?
    kill $driver 2>/dev/null || true
    if [ $status -ne 0 ]; then echo "--- tauri-driver log"; tail -50 "$CADENCE_E2E_WORK/tauri-driver.log"; fi
    exit $status
  ' cadence-e2e "$@" || status=$?
  timings="$timings ${size}: $((SECONDS - started)) s (exit $status);"
  [ $status -eq 0 ] || failed=$status
done
echo "== e2e times:$timings"
exit $failed
