"""Cold start and memory of Cadence against a minimal Tauri v2 app, side by side in one run.

Not part of the test suite: `scripts/bench-start.sh` builds both release binaries and runs
this file with the e2e venv's Python. Each run starts each app (alternating which goes first)
on its own fresh Xvfb display through tauri-driver, as the e2e tests do, so both pay the same
WebDriver costs. Cadence gets a fresh database each time (the sample agency is seeded at first
start, as for a new user).

- First content: both pages record the User Timing mark "first-content" two animation frames
  after their first real content is in the DOM (Cadence: the workspace with the first
  client's overview, `ui/src/lib/firstContent.ts`; the minimal app: its "Hello" page). The
  time is the mark's wall-clock time (`performance.timeOrigin + startTime`) minus the app
  process's start time from /proc (10 ms resolution): exec to painted content, measured by
  neither the driver's polling nor its latency.
- Memory: 3 s after the mark, the proportional set size (PSS, `/proc/PID/smaps_rollup`) of
  the app's process and every process under it (WebKitWebProcess, WebKitNetworkProcess and
  their sandbox helpers), summed. WebKitWebDriver and tauri-driver, which start the app, are
  not counted.

Usage: python bench_start.py CADENCE_APP MINIMAL_APP [--runs N] [--out results.json]
       [--before EARLIER_CADENCE_APP]   (an earlier build in the same rotation: before/after)
"""

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig

WIDTH, HEIGHT = 1280, 800
IDLE_S = 3.0
# The mark's wall-clock time, with where the page's own time went: when its navigation
# started, when its document and scripts were loaded (DOMContentLoaded) and Cadence's
# start-up marks (`startup:script`, `startup:answered`, ... from ui/src/lib/firstContent.ts),
# all wall clock.
MARK_JS = """
const e = performance.getEntriesByName('first-content')[0];
if (!e) return null;
const nav = performance.getEntriesByType('navigation')[0];
const stages = {};
for (const m of performance.getEntriesByType('mark')) {
  if (m.name.startsWith('startup:') && !(m.name.slice(8) in stages))
    stages[m.name.slice(8)] = performance.timeOrigin + m.startTime;
}
return { mark: performance.timeOrigin + e.startTime, page: performance.timeOrigin,
         loaded: nav ? performance.timeOrigin + nav.domContentLoadedEventEnd : null, stages };
"""
TICKS = os.sysconf("SC_CLK_TCK")


