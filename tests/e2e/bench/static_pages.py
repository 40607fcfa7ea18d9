"""Static pages in fresh WebKitGTK processes: ms from navigation to their `first-content` mark.

For telling what makes a cold web process slow to paint a screen (BENCHMARKS.md, "Cold
start"): each page (e.g. the first screen saved by `capture_first_screen.py`, and copies with
one thing changed) is loaded RUNS times, alternating the order, each time in a new
MiniBrowser (the system WebKitGTK, as the app uses) on its own Xvfb display, compositing off
as the app has it without a GPU. Pages are served over HTTP from their folder.

Usage: python static_pages.py RUNS PAGE.html [PAGE.html ...]   (prints each page's median)
"""

import functools
import http.server
import os
import statistics
import sys
import threading
import time

from selenium import webdriver
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

import bench_start as b

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
MARK_JS = "const e = performance.getEntriesByName('first-content')[0]; return e ? e.startTime : null;"


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def load_once(url):
    """One page in a new MiniBrowser; ms from navigation start to its mark."""
    xvfb, display = b.start_xvfb()
    os.environ["DISPLAY"] = display
    os.environ["WEBKIT_DISABLE_COMPOSITING_MODE"] = "1"
    options = Options()
    options.binary_location = MINIBROWSER
    options.add_argument("--automation")
    options.add_argument(f"--geometry={b.WIDTH}x{b.HEIGHT}")
    driver = webdriver.WebKitGTK(options=options, service=Service(executable_path="/usr/bin/WebKitWebDriver"))
    try:
        driver.get(url)
        deadline = time.time() + 20
        while (mark := driver.execute_script(MARK_JS)) is None:
            if time.time() > deadline:
                raise RuntimeError(f"{url}: no first-content mark within 20 s")
            time.sleep(0.05)
        return round(mark)
    finally:
        driver.quit()
        xvfb.terminate()
        xvfb.wait(timeout=10)


def main():
    runs, pages = int(sys.argv[1]), sys.argv[2:]
    folder = os.path.dirname(os.path.abspath(pages[0]))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = {page: [] for page in pages}
    for run in range(runs):
        for page in pages if run % 2 == 0 else pages[::-1]:
            results[page].append(load_once(base + os.path.basename(page)))
    for page, times in results.items():
        print(f"{os.path.basename(page):24} median {statistics.median(times):5.0f} ms  {times}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
