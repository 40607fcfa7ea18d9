#!/usr/bin/env python3
"""Independent check of Cadence's ICS export (exports.md section 3).

Usage: check_ics.py DIR
DIR holds pairs NAME.ics / NAME.csv (the `schedule` table, plain) and NAME.period
("YYYY-MM-DD YYYY-MM-DD", start inclusive, end exclusive, UTC). For each pair, the calendar
is parsed by `icalendar` and expanded over the period by `recurring-ical-events`; the
multiset of (message id, zone, UTC instant) must equal the schedule table's rows.
Exit 0 when every pair matches, 1 otherwise; exit 3 when the libraries are missing.
"""

import csv
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

try:
    import icalendar
    import recurring_ical_events
except ImportError as err:  # pragma: no cover - reported to the Rust test
    print(f"missing python dependency: {err}", file=sys.stderr)
    sys.exit(3)

# recurring-ical-events (3.x) matches an EXDATE against an occurrence by its UTC time *or*
# its local wall time, both without zone: EXDATE;TZID=Australia/Sydney:20260406T011500
# then also removes the occurrence at 2026-04-06T01:15:00Z (11:15 in Sydney). Compare
# zone-aware instants only, which is what RFC 5545 says an EXDATE means.
import recurring_ical_events.series.rrule as _rrule_series  # noqa: E402


def _utc_only(time):
    if isinstance(time, datetime) and time.tzinfo is not None:
        return (time.astimezone(timezone.utc).replace(tzinfo=None),)
    return _original_ids(time)


_original_ids = _rrule_series.to_recurrence_ids
_rrule_series.to_recurrence_ids = _utc_only


def expand(ics_path: Path, start: datetime, end: datetime) -> Counter:
    cal = icalendar.Calendar.from_ical(ics_path.read_bytes())
    got = Counter()
    # Every line must be folded at 75 octets and end in CRLF.
    raw = ics_path.read_bytes()
    assert raw.endswith(b"\r\n"), "calendar must end with CRLF"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, f"unfolded line of {len(line)} octets: {line[:40]!r}"
    for master in cal.walk("VEVENT"):
        zone = unquote(str(master["UID"]).split(".")[1])
        tzid = master["DTSTART"].params.get("TZID", "UTC")
        assert tzid == zone, f"{master['UID']}: TZID {tzid} is not the zone of its UID"
    for event in recurring_ical_events.of(cal).between(start, end):
        dtstart = event["DTSTART"].dt
        instant = dtstart.astimezone(timezone.utc)
        if not (start <= instant < end):
            continue  # overlapping the period but starting outside it
        uid = str(event["UID"])
        message = unquote(uid.split(".")[0])
        zone = unquote(uid.split(".")[1])
        got[(message, zone, instant.strftime("%Y-%m-%dT%H:%M:%SZ"))] += 1
    return got


def schedule(csv_path: Path) -> Counter:
    want = Counter()
    with csv_path.open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            want[(row["message"], row["timezone"], row["at_utc"])] += 1
    return want


def main() -> int:
    folder = Path(sys.argv[1])
    failures = 0
    pairs = sorted(folder.glob("*.ics"))
    for ics in pairs:
        first, last = ics.with_suffix(".period").read_text().split()
        start = datetime.fromisoformat(first).replace(tzinfo=timezone.utc)
        end = datetime.fromisoformat(last).replace(tzinfo=timezone.utc)
        got = expand(ics, start, end)
        want = schedule(ics.with_suffix(".csv"))
        if got != want:
            failures += 1
            print(f"{ics.name}: expansion differs from the schedule table", file=sys.stderr)
            print(f"  only in the calendar: {sorted((got - want).elements())[:10]}", file=sys.stderr)
            print(f"  only in the schedule: {sorted((want - got).elements())[:10]}", file=sys.stderr)
    print(f"{len(pairs) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
