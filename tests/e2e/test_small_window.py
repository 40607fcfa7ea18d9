"""A planner's first hour in the real window, at whatever size the run gives (run.sh runs the
suite at 1280x800 and 1024x700): the calendar's views fit, today is the backend's, empty
slots and the native menu's keys work from the keyboard, a typed date lands on that date."""

import json
import shutil
import subprocess
import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import cli

# CADENCE_TODAY in run.sh: the sample agency is laid out around it.
TODAY_DAY = "23"


def rect(app, element):
    return app.driver.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height};",
        element,
    )


def overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def open_calendar(app):
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    app.testid("view-calendar").click()
    calendar = app.testid("calendar")
    app.wait.until(lambda _: calendar.get_attribute("data-loaded") == "true")
    app.wait.until(lambda _: app.all_testid("calendar-event"))
    return calendar


def message_at(message_id):
    """The plan's `at` of a message, read with the CLI from the app's database."""
    result = cli("plan", "export")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    for client in plan["clients"]:
        for campaign in client["campaigns"]:
            for message in campaign["messages"]:
                if message["id"] == message_id:
                    return message["at"]
    raise AssertionError(f"no message {message_id}")


def select_message(app, message_id):
    """Click a message on the calendar (the calendar redraws after a change: look again)."""

    def click(driver):
        try:
            driver.find_element(
                By.CSS_SELECTOR, f'[data-testid="calendar-event"][data-message-id="{message_id}"]'
            ).click()
            return True
        except StaleElementReferenceException:
            return False

    app.wait.until(click)


def test_calendar_views_fit_the_window(start_app):
    app = start_app()
    width, height = app.size
    calendar = open_calendar(app)
    box = rect(app, calendar)
    assert box["right"] <= width and box["bottom"] <= height, box

    # Month: messages are drawn in the cells, each title readable (cut with an ellipsis, the
    # whole title in the tooltip), not only "+N more".
    events = [e for e in app.all_testid("calendar-event") if e.is_displayed()]
    assert len(events) >= 8, f"only {len(events)} messages drawn in the month at {width}x{height}"
    for event in events:
        title = event.find_element(By.CSS_SELECTOR, ".ev-title")
        assert rect(app, title)["width"] >= 60, "a month title is cut to a few characters"
        assert title.get_attribute("textContent") in event.get_attribute("title")
    # The toolbar: one title line, and the view buttons inside the calendar, clear of the panel.
    title = calendar.find_element(By.CSS_SELECTOR, ".ec-title")
    assert rect(app, title)["height"] < 30, "the month title wraps"
    buttons = calendar.find_elements(By.CSS_SELECTOR, ".ec-toolbar .ec-button")
    assert buttons
    for panel in app.all_testid("violations-panel"):
        for button in buttons:
            assert not overlap(rect(app, button), rect(app, panel)), button.text
    for button in buttons:
        b = rect(app, button)
        assert box["left"] <= b["left"] and b["right"] <= box["right"], button.text
    # Today is the backend's today, not the machine's clock.
    today = calendar.find_elements(By.CSS_SELECTOR, ".ec-day.ec-highlight")
    assert len(today) == 1 and today[0].text.strip().startswith(TODAY_DAY), [t.text for t in today]
    # Icon-only buttons have names.
    names = [b.get_attribute("aria-label") for b in calendar.find_elements(By.CSS_SELECTOR, "button.ec-prev, button.ec-next")]
    assert names == ["Previous month", "Next month"], names
    app.screenshot("calendar-month.png")

    # The panel: beside the calendar when there is room, else collapsed behind its button.
    toggle = app.testid("toggle-violations")
    if width < 1200:
        assert not app.all_testid("violations-panel"), "the panel squeezes the calendar in a small window"
        toggle.click()
        drawer = app.testid("violations-drawer")
        assert rect(app, drawer)["right"] <= width
        app.screenshot("calendar-month-panel.png")
        toggle.click()
    else:
        app.testid("violations-beside")

    # Week: the messages of the week in their slots.
    calendar.find_element(By.CSS_SELECTOR, ".ec-timeGridWeek").click()
    app.wait.until(lambda _: calendar.find_elements(By.CSS_SELECTOR, ".ec-time-grid"))
    app.wait.until(lambda _: [e for e in app.all_testid("calendar-event") if e.is_displayed()])
    names = [b.get_attribute("aria-label") for b in calendar.find_elements(By.CSS_SELECTOR, "button.ec-prev, button.ec-next")]
    assert names == ["Previous week", "Next week"], names
    app.screenshot("calendar-week.png")


