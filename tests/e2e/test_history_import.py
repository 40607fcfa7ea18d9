"""Importing past campaign data through the real window: the native open dialog, the preview
(preset, the mapping editor for a file no preset knows, rejected rows, audiences), the import
with its result, the rejected rows saved through the native save dialog, the saved mapping
found again, and removing an import. Checked against the database the app wrote."""

import csv
import os
import sqlite3

from selenium.webdriver.support.ui import Select

from native_dialog import choose_path

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "history")


def fixture(name):
    return os.path.realpath(os.path.join(FIXTURES, name))


def open_history_dialog(app):
    app.testid("workspace-menu").click()
    app.testid("menu-import-history").click()
    return app.testid("history-dialog")


def pick(app, name):
    app.testid("history-choose").click()
    choose_path(fixture(name), "Import campaign history", opening=True)
    app.testid("history-file")


def count(table):
    with sqlite3.connect(os.environ["CADENCE_DB"]) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_import_previews_maps_imports_and_removes(start_app):
    app = start_app()
    open_history_dialog(app)
    app.testid("no-history-imports")

    # A vendor export: the preset reads it; its audiences map to segments.
    pick(app, "mailchimp-campaigns.csv")
    app.wait_for_text("history-understood", "mailchimp")
    audiences = app.testid("history-audiences")
    assert "VIP" in audiences.get_attribute("textContent")
    vip = audiences.find_element("xpath", './/label[span[text()="VIP"]]//select')
    Select(vip).select_by_visible_text("Loyalty members")
    app.screenshot("history-preview-preset.png")
    app.testid("history-import").click()
    done = app.wait_for_text("history-done", "new records imported")
    assert "0 rows rejected" in done.get_attribute("textContent")
    sends = count("history_sends")
    assert sends > 0
    with sqlite3.connect(os.environ["CADENCE_DB"]) as db:
        mapped = db.execute("SELECT audience, segment_id FROM history_audience_segments").fetchall()
    assert ("VIP", "hl-loyal") in mapped

    # A German file no preset knows: say which column is which.
    app.driver.find_element("xpath", '//button[contains(., "Import another file")]').click()
    choose_path(fixture("german-sends.csv"), "Import campaign history", opening=True)
    app.wait_for_text("history-understood", "No preset knows these columns")
    choices = {
        "Datum": "at",
        "Kanal": "channel",
        "Segment": "audience",
        "Kampagne": "title",
        "Empfänger": "recipients",
        "Zugestellt": "delivered",
        "Öffnungen": "opens",
        "Klicks": "clicks",
        "Abmeldungen": "unsubscribes",
        "Umsatz": "revenue",
    }
    for select in app.all_testid("column-field"):
        column = select.get_attribute("aria-label").removeprefix("Field for column ")
        if column in choices:
            # The columns scroll sideways in a small window: bring this one into view first.
            app.driver.execute_script("arguments[0].scrollIntoView({block: 'nearest', inline: 'center'})", select)
            Select(select).select_by_value(choices[column])
    date_format = app.testid("history-date-format")
    date_format.send_keys("%d.%m.%Y %H:%M")
    app.testid("history-decimal-comma").click()
    app.wait_for_text("history-understood", "Read with your columns")
    app.screenshot("history-preview-mapping.png")
    app.testid("history-import").click()
    app.wait_for_text("history-done", "new records imported")
    assert count("history_sends") > sends
    with sqlite3.connect(os.environ["CADENCE_DB"]) as db:
        assert db.execute("SELECT COUNT(*) FROM history_mappings").fetchone()[0] == 1

    # The same header next time is read with the remembered columns.
    app.driver.find_element("xpath", '//button[contains(., "Import another file")]').click()
    choose_path(fixture("german-sends.csv"), "Import campaign history", opening=True)
    app.wait_for_text("history-understood", "columns you chose for this client last time")
    app.driver.find_element("xpath", '//button[contains(., "Back")]').click()

    # A file with bad rows: each named in the preview and after the import, saved as CSV.
    pick(app, "bad-sends.csv")
    app.testid("history-rejected-preview")
    app.testid("history-import").click()
    app.testid("history-rejected")
    rejected_in_window = len(app.driver.find_elements("css selector", '[data-testid="history-rejected"] tbody tr'))
    assert rejected_in_window > 0
    app.testid("save-rejected").click()
    saved = os.path.join(os.environ["CADENCE_E2E_WORK"], "bad-sends-rejected.csv")
    choose_path(saved, "Save the rejected rows")
    app.wait_for_text("history-done", "Saved to")
    with open(saved, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows and set(rows[0]) == {"line", "column", "reason"}
    assert len(rows) >= rejected_in_window
    app.screenshot("history-done.png")

    # Remove the first import: its rows go, the others stay.
    imports = app.all_testid("history-import-row")
    assert len(imports) == 3
    before = count("history_sends")
    app.all_testid("remove-history-import")[0].click()
    app.testid("confirm-remove-note")
    app.all_testid("remove-history-import")[0].click()
    app.wait.until(lambda d: len(app.all_testid("history-import-row")) == 2)
    assert count("history_sends") == before - sends
