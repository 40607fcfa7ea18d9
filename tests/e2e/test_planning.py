"""The planning desk in the real window: a move that breaks a cap shows up at once, a
suggested slot fixes it, undo brings it back, and the screen always agrees with
`cadence check` on the same database."""

import json
from collections import Counter

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import cli


def check_count():
    """Violations `cadence check` reports for the app's database."""
    result = cli("check", "--format", "json")
    assert result.returncode in (0, 1), result.stderr
    return len(json.loads(result.stdout))


def finding_keys(app):
    """(rule, message) -> how many findings the violations panel lists."""
    return Counter(
        (e.get_attribute("data-rule"), e.get_attribute("data-message-id"))
        for e in app.all_testid("finding")
    )


def set_value(app, element, value):
    """Set a date or time input the way a user's pick does (WebKit's typing into these
    inputs depends on the locale's field order)."""
    app.driver.execute_script(
        "arguments[0].value = arguments[1];"
        "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
        "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        element,
        value,
    )


def header_total(app):
    text = app.text_of("header-violations")[0]
    return int("".join(ch for ch in text if ch.isdigit()) or 0)


def wait_total(app, expected):
    app.wait.until(lambda _: header_total(app) == expected, f"header total never became {expected}")


def open_calendar(app):
    """Open Harvest Lane's calendar once the header agrees with `cadence check`; returns that
    count."""
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    before = check_count()
    wait_total(app, before)
    app.testid("view-calendar").click()
    app.testid("calendar")
    return before


def test_move_break_suggest_undo(start_app):
    app = start_app()
    before = open_calendar(app)
    # A small window keeps the panel behind its button (it slides over the calendar's right side).
    if not app.all_testid("violations-panel"):
        app.testid("toggle-violations").click()
    app.testid("violations-panel")
    keys_before = finding_keys(app)

    # Move "Holiday order pick-up slots are open" into the busy first week of November.
    event = app.wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="calendar-event"][data-message-id="hl-holiday"]')
    )
    event.click()
    app.testid("move-open").click()
    set_value(app, app.testid("move-date"), "2026-11-07")
    set_value(app, app.testid("move-time"), "10:00")
    app.testid("move-apply").click()

    broken = check_count()
    assert broken > before, "the move must break a guideline"
    wait_total(app, broken)
    app.wait.until(lambda _: any(k[0] == "cap" for k in finding_keys(app) - keys_before))
    new_cap = next(k for k in finding_keys(app) - keys_before if k[0] == "cap")
    keys_broken = finding_keys(app)
    app.screenshot("violation-after-move.png")

    # Ask the engine for better times for that finding and take the first one.
    finding = app.driver.find_element(
        By.CSS_SELECTOR, f'[data-testid="finding"][data-rule="cap"][data-message-id="{new_cap[1]}"]'
    )
    if not finding.find_elements(By.CSS_SELECTOR, '[data-testid="suggested-slot"]'):
        finding.find_element(By.XPATH, ".//button[contains(., 'Find better times')]").click()
    slot = app.wait.until(
        lambda _: finding.find_element(By.CSS_SELECTOR, '[data-testid="suggested-slot"]')
    )
    slot.click()
    app.wait.until(lambda _: check_count() < broken, "the suggested slot did not reduce the violations")
    fixed = check_count()
    wait_total(app, fixed)
    app.wait.until(lambda _: finding_keys(app)[new_cap] < keys_broken[new_cap])

    # Undo (keyboard, outside any input) brings the violation back.
    app.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "z")
    app.wait.until(lambda _: check_count() == broken, "undo did not bring the violation back")
    wait_total(app, broken)
    app.wait.until(lambda _: finding_keys(app) == keys_broken)
    app.testid("undo").click()
    app.wait.until(lambda _: check_count() == before)
    wait_total(app, before)