def test_year_zoom_scrolls_to_today_and_clears_the_last_row(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    app.testid("view-cadence").click()
    app.testid("cadence-zoom-year").click()
    app.wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".colhead")) > 50)
    scroller = app.driver.find_element(By.CSS_SELECTOR, '[data-testid="cadence-view"] .scroller')

    def today_visible(_):
        heads = app.driver.find_elements(By.CSS_SELECTOR, ".colhead.today")
        if len(heads) != 1:
            return False
        head, port = rect(app, heads[0]), rect(app, scroller)
        # Right of the sticky names (200 px) and inside the scroller.
        return head["left"] >= port["left"] + 200 and head["right"] <= port["right"]

    app.wait.until(today_visible, "today's week is not in view in Year zoom")
    # The sticky "Segment" heading stays above the month labels scrolled under it (they
    # overflow their cells to the left).
    on_top = app.driver.execute_script(
        "const n = document.querySelector('[data-testid=\"cadence-view\"] .head .name');"
        "const r = n.getBoundingClientRect();"
        "const hit = document.elementFromPoint(r.left + 12, r.top + r.height / 2);"
        "return n === hit || n.contains(hit);"
    )
    assert on_top, "a month label is drawn over the sticky Segment heading"
    # As it opens: every row above the horizontal scrollbar's strip (the grid is not squeezed
    # to a few rows by the chart below it).
    first_view = app.driver.execute_script(
        "const s = arguments[0]; return {rows: s.getBoundingClientRect().top + s.clientHeight,"
        " tall: s.scrollHeight > s.clientHeight};",
        scroller,
    )
    if not first_view["tall"]:
        assert rect(app, app.all_testid("cadence-cell")[-1])["bottom"] <= first_view["rows"] - 12
    app.screenshot("cadence-year.png")
    # Scrolled to the bottom, the last row sits above the horizontal scrollbar's strip.
    app.driver.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", scroller)
    time.sleep(0.3)
    cells = app.all_testid("cadence-cell")
    last = rect(app, cells[-1])
    port = app.driver.execute_script(
        "const s = arguments[0], r = s.getBoundingClientRect(); return {bottom: r.top + s.clientHeight,"
        " grid: s.firstElementChild.getBoundingClientRect().bottom, wide: s.scrollWidth > s.clientWidth};",
        scroller,
    )
    assert last["bottom"] <= port["bottom"], (last, port)
    if port["wide"]:
        assert port["grid"] - last["bottom"] >= 12, "no room under the last row for the scrollbar"
    app.screenshot("cadence-year-bottom.png")


def test_keyboard_plans_in_an_empty_slot_and_tells_focus_from_selection(start_app):
    app = start_app()
    calendar = open_calendar(app)
    app.driver.execute_script("arguments[0].focus()", calendar)
    app.wait.until(lambda _: calendar.get_attribute("data-cursor") == "2026-11-23T09:00:00")
    ActionChains(app.driver).send_keys(Keys.ARROW_RIGHT).send_keys(Keys.ARROW_DOWN).perform()
    app.wait.until(lambda _: calendar.get_attribute("data-cursor") == "2026-12-01T09:00:00")
    assert "1 Dec 2026" in app.text_of("calendar-cursor")[0]
    app.screenshot("calendar-cursor.png")
    ActionChains(app.driver).send_keys(Keys.ENTER).perform()
    form = app.testid("message-form")
    assert form.find_element(By.ID, "message-date").get_attribute("value") == "2026-12-01"
    assert form.find_element(By.ID, "message-time").get_attribute("value") == "09:00"
    ActionChains(app.driver).send_keys(Keys.ESCAPE).perform()
    app.wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, '[data-testid="message-form"]'))

    # Selected and focused messages look different.
    ids = []
    for event in app.all_testid("calendar-event"):
        if event.is_displayed() and event.get_attribute("data-message-id") not in ids:
            ids.append(event.get_attribute("data-message-id"))
    chosen = "hl-holiday"
    other = next(i for i in ids if i != chosen)
    select_message(app, chosen)
    # One script: the calendar redraws its chips when the selection changes.
    looks = """
        const chip = (id) => document.querySelector(
            `[data-testid="calendar-event"][data-message-id="${id}"]`).closest(".ec-event");
        const selected = chip(arguments[0]), focused = chip(arguments[1]);
        if (!selected.classList.contains("selected") || document.activeElement !== focused) return null;
        const s = getComputedStyle(selected), f = getComputedStyle(focused);
        return {selectedShadow: s.boxShadow, selectedOutline: s.outlineStyle,
                focusedOutline: f.outlineStyle, focusedShadow: f.boxShadow};
    """
    app.wait.until(
        lambda d: d.execute_script(
            "return document.querySelector(`[data-testid='calendar-event'][data-message-id='${arguments[0]}']`)"
            ".closest('.ec-event').classList.contains('selected')",
            chosen,
        )
    )
    # Focus the other message the keyboard's way (focus rings are for keyboard users,
    # :focus-visible): from it, Shift+Tab away and Tab back.
    app.driver.execute_script(
        "document.querySelector(`[data-testid='calendar-event'][data-message-id='${arguments[0]}']`)"
        ".closest('.ec-event').focus()",
        other,
    )
    ActionChains(app.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).send_keys(Keys.TAB).perform()
    style = app.wait.until(lambda d: d.execute_script(looks, chosen, other))
    assert style["selectedShadow"] != "none", style
    assert style["focusedOutline"] == "dashed" and style["selectedOutline"] != "dashed", style
    app.screenshot("focus-and-selection.png")


