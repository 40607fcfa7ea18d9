#!/usr/bin/env bash
# History import and insights benchmark (issue 8):
#   1. a 1,000,000-row activity export (~90 MB, generated, not committed) imported by
#      `cadence history import` (parsed, validated, hashed, stored) against `sqlite3 .import`
#      of the same file into an empty database, side by side in the same run;
#   2. the preview the app shows for that file;
#   3. `cadence insights` over those rows.
# Usage: scripts/bench-history.sh [RUNS]   (BENCH_DIR defaults to /tmp/cadence-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
DIR=${BENCH_DIR:-/tmp/cadence-bench}
FILE="$DIR/activity-1m.csv"
mkdir -p "$DIR"
command -v sqlite3 >/dev/null || { echo "install sqlite3 (apt-get install sqlite3)" >&2; exit 2; }
[ -f "$FILE" ] || python3 scripts/gen-history-activity.py "$FILE" 1000000
cargo build --release -q -p cadence-cli --bin cadence
cargo build --release -q -p cadence-history --example preview
cargo build --release -q -p cadence-desk --example preview_history
release="${CARGO_TARGET_DIR:-target}/release"
BIN="$release/cadence"
now() { date +%s.%N; }
secs() { python3 -c "print(f'{$2 - $1:.3f}')"; }
echo "file: $(wc -l < "$FILE") lines, $(du -m "$FILE" | cut -f1) MB; $(nproc) cores"
for run in $(seq 1 "$RUNS"); do
  rm -f "$DIR/sqlite.db"
  t0=$(now); sqlite3 "$DIR/sqlite.db" ".mode csv" ".import $FILE activity"; t1=$(now)
  sq=$(secs "$t0" "$t1")
  rm -f "$DIR/cadence.db" "$DIR/cadence.db-wal" "$DIR/cadence.db-shm"
  # The sample agency as the app seeds it (kept current by the desk's ui_fixtures test); not timed.
  "$BIN" --db "$DIR/cadence.db" plan import ui/src/test/sample-plan.json >/dev/null
  t0=$(now); "$BIN" --db "$DIR/cadence.db" history import "$FILE" --client harvest-lane --format json > "$DIR/import.json" || true; t1=$(now)
  cd_=$(secs "$t0" "$t1")
  imported=$(python3 -c "import json; j=json.load(open('$DIR/import.json')); print(j['imported'], 'imported,', len(j['rejected']), 'rejected')")
  ratio=$(python3 -c "print(f'{$cd_ / $sq:.2f}')")
  echo "run $run: sqlite3 .import ${sq} s | cadence history import ${cd_} s ($imported) | ratio $ratio"
done
for run in $(seq 1 "$RUNS"); do
  "$release"/examples/preview "$FILE"
done
# The same preview as the app's dialog runs it: database open, sketch, saved mapping, presets.
for run in $(seq 1 "$RUNS"); do
  "$release"/examples/preview_history "$DIR/cadence.db" "$FILE" harvest-lane
done
for run in $(seq 1 "$RUNS"); do
  t0=$(now); "$BIN" --db "$DIR/cadence.db" insights --client harvest-lane --format json > "$DIR/insights.json"; t1=$(now)
  echo "insights run $run: $(secs "$t0" "$t1") s"
done
python3 -c "
import json; j=json.load(open('$DIR/insights.json'))
for f in j['fatigue']:
    print('  ', f['audience'], f['channel'], f['source'], 'cap', f['recommended_cap'], '-', f['reason'])"
