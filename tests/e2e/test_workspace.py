"""The real Cadence window: first start shows the sample agency; a client and a segment
created in the UI are still there after the app restarts; the CLI reads the same database."""

import json


from conftest import cli, new_client


def test_first_start_opens_on_the_sample_agency(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")
    names = app.text_of("client-item")
    assert any("Northbridge Bank" in n for n in names), names
    assert any("Tidewater Coffee Co." in n for n in names), names
    assert app.text_of("db-path")[0].strip().endswith("cadence.db")
    app.screenshot("sample-agency.png")


def test_created_client_and_segment_survive_a_restart(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")

    new_client(app, "Riverside Dental", "America/Chicago").click()

    app.testid("new-segment").click()
    app.testid("segment-form")
    app.testid("segment-name").send_keys("Patients due a check-up")
    app.testid("save-segment").click()
    app.wait_for_text("segment-item", "Patients due a check-up")
    app.quit()

    # The CLI sees the new client in the same database file.
    listed = cli("client", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    clients = {c["id"]: c for c in json.loads(listed.stdout)}
    assert clients["riverside-dental"]["timezone"] == "America/Chicago"
    assert clients["riverside-dental"]["segments"] == 1

    again = start_app()
    again.wait_for_text("client-item", "Riverside Dental").click()
    again.wait_for_text("segment-item", "Patients due a check-up")
    again.screenshot("after-restart.png")