def test_typed_date_in_the_move_dialog_lands_on_that_date(start_app):
    app = start_app()
    open_calendar(app)
    select_message(app, "hl-holiday")
    app.testid("move-open").click()
    field = app.testid("move-date")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("2026-11-07")
    app.wait_for_text("move-date-reads", "7 Nov 2026")
    time_field = app.testid("move-time")
    app.driver.execute_script(
        "arguments[0].value = '10:00'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        time_field,
    )
    app.testid("move-apply").click()
    app.wait.until(lambda _: message_at("hl-holiday").startswith("2026-11-07T10:00"), "the move went elsewhere")
    # Day-first with dots reads the same way whatever the locale.
    select_message(app, "hl-holiday")
    app.testid("move-open").click()
    field = app.testid("move-date")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("9.11.2026")
    app.wait_for_text("move-date-reads", "9 Nov 2026")
    app.testid("move-apply").click()
    app.wait.until(lambda _: message_at("hl-holiday").startswith("2026-11-09T10:00"), "the move went elsewhere")


def test_window_days_minus_three_is_refused_under_the_field(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    app.testid("client-guidelines").click()
    rule = app.wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="guideline-rule"][data-kind="cap"]')
    )
    field = rule.find_element(By.CSS_SELECTOR, 'input[id$="-window_days"]')
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("-3")
    assert field.get_attribute("value") == "-3"
    app.testid("save-guidelines").click()
    error = app.wait.until(
        lambda _: rule.find_element(By.CSS_SELECTOR, '[data-field-error="window_days"]')
    )
    assert "Type a whole number" in error.text
    assert app.all_testid("save-guidelines"), "the editor must stay open"


def test_a_blackout_day_is_typed_and_read_by_the_backend(start_app):
    """The blackout rule's day is a text field (WebKitGTK's date input showed 11/13/2026 under a
    C locale); the backend reads it as it reads the message date and the rule keeps that day."""
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    app.testid("client-guidelines").click()
    editor = app.testid("guidelines-editor")
    kind = editor.find_element(By.ID, "new-rule-kind")
    app.driver.execute_script(
        "arguments[0].value = 'blackout'; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
        kind,
    )
    add = kind.find_element(By.XPATH, "following-sibling::button")
    app.wait.until(lambda _: add.is_enabled())
    add.click()
    rule = app.wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="guideline-rule"][data-kind="blackout"]')
    )
    field = app.testid("blackout-date")
    assert field.get_attribute("type") == "text"
    field.send_keys("24.12.2026")
    app.wait.until(lambda _: "Reads as 24 Dec 2026" in rule.get_attribute("textContent"))
    app.screenshot("blackout-rule-typed.png")
    field.send_keys(Keys.ENTER)
    app.wait.until(lambda _: "2026-12-24" in [li.text.split()[0] for li in rule.find_elements(By.TAG_NAME, "li")])
    assert field.get_attribute("value") == ""
    app.screenshot("blackout-rule-added.png")


def xdotool_key(app, *keys):
    """A real key press on the app's window, through GTK (WebDriver's keys skip the menu)."""
    window = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "^Cadence$"], capture_output=True, text=True, check=True
    ).stdout.split()[0]
    subprocess.run(["xdotool", "windowfocus", "--sync", window], check=True, timeout=10)
    for key in keys:
        subprocess.run(["xdotool", "key", "--clearmodifiers", key], check=True, timeout=10)
        time.sleep(0.4)


