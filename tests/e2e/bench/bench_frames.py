"""Frame times of the real Cadence window with 5,000 messages in view (issue 4: "calendar and
cadence view stay smooth, no dropped frames while scrolling, with 5,000 messages in view").

Not part of the test suite: `scripts/bench-frames.sh` builds the release app, generates the
plan with `cadence plan generate`, and runs this file through `tests/e2e/run.sh`. Each view is
scrolled by a fixed step on every animation frame (as a wheel or trackpad scroll does), and
the intervals between frames are recorded in the web view itself. A frame is dropped when an
interval spans more than one refresh period. Results go to $CADENCE_FRAMES_OUT as JSON and to
standard output as a table.
"""

import os
import statistics

from frame_stats import interval_stats, write_results
from selenium.webdriver.common.by import By

# Scrolls `selector` (or, if it is not scrollable, the first scrollable element inside it)
# down by `step` px a frame for `frames` frames, then back up; returns the frame intervals.
SCROLL_JS = """
const [selector, step, frames, done] = arguments;
const root = document.querySelector(selector);
if (!root) { done({ error: 'nothing matches ' + selector }); return; }
const scrollable = (el) => el.scrollHeight > el.clientHeight + 4 &&
  /(auto|scroll)/.test(getComputedStyle(el).overflowY);
const el = scrollable(root) ? root : [...root.querySelectorAll('*')].find(scrollable);
if (!el) { done({ error: 'nothing scrolls in ' + selector }); return; }
el.scrollTop = 0;
const intervals = [];
let last = null;
let direction = 1;
let travelled = 0;
function frame(t) {
  if (last !== null) intervals.push(t - last);
  last = t;
  if (intervals.length >= frames) {
    done({ intervals, travelled, height: el.scrollHeight, view: el.clientHeight,
           nodes: el.querySelectorAll('*').length });
    return;
  }
  const before = el.scrollTop;
  el.scrollTop = before + direction * step;
  travelled += Math.abs(el.scrollTop - before);
  if (el.scrollTop === before) direction = -direction;
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
"""

# Frame intervals while nothing happens: the refresh period of this display.
IDLE_JS = """
const [frames, done] = arguments;
const intervals = [];
let last = null;
function frame(t) {
  if (last !== null) intervals.push(t - last);
  last = t;
  if (intervals.length >= frames) { done(intervals); return; }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
"""

FRAMES = 240  # about four seconds at 60 Hz


def summarize(name, result, period):
    return {
        "view": name,
        **interval_stats(result["intervals"], period),
        "scrolled_px": round(result["travelled"]),
        "content_px": result["height"],
        "dom_nodes": result["nodes"],
    }


def scroll(app, selector, step):
    app.driver.set_script_timeout(120)
    result = app.driver.execute_async_script(SCROLL_JS, selector, step, FRAMES)
    assert "error" not in result, result
    return result


def settle(app):
    """Wait for two frames after the DOM shows what it should."""
    app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
    )


def messages_in_view(app):
    """Occurrences the calendar shows: one per event, and an hour block's count."""
    return app.driver.execute_script(
        "return document.querySelectorAll('[data-testid=calendar-event]').length + "
        "[...document.querySelectorAll('[data-testid=calendar-cluster]')]"
        ".reduce((n, c) => n + Number(c.dataset.count), 0)"
    )


def test_frames_with_5000_messages(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Client 0").click()
    app.driver.set_script_timeout(60)
    idle = app.driver.execute_async_script(IDLE_JS, 120)
    period = statistics.median(idle)
    rows = []

    # Calendar: the agenda lists every occurrence of the month in view; the week view
    # stacks that week's in its time grid.
    app.testid("view-calendar").click()
    app.testid("calendar")
    least_listed = int(os.environ.get("CADENCE_FRAMES_LEAST", "5000"))
    for name, button, least, step in [
        ("calendar, agenda (month)", "listMonth", least_listed, 40),
        ("calendar, week", "timeGridWeek", 1, 12),
    ]:
        app.wait.until(lambda d: d.find_element(By.CSS_SELECTOR, f"button.ec-{button}")).click()
        app.wait.until(lambda _: messages_in_view(app) >= least, f"{name}: fewer than {least} messages")
        listed = messages_in_view(app)
        settle(app)
        rows.append({**summarize(name, scroll(app, '[data-testid="calendar"]', step), period), "messages": listed})
        app.screenshot(f"frames-{button}.png")

    # An hour block opens the day agenda, which lists every message of that day.
    busiest = app.driver.find_elements(By.CSS_SELECTOR, '[data-testid="calendar-cluster"]')
    if busiest:
        # A click as the planner makes it, wherever the time grid has scrolled the block to.
        app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();", busiest[0])
        app.wait.until(lambda _: app.driver.find_elements(By.CSS_SELECTOR, "button.ec-listDay.ec-active"))
        app.wait.until(lambda _: messages_in_view(app) > 0)
        listed = messages_in_view(app)
        settle(app)
        rows.append({**summarize("calendar, day agenda", scroll(app, '[data-testid="calendar"]', 40), period),
                     "messages": listed})
        app.screenshot("frames-listDay.png")

    app.driver.find_element(By.CSS_SELECTOR, "button.ec-dayGridMonth").click()
    app.wait.until(lambda _: messages_in_view(app) > 0)
    settle(app)
    app.screenshot("frames-month.png")

    # Cadence view: every segment row across the month, each cell listing its touches.
    app.testid("view-cadence").click()
    app.wait.until(lambda _: len(app.all_testid("cadence-row")) > 20)
    touches = app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=cadence-cell]')]"
        ".reduce((n, c) => n + Number(c.dataset.touches), 0)"
    )
    settle(app)
    rows.append({**summarize("cadence view (month by day)", scroll(app, '[data-testid="cadence-view"]', 12), period),
                 "messages": touches})
    app.screenshot("frames-cadence.png")

    out = {"refresh_ms": round(period, 2), "views": rows}
    write_results(out)
    print(f"\n{os.environ.get('CADENCE_FRAMES_LABEL', '')}: refresh period {period:.2f} ms; {FRAMES} frames scrolled per view")
    print(f"{'view':32} {'in view':>8} {'median':>7} {'p95':>7} {'max':>7} {'dropped':>8}")
    for r in rows:
        print(f"{r['view']:32} {r['messages']:>8} {r['median_ms']:>7} {r['p95_ms']:>7} {r['longest_ms']:>7} {r['dropped']:>8}")
