#!/usr/bin/env python3
"""Write the worst valid plan (BENCHMARKS.md, "Limits"): 42 segments with 63 caps of one
touch each (windows 1 to 63 days) and a daily message to each for ten years, so every touch
breaks nearly every cap. Usage: scripts/make-worst-plan.py OUT.json"""
import json
import sys

segments, messages = [], []
for i in range(42):
    segments.append({
        "id": f"s{i}", "name": f"Segment {i}", "parent": None, "timezone": None, "size": 1000,
        "opt_in": ["email"], "interests": [], "values": [],
        "rules": [{"kind": "cap", "max": 1, "window_days": w} for w in range(1, 64)],
    })
    messages.append({
        "id": f"m{i}", "title": f"Daily {i}", "channel": "email", "segments": [f"s{i}"],
        "at": "2026-01-01T09:00:00", "timezone": None, "local_delivery": False,
        "transactional": False, "rrule": "FREQ=DAILY", "checklist": {},
    })
plan = {
    "format": "cadence-plan", "version": 1,
    "horizon": {"start": "2026-01-01", "end": "2035-12-31"},
    "channels": [{"id": "email", "name": "Email", "requires_consent": True}],
    "clients": [{
        "id": "worst", "name": "Worst case", "timezone": "Europe/Berlin", "checklist": [],
        "rules": [], "segments": segments,
        "campaigns": [{"id": "k", "name": "Every day", "objective": "", "start": None,
                       "end": None, "messages": messages}],
    }],
}
with open(sys.argv[1], "w") as out:
    json.dump(plan, out)
