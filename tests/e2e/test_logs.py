"""The app's log: a file in `logs/` beside the database (it follows CADENCE_DB), with the start,
the opened workspace and each write command (name, time, outcome), and never plan content."""

from conftest import log_text, new_client


def test_the_log_has_the_start_and_each_edit_and_no_plan_content(start_app):
    starts_before = log_text().count("Cadence started")
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")

    started = log_text()
    assert started.count("Cadence started") == starts_before + 1, started[-2000:]
    assert "workspace opened" in started
    assert "version=" in started and "cadence.db" in started

    new_client(app, "Lakeshore Florists", "Europe/Dublin")

    # The edit's line is in the file as soon as the window shows the change.
    after = log_text()[len(started):]
    edits = [line for line in after.splitlines() if "command=save_client" in line]
    assert len(edits) == 1, after
    assert " INFO " in edits[0] and "outcome=ok" in edits[0] and "ms=" in edits[0], edits[0]

    # Names, ids and time zones of the plan never reach the log.
    whole = log_text()
    for content in ["Lakeshore Florists", "lakeshore", "Harvest Lane Grocers", "Europe/Dublin"]:
        assert content not in whole, content
