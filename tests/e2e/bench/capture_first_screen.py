"""Save Cadence's first screen as a static page, for `static_pages.py`.

Starts the app (a fresh database, the sample agency seeded) through tauri-driver on its own
Xvfb display, waits for the `first-content` mark and writes the DOM with the built
stylesheet inlined, the scripts removed and a `first-content` mark two animation frames after
load: the same screen WebKit must lay out and paint, with none of Cadence's code running.

Usage: python capture_first_screen.py APP UI_DIST OUT.html   (APP built with custom-protocol)
"""

import glob
import os
import re
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.remote.client_config import ClientConfig

import bench_start as b

MARK = "<script>requestAnimationFrame(()=>requestAnimationFrame(()=>performance.mark('first-content')))</script>"


def capture(app):
    """The app's DOM once its first content is painted."""
    xvfb, display = b.start_xvfb()
    port, native = b.free_port(), b.free_port()
    work = tempfile.mkdtemp(prefix="cadence-capture-")
    env = {**os.environ, "DISPLAY": display, "CADENCE_DB": os.path.join(work, "plan.db")}
    driver_proc = subprocess.Popen(
        ["tauri-driver", "--port", str(port), "--native-port", str(native)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        b.wait_for_port(port)
        url = f"http://127.0.0.1:{port}"
        driver = webdriver.Remote(
            command_executor=url,
            options=b.TauriOptions(os.path.realpath(app)),
            client_config=ClientConfig(remote_server_addr=url, timeout=120),
        )
        try:
            deadline = time.time() + 60
            while not driver.execute_script(b.MARK_JS):
                if time.time() > deadline:
                    raise RuntimeError("no first-content mark within 60 s")
                time.sleep(0.1)
            return driver.execute_script("return document.documentElement.outerHTML")
        finally:
            driver.quit()
    finally:
        driver_proc.terminate()
        driver_proc.wait(timeout=10)
        xvfb.terminate()
        xvfb.wait(timeout=10)


def main():
    app, dist, out = sys.argv[1:4]
    html = capture(app)
    (css_path,) = glob.glob(os.path.join(dist, "assets", "index-*.css"))
    with open(css_path) as f:
        css = f.read()
    html = re.sub(r"<script[^>]*></script>", "", html)
    html = re.sub(r'<link rel="stylesheet"[^>]*>', lambda _: f"<style>{css}</style>", html)
    with open(out, "w") as f:
        f.write("<!doctype html>" + html.replace("</body>", MARK + "</body>"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