@pytest.mark.skipif(shutil.which("xdotool") is None, reason="xdotool is not installed")
def test_native_edit_menu_undoes_and_redoes_and_file_quit_quits(start_app):
    app = start_app()
    open_calendar(app)
    before = message_at("hl-holiday")
    select_message(app, "hl-holiday")
    app.testid("move-open").click()
    field = app.testid("move-date")
    field.send_keys(Keys.CONTROL, "a")
    field.send_keys("2026-11-25")
    app.testid("move-apply").click()
    app.wait.until(lambda _: message_at("hl-holiday").startswith("2026-11-25"))
    app.wait.until(lambda _: app.testid("undo").is_enabled())

    # Ctrl+Z and Shift+Ctrl+Z through the window: the native Edit menu's accelerators.
    app.driver.execute_script("document.activeElement && document.activeElement.blur()")
    xdotool_key(app, "ctrl+z")
    app.wait.until(lambda _: message_at("hl-holiday") == before, "Ctrl+Z (Edit → Undo) did not undo")
    app.wait.until(lambda _: app.testid("redo").is_enabled())
    xdotool_key(app, "ctrl+shift+z")
    app.wait.until(lambda _: message_at("hl-holiday").startswith("2026-11-25"), "Shift+Ctrl+Z did not redo")

    # The Edit menu, open: its items name the step.
    subprocess.run(["xdotool", "mousemove", "60", "12", "click", "1"], check=True, timeout=10)
    time.sleep(1.0)
    app.screenshot("edit-menu.png")
    subprocess.run(["xdotool", "key", "Escape"], check=True, timeout=10)
    time.sleep(0.5)

    # File → Quit (Ctrl+Q) ends the app.
    xdotool_key(app, "ctrl+q")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", "^Cadence$"], capture_output=True, text=True
        )
        if not found.stdout.strip():
            break
        time.sleep(0.3)
    else:
        raise AssertionError("Ctrl+Q (File → Quit) did not close the window")


def campaign_of(client_id, name):
    """A campaign of a client by name, read with the CLI from the app's database."""
    result = cli("plan", "export")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    client = next(c for c in plan["clients"] if c["id"] == client_id)
    return next((k for k in client["campaigns"] if k["name"] == name), None)


def test_typed_days_in_the_campaign_form_are_saved_as_read(start_app):
    """The campaign's first and last days are text fields the backend reads (WebKitGTK's date
    input showed 11/13/2026 under a C locale); the line under each says how it read."""
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    app.testid("new-campaign").click()
    form = app.testid("campaign-form")
    form.find_element(By.ID, "campaign-name").send_keys("Winter typed")
    start = app.testid("campaign-start")
    end = app.testid("campaign-end")
    assert start.get_attribute("type") == "text"
    start.send_keys("13.11.2026")
    end.send_keys("2026-13-01")
    app.wait.until(lambda _: "Reads as 13 Nov 2026" in form.get_attribute("textContent"))
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    # The month that is not one is named under the last day, and nothing is saved.
    app.wait.until(lambda _: "is not a day of the calendar" in form.get_attribute("textContent"))
    app.screenshot("campaign-form-typed.png")
    assert campaign_of("harvest-lane", "Winter typed") is None
    end.send_keys(Keys.CONTROL, "a")
    end.send_keys("24.12.2026")
    app.wait.until(lambda _: "Reads as 24 Dec 2026" in form.get_attribute("textContent"))
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    app.wait.until(lambda _: not app.all_testid("campaign-form"))
    saved = campaign_of("harvest-lane", "Winter typed")
    assert (saved["start"], saved["end"]) == ("2026-11-13", "2026-12-24")


def test_the_segment_picker_says_what_a_chosen_segment_reaches(start_app):
    """"Reached via" is the backend's answer (the message draft check's `reached_via`)."""
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    ActionChains(app.driver).send_keys("n").perform()
    form = app.testid("message-form")
    picker = form.find_element(By.ID, "message-segments")
    box = picker.find_element(By.CSS_SELECTOR, 'input[value="hl-all"]')
    app.driver.execute_script("arguments[0].click()", box)
    app.wait.until(
        lambda _: len([e for e in picker.find_elements(By.CSS_SELECTOR, ".via") if "All shoppers" in e.text]) == 3,
        "the sub-segments of All shoppers never said they are reached via it",
    )
    # Choosing a sub-segment too: its own sub-segment is reached via the nearer one.
    coupon = picker.find_element(By.CSS_SELECTOR, 'input[value="hl-coupon"]')
    app.driver.execute_script("arguments[0].click()", coupon)
    app.wait.until(
        lambda _: [e.text for e in picker.find_elements(By.CSS_SELECTOR, ".via")]
        == ["reached via Coupon fans", "reached via All shoppers"],
    )
    app.screenshot("segment-picker-reached-via.png")
