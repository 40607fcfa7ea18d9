"""The planning desk in the real window: a move that breaks a cap shows up at once, a
suggested slot fixes it, undo brings it back, and the screen always agrees with
`cadence check` on the same database."""

import json
from collections import Counter

from selenium.common.exceptions import (
    ElementClickInterceptedException,
    NoSuchElementException,
    StaleElementReferenceException,
)
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


def check_problems():
    """Message occurrences with violations in `cadence check`'s records (the app's problems)."""
    result = cli("check", "--format", "json")
    return len({(v["message"], v["occurrence"]) for v in json.loads(result.stdout)})


def header_problems(app):
    text = app.text_of("header-problems")[0]
    return int("".join(ch for ch in text if ch.isdigit()) or 0)


def move(app, message, date, time):
    """Open the move dialog of a message on the calendar and move it (the whole series)."""
    selector = f'[data-testid="calendar-event"][data-message-id="{message}"]'

    def click_event(driver):
        # Retried: in a small window the violations panel may still be sliding over the
        # calendar, and the calendar redraws its events while a reply lands.
        try:
            driver.find_element(By.CSS_SELECTOR, selector).click()
            return True
        except (StaleElementReferenceException, NoSuchElementException, ElementClickInterceptedException):
            return False

    app.wait.until(click_event, f"could not click {message} on the calendar")
    app.testid("move-open").click()
    set_value(app, app.testid("move-date"), date)
    set_value(app, app.testid("move-time"), time)
    app.testid("move-apply").click()


def scroll_to(app, element):
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)


def offers_of(app, selector):
    """(kind, local wall time, what it fixes and leaves) of the suggested times of the first
    finding matching `selector`, found afresh on every try (the panel redraws its findings
    after every change)."""

    def read(driver):
        try:
            finding = driver.find_element(By.CSS_SELECTOR, selector)
            scroll_to(app, finding)
            if not finding.find_elements(By.CSS_SELECTOR, '[data-testid="suggested-slot"]'):
                buttons = finding.find_elements(By.XPATH, ".//button[contains(., 'Find better times')]")
                if buttons and buttons[0].is_enabled():
                    buttons[0].click()
                return False
            return [
                (
                    li.get_attribute("data-kind"),
                    li.find_element(By.CSS_SELECTOR, '[data-testid="suggested-slot"]').get_attribute("data-local"),
                    li.find_element(By.CSS_SELECTOR, '[data-testid="offer-text"]').get_attribute("textContent"),
                )
                for li in finding.find_elements(By.CSS_SELECTOR, "li.offer")
            ]
        except (StaleElementReferenceException, NoSuchElementException):
            return False

    return app.wait.until(read, f"no offers for {selector}")


def click_offer(app, selector, kind):
    """Click the first offer of `kind` in the first finding matching `selector`."""

    def click(driver):
        try:
            button = driver.find_element(
                By.CSS_SELECTOR, f'{selector} [data-testid="suggested-slot"][data-kind="{kind}"]'
            )
            scroll_to(app, button)
            button.click()
            return True
        except (StaleElementReferenceException, NoSuchElementException, ElementClickInterceptedException):
            return False

    app.wait.until(click, f"no {kind} offer in {selector}")


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


def open_panel(app):
    """Show the violations panel: a small window keeps it behind its button (it then slides
    over the calendar's right side)."""
    if not app.all_testid("violations-panel"):
        app.testid("toggle-violations").click()
    app.testid("violations-panel")


