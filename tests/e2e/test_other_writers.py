"""The app and the CLI on one database lose nothing of each other's work: a client and a
channel the CLI imports while the window is open appear within seconds with a notice, and
the window's next edit keeps them (it used to fail on a foreign key, or drop them)."""

import copy
import json
import os
import sqlite3
import time

from conftest import cli


def prefixed(client, prefix, channel):
    """A copy of `client` with every id prefixed, whose messages go out on `channel`."""
    c = copy.deepcopy(client)
    c["id"] = prefix + c["id"]
    c["name"] = "Lakeside Books"
    for s in c.get("segments", []):
        s["id"] = prefix + s["id"]
        if s.get("parent"):
            s["parent"] = prefix + s["parent"]
    for k in c.get("campaigns", []):
        k["id"] = prefix + k["id"]
        for m in k.get("messages", []):
            m["id"] = prefix + m["id"]
            m["channel"] = channel
            m["segments"] = [prefix + s for s in m.get("segments", [])]
    return c


def test_a_cli_import_while_the_app_is_open_is_shown_and_kept(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")

    work = os.environ["CADENCE_E2E_WORK"]
    whole = os.path.join(work, "whole.json")
    assert cli("plan", "export", "-o", whole).returncode == 0
    with open(whole, encoding="utf-8") as f:
        plan = json.load(f)
    plan["channels"].append({"id": "fax", "name": "Fax", "requires_consent": False})
    plan["clients"] = [prefixed(plan["clients"][0], "cli-", "fax")]
    small = os.path.join(work, "lakeside.json")
    with open(small, "w", encoding="utf-8") as f:
        json.dump(plan, f)

    started = time.monotonic()
    imported = cli("plan", "import", small)
    assert imported.returncode == 0, imported.stderr
    app.wait_for_text("client-item", "Lakeside Books")
    app.wait_for_text("notice", "changed outside Cadence")
    assert time.monotonic() - started < 6
    app.screenshot("changed-outside.png")

    # The window's next edit writes the channels too: it keeps the CLI's channel and client.
    app.testid("new-client").click()
    app.testid("client-form")
    app.testid("client-name").send_keys("Hillcrest Vets")
    app.testid("save-client").click()
    app.wait_for_text("client-item", "Hillcrest Vets")

    with sqlite3.connect(os.environ["CADENCE_DB"]) as db:
        names = {row[0] for row in db.execute("SELECT name FROM clients")}
        channels = {row[0] for row in db.execute("SELECT id FROM channels")}
    assert {"Lakeside Books", "Hillcrest Vets", "Harvest Lane Grocers"} <= names, names
    assert "fax" in channels, channels
