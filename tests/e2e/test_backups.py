"""Nothing a user does can brick a workspace: in the real window, a workspace that this
Cadence cannot open shows the problem and the way out, and a backup taken by the CLI's
replace brings it back; the backups are listed from the workspace menu too."""

import os
import sqlite3

from conftest import cli


def test_a_workspace_that_cannot_be_opened_is_restored_from_a_backup(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")
    app.quit()

    # Replace the workspace with itself through the CLI: that takes a backup first.
    saved = os.path.join(os.environ["CADENCE_E2E_WORK"], "sample.json")
    assert cli("plan", "export", "-o", saved).returncode == 0
    replaced = cli("plan", "import", "--replace", saved)
    assert replaced.returncode == 0, replaced.stderr
    assert "saved as backup" in replaced.stderr
    # Then another tool (or an older Cadence) stores a horizon this Cadence refuses.
    with sqlite3.connect(os.environ["CADENCE_DB"]) as db:
        db.execute("UPDATE workspace SET horizon_end = '2190-01-01'")

    broken = start_app()
    panel = broken.testid("error-panel")
    text = panel.get_attribute("textContent")
    assert "cannot open" in text, text
    assert "horizon" in text, text
    broken.screenshot("workspace-cannot-open.png")
    broken.testid("error-restore").click()
    broken.testid("restore-dialog")
    rows = broken.wait_for_text("backup-row", "Before replacing the workspace")
    assert rows is not None
    broken.screenshot("restore-backup.png")
    broken.testid("confirm").click()
    broken.wait_for_text("client-item", "Harvest Lane Grocers")
    broken.wait_for_text("notice", "Restored the backup")

    # The restore itself left a backup of the broken workspace: both are listed.
    broken.testid("workspace-menu").click()
    broken.testid("menu-restore-backup").click()
    broken.wait_for_text("backup-row", "Before restoring a backup")
    assert len(broken.all_testid("backup-row")) >= 2
    listed = cli("backup", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert "before-restore" in listed.stdout

    # The CLI agrees the restored workspace loads.
    checked = cli("check")
    assert checked.returncode in (0, 1), checked.stderr