def test_move_break_suggest_undo(start_app):
    app = start_app()
    before = open_calendar(app)
    open_panel(app)
    keys_before = finding_keys(app)

    # Move "Holiday order pick-up slots are open" into the busy first week of November.
    move(app, "hl-holiday", "2026-11-07", "10:00")

    # The move is written after the dialog asks the backend to read the date: wait for it.
    app.wait.until(lambda _: check_count() != before, "the move was never written")
    broken = check_count()
    assert broken > before, "the move must break a guideline"
    wait_total(app, broken)
    app.wait.until(lambda _: any(k[0] == "cap" for k in finding_keys(app) - keys_before))
    new_cap = next(k for k in finding_keys(app) - keys_before if k[0] == "cap")
    keys_broken = finding_keys(app)
    app.screenshot("violation-after-move.png")

    # The new cap finding says which change caused it, wherever it sits; the header counts
    # problems (message occurrences) beside the findings, as `cadence check`'s records give.
    cause = "New since you moved “Holiday order pick-up slots are open” to Sat 7 Nov 10:00"
    finding = app.driver.find_element(
        By.CSS_SELECTOR, f'[data-testid="finding"][data-rule="cap"][data-message-id="{new_cap[1]}"]'
    )
    assert finding.get_attribute("data-new") == "true"
    assert cause in finding.find_element(By.CSS_SELECTOR, '[data-testid="finding-cause"]').get_attribute(
        "textContent"
    )
    assert cause.removeprefix("New ") in app.text_of("violations-cause")[0]
    app.wait.until(lambda _: header_problems(app) == check_problems())
    assert header_problems(app) < header_total(app)
    problem = app.driver.find_element(
        By.CSS_SELECTOR, f'[data-testid="problem"][data-message-id="{new_cap[1]}"]'
    )
    assert problem.get_attribute("data-new") == "true"

    # Ask the engine for better times for that finding and take the earliest clean one.
    selector = f'[data-testid="finding"][data-rule="cap"][data-message-id="{new_cap[1]}"]'
    offers_of(app, selector)
    click_offer(app, selector, "clean")
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


def test_quiet_hours_offers_and_one_problem_per_message(start_app):
    """Issue 12: a message moved into quiet hours on a Saturday evening gets a nearest offer
    the same evening or the next morning (not days later), a clean one and other days, each
    saying what it fixes; its quiet-hours findings in several segments are one problem."""
    app = start_app()
    before = open_calendar(app)
    open_panel(app)
    # Harvest Lane's quiet hours are 21:00-08:00; "Holiday order" goes to the root segment,
    # so every sub-segment inherits the touch.
    move(app, "hl-holiday", "2026-11-28", "22:30")
    app.wait.until(lambda _: check_count() != before, "the move was never written")
    wait_total(app, check_count())
    app.wait.until(lambda _: header_problems(app) == check_problems())

    problem_text = app.wait_for_text("problem-text", "breaks quiet hours for ")
    problem = problem_text.find_element(By.XPATH, "./ancestor::li[@data-testid='problem']")
    assert problem.get_attribute("data-message-id") == "hl-holiday"
    text = problem_text.get_attribute("textContent")
    assert " segments (" in text, text
    assert problem.get_attribute("data-new") == "true"
    assert "findings" in problem.get_attribute("textContent")
    scroll_to(app, problem)
    app.screenshot("problems-by-message.png")
    quiet = '[data-testid="finding"][data-rule="quiet_hours"][data-message-id="hl-holiday"]'
    assert len(app.driver.find_elements(By.CSS_SELECTOR, quiet)) > 1, "one quiet-hours finding per segment"

    offers = offers_of(app, quiet)
    app.driver.execute_script(
        "const all = document.querySelectorAll(arguments[0]);"
        "all[all.length - 1].scrollIntoView({block: 'end'});",
        f"{quiet} li.offer",
    )
    app.screenshot("quiet-hours-offers.png")
    kinds = [k for k, _, _ in offers]
    assert "nearest" in kinds and ("clean" in kinds), offers
    nearest = [local for k, local, _ in offers if k == "nearest"]
    assert all(local[:10] in ("2026-11-28", "2026-11-29") for local in nearest), offers
    assert all("fixes quiet hours" in t for _, _, t in offers), offers
    # No time twice, never three in the same hour of one day.
    locals_ = [local for _, local, _ in offers]
    assert len(set(locals_)) == len(locals_), offers
    hours = Counter(local[:13] for local in locals_)
    assert max(hours.values()) < 3, offers
    # Other days are on days of their own.
    spread = [local[:10] for k, local, _ in offers if k == "spread"]
    assert len(set(spread)) == len(spread) and len(spread) >= 1, offers

    # Taking the nearest offer fixes quiet hours for every segment.
    before = check_count()
    click_offer(app, quiet, "nearest")
    app.wait.until(lambda _: check_count() < before, "the nearest offer did not fix quiet hours")
    result = cli("check", "--format", "json")
    assert not [
        v for v in json.loads(result.stdout) if v["message"] == "hl-holiday" and v["rule"] == "quiet_hours"
    ]
