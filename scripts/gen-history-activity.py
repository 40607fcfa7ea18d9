#!/usr/bin/env python3
"""Generate a Klaviyo-style activity export for the history benchmark (not committed).

usage: gen-history-activity.py OUT.csv [ROWS]   (default 1,000,000 rows, about 90 MB)

One row per person and event, in time order: deliveries at 1-5 a week per person, opens,
clicks, and unsubscribes that grow from the 4th email of a week on. Seeded: the same file
every time.
"""
import random
import sys
from datetime import datetime, timedelta, timezone

out = sys.argv[1]
rows_wanted = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
rng = random.Random(20251201)
start = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
people = max(1, rows_wanted // 25)
events = []
lists = ["Newsletter Subscribers", "VIP Customers", "Winback Segment"]
for p in range(people):
    per_week = 1 + p % 5
    audience = lists[p % 3]
    email = f"cust{p:06d}@example.com"
    offset = rng.randrange(0, 3600)
    t_unsub = None
    for week in range(12):
        for j in range(per_week):
            at = start + timedelta(days=7 * week, seconds=offset + j * (7 * 86400 // per_week))
            campaign = f"Update {week + 1:02d}-{j + 1}"
            events.append((at, email, "Received Email", campaign, audience))
            if rng.random() < 0.25:
                events.append((at + timedelta(minutes=rng.randrange(5, 600)), email, "Opened Email", campaign, audience))
                if rng.random() < 0.2:
                    events.append((at + timedelta(minutes=rng.randrange(600, 700)), email, "Clicked Email", campaign, audience))
            k = per_week if week else j + 1
            if rng.random() < (0.02 if k >= 4 else 0.002):
                t_unsub = at + timedelta(hours=2)
                events.append((t_unsub, email, "Unsubscribed", campaign, audience))
                break
        if t_unsub:
            break
    if len(events) >= rows_wanted:
        break
events.sort(key=lambda e: e[0])
events = events[:rows_wanted]
with open(out, "w", newline="") as f:
    f.write("Email,Event,Timestamp,Campaign,List,Channel\n")
    for at, email, event, campaign, audience in events:
        f.write(f"{email},{event},{at.strftime('%Y-%m-%dT%H:%M:%SZ')},{campaign},{audience},Email\n")
print(f"{len(events)} rows written to {out}")
