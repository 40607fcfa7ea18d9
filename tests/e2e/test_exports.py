"""File → Export… in the real window: choose the PDF report, save it through the real
native GTK save dialog (driven with xdotool), and find the client's messages in the file."""

import os
import shutil
import subprocess

from selenium.webdriver.common.keys import Keys

from conftest import log_text
from native_dialog import choose_path

TITLES = ["This week's offers", "Three dinners under $15"]


def test_the_pdf_report_is_saved_through_the_native_dialog(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()

    app.testid("workspace-menu").click()
    app.testid("menu-export").click()
    app.testid("export-dialog")
    app.testid("export-format-pdf").click()
    client = app.testid("export-client")
    app.driver.execute_script(
        "arguments[0].value = 'harvest-lane';"
        "arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
        client,
    )
    # The period's days are text fields the backend reads (WebKitGTK's date input showed
    # 11/13/2026 under a C locale); day first with dots reads the same in every locale.
    first = app.testid("export-from")
    assert first.get_attribute("type") == "text"
    first.send_keys(Keys.CONTROL, "a")
    first.send_keys("1.11.2026")
    dialog = app.testid("export-dialog")
    app.wait.until(lambda _: "Reads as 1 Nov 2026" in dialog.get_attribute("textContent"))
    app.screenshot("export-dialog.png")

    target = os.path.join(os.environ["CADENCE_E2E_WORK"], "exports", "harvest-lane-plan.pdf")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    app.testid("export-start").click()
    choose_path(target, title="Export PDF")

    app.wait_for_text("export-summary", "PDF report")
    app.wait_for_text("export-path", target)
    summary = app.text_of("export-summary")[0]
    assert summary.endswith("pages"), summary
    app.testid("export-reveal")
    app.screenshot("export-done.png")

    # The log names the export's kind and folder, never its file (named after the client).
    exported = [line for line in log_text().splitlines() if "export written" in line]
    assert exported and "kind=Pdf" in exported[-1], exported
    assert f"folder={os.path.dirname(target)}" in exported[-1], exported
    assert "harvest-lane" not in log_text()

    with open(target, "rb") as f:
        assert f.read(5) == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", target, "-"], capture_output=True, text=True, check=True
        ).stdout
        for title in TITLES:
            assert title in text, f"{title} missing from the report"
        assert "1 November 2026 – 31 March 2027" in text, "the typed period is not the report's"

    # The choices are remembered: the dialog opens on the PDF of the same client.
    app.testid("export-close").click()
    app.testid("workspace-menu").click()
    app.testid("menu-export").click()
    assert app.testid("export-format-pdf").is_selected()
    assert app.testid("export-client").get_attribute("value") == "harvest-lane"
    assert app.testid("export-from").get_attribute("value") == "2026-11-01"