class TauriOptions(ArgOptions):
    """Capabilities tauri-driver expects: the app binary to start."""

    def __init__(self, application):
        super().__init__()
        self.set_capability("browserName", "wry")
        self.set_capability("tauri:options", {"application": application})

    def to_capabilities(self):
        return self._caps


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children():
    """Parent pid -> child pids, for every process."""
    tree = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        parent = int(stat[stat.rfind(")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(name))
    return tree


def descendants(pid, tree=None):
    tree = tree if tree is not None else children()
    found = []
    for child in tree.get(pid, []):
        found.append(child)
        found.extend(descendants(child, tree))
    return found


def exe_of(pid):
    try:
        return os.path.realpath(f"/proc/{pid}/exe")
    except OSError:
        return None


def start_time(pid):
    """The process's start as wall-clock seconds (its start in clock ticks since boot)."""
    with open(f"/proc/{pid}/stat") as f:
        stat = f.read()
    ticks = int(stat[stat.rfind(")") + 2 :].split()[19])
    since_boot = time.clock_gettime(time.CLOCK_BOOTTIME)
    now = time.time()
    return now - since_boot + ticks / TICKS


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def name_of(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def start_xvfb():
    """A fresh X display of the window's size; returns (process, display)."""
    read, write = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    if not number:
        raise RuntimeError("Xvfb did not start")
    return xvfb, f":{number}"


def wait_for_port(port, seconds=10):
    deadline = time.time() + seconds
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"tauri-driver never listened on {port}")


def measure(app, env_extra):
    """Start `app` once on a fresh display; its first content (ms) and total PSS (MB)."""
    app = os.path.realpath(app)
    xvfb, display = start_xvfb()
    port, native = free_port(), free_port()
    env = {**os.environ, **env_extra, "DISPLAY": display}
    log = tempfile.TemporaryFile()
    driver_proc = subprocess.Popen(
        ["tauri-driver", "--port", str(port), "--native-port", str(native)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    driver = None
    try:
        wait_for_port(port)
        url = f"http://127.0.0.1:{port}"
        driver = webdriver.Remote(
            command_executor=url,
            options=TauriOptions(app),
            client_config=ClientConfig(remote_server_addr=url, timeout=120),
        )
        pids = [p for p in descendants(driver_proc.pid) if exe_of(p) == app]
        if len(pids) != 1:
            raise RuntimeError(f"expected one {app} under tauri-driver, found {pids}")
        pid = pids[0]
        started = start_time(pid)
        deadline = time.time() + 60
        mark = None
        while mark is None:
            if time.time() > deadline:
                raise RuntimeError(f"{app}: no first-content mark within 60 s")
            mark = driver.execute_script(MARK_JS)
            if mark is None:
                time.sleep(0.05)
        first_ms = mark["mark"] - started * 1000
        time.sleep(IDLE_S)
        tree = [pid, *descendants(pid)]
        parts = {}
        for p in tree:
            parts[name_of(p)] = parts.get(name_of(p), 0) + pss_kb(p)
        total_mb = sum(parts.values()) / 1024
        return {
            "first_content_ms": round(first_ms),
            "page_started_ms": round(mark["page"] - started * 1000),
            "page_loaded_ms": round(mark["loaded"] - started * 1000) if mark["loaded"] else None,
            "stages_ms": {k: round(v - started * 1000) for k, v in mark["stages"].items()},
            "pss_mb": round(total_mb, 1),
            "pss_by_process_mb": {k: round(v / 1024, 1) for k, v in sorted(parts.items())},
        }
    finally:
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        driver_proc.terminate()
        driver_proc.wait(timeout=10)
        xvfb.terminate()
        xvfb.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cadence")
    parser.add_argument("minimal")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out")
    parser.add_argument("--before", help="an earlier Cadence build, measured in the same rotation")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="cadence-bench-start-")
    apps = {"cadence": args.cadence, "minimal": args.minimal}
    if args.before:
        apps["before"] = args.before
    results = {which: [] for which in apps}
    try:
        for run in range(args.runs):
            # Each app goes first in turn, so none always starts on a warmer machine.
            names = list(apps)
            order = names[run % len(names) :] + names[: run % len(names)]
            for which in order:
                if which != "minimal":
                    db = os.path.join(work, f"{which}-run{run}.db")
                    result = measure(apps[which], {"CADENCE_DB": db})
                else:
                    result = measure(apps[which], {})
                results[which].append(result)
                print(
                    f"run {run + 1} {which:8} first content {result['first_content_ms']:5} ms"
                    f" (page started {result['page_started_ms']}, loaded {result['page_loaded_ms']}"
                    f"{''.join(f', {k} {v}' for k, v in result['stages_ms'].items())})"
                    f"  PSS {result['pss_mb']:6} MB  {result['pss_by_process_mb']}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    summary = {}
    for which, runs in results.items():
        summary[which] = {
            "first_content_ms": statistics.median(r["first_content_ms"] for r in runs),
            "pss_mb": round(statistics.median(r["pss_mb"] for r in runs), 1),
        }
    ratios = {
        key: round(summary["cadence"][key] / summary["minimal"][key], 2) for key in ("first_content_ms", "pss_mb")
    }
    print(f"\nmedians of {args.runs} runs each (load average {os.getloadavg()[0]:.1f})")
    print(f"{'':10} {'first content':>14} {'total PSS':>10}")
    for which in ("minimal", "before", "cadence"):
        if which not in summary:
            continue
        s = summary[which]
        print(f"{which:10} {s['first_content_ms']:>11} ms {s['pss_mb']:>7} MB")
    ratios_before = None
    if "before" in summary:
        ratios_before = {key: round(summary["before"][key] / summary["minimal"][key], 2) for key in ratios}
        print(f"{'ratio then':10} {ratios_before['first_content_ms']:>14} {ratios_before['pss_mb']:>10}")
    print(f"{'ratio':10} {ratios['first_content_ms']:>14} {ratios['pss_mb']:>10}   (targets: 1.2 and 1.1)")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"runs": results, "medians": summary, "ratios": ratios, "ratios_before": ratios_before}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
