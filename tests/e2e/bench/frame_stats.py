"""Frame-interval statistics shared by the frame benchmarks (bench_frames.py, bench_edit_frames.py)."""

import json
import os
import statistics


def interval_stats(intervals, period):
    """Median, 95th percentile and longest interval (ms), and the frames dropped: an interval
    spanning more than one refresh `period` drops one frame per extra period."""
    ordered = sorted(intervals)
    return {
        "frames": len(intervals),
        "median_ms": round(statistics.median(intervals), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "longest_ms": round(ordered[-1], 1),
        "dropped": sum(max(0, round(i / period) - 1) for i in intervals),
    }


def write_results(out):
    """The results as JSON to $CADENCE_FRAMES_OUT, when set."""
    path = os.environ.get("CADENCE_FRAMES_OUT")
    if path:
        with open(path, "w") as f:
            json.dump(out, f, indent=2)
