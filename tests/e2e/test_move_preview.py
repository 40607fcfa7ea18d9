"""A repeating message moved in the real window: before the planner picks "this occurrence"
or "the whole series", the dialog shows what each would do to the guidelines, worked out by
the engine; the choice then lands exactly there, as `cadence check` confirms."""

from selenium.webdriver.common.by import By

from test_planning import check_count, open_calendar, set_value, wait_total


def test_the_scope_dialog_previews_each_choice(start_app):
    app = start_app()
    before = open_calendar(app)

    # The third weekly offer (Thursday 19 November, 07:30, inside quiet hours) to noon.
    event = app.wait.until(
        lambda d: d.find_element(
            By.CSS_SELECTOR,
            '[data-testid="calendar-event"][data-message-id="hl-weekly-offers"][data-occurrence="2"]',
        )
    )
    event.click()
    app.testid("move-open").click()
    set_value(app, app.testid("move-date"), "2026-11-19")
    set_value(app, app.testid("move-time"), "12:00")
    app.testid("move-apply").click()

    occurrence = app.testid("move-outcome-occurrence")
    series = app.testid("move-outcome-series")
    delta_occurrence = int(occurrence.get_attribute("data-delta"))
    delta_series = int(series.get_attribute("data-delta"))
    # Out of quiet hours: one fewer for the occurrence, fewer still for the whole series.
    assert delta_occurrence < 0, occurrence.get_attribute("textContent")
    assert delta_series < delta_occurrence, series.get_attribute("textContent")
    assert "quiet hours" in occurrence.get_attribute("textContent")
    app.screenshot("move-preview.png")

    app.testid("move-scope-occurrence").click()
    app.wait.until(lambda _: check_count() == before + delta_occurrence, "the move did not land as previewed")
    wait_total(app, before + delta_occurrence)
    app.testid("undo").click()
    app.wait.until(lambda _: check_count() == before, "undo did not restore the plan")
    wait_total(app, before)

    # The cadence view of the same plan (kept in docs/ for the README).
    app.testid("view-cadence").click()
    app.wait.until(lambda _: len(app.all_testid("cadence-row")) == 4)
    app.screenshot("cadence.png")
