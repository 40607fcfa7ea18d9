"""Start-up in the real window: the window and its shell show at once while the database is
opened on its own thread ("Opening the workspace…"), then the workspace; a database another
program keeps locked past the wait still ends on its error screen, and Try again opens it
once that program is gone."""

import os
import subprocess
import sys

from selenium.webdriver.common.by import By

# Holds an exclusive lock on the database (no other connection can even read it) until a
# line comes on standard input or argv[2] seconds have passed.
HOLD_LOCK = """
import select, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA locking_mode=EXCLUSIVE")
db.execute("BEGIN EXCLUSIVE")
db.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("locked", flush=True)
select.select([sys.stdin], [], [], float(sys.argv[2]))
db.execute("ROLLBACK")
db.close()
"""


def hold_lock(seconds):
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, os.environ["CADENCE_DB"], str(seconds)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    return holder


def opening_or_error(app):
    """What the window shows first: "opening" (the shell while the database is opened) or
    "error" (the opening already failed)."""

    def shown(driver):
        if app.all_testid("error-panel"):
            return "error"
        for element in driver.find_elements(By.CSS_SELECTOR, '[aria-busy="true"]'):
            if "Opening the workspace" in (element.get_attribute("textContent") or ""):
                return "opening"
        return False

    return app.wait.until(shown, "the window showed neither the opening nor an error")


def test_the_window_shows_while_the_database_is_still_being_opened(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")
    app.quit()

    holder = hold_lock(30)
    try:
        app = start_app()
        # The page is up and says so while the database is still locked (the opening waits
        # up to 3 s for other programs' locks); before, the window stayed blank until the
        # database was open.
        assert opening_or_error(app) == "opening"
        assert holder.poll() is None
        holder.stdin.write("go\n")
        holder.stdin.flush()
        holder.wait(timeout=10)
        app.wait_for_text("client-item", "Harvest Lane Grocers")
    finally:
        holder.kill()
        holder.wait()
    assert app.all_testid("client-title"), "the first client's overview is shown"
    app.screenshot("startup-opened.png")


def test_a_database_locked_past_the_wait_shows_its_error_screen(start_app):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")
    app.quit()

    holder = hold_lock(30)
    try:
        app = start_app()
        if opening_or_error(app) == "opening":
            app.screenshot("startup-opening.png")
        panel = app.testid("error-panel")
        text = panel.get_attribute("textContent")
        assert "locked by another program" in text, text
        app.screenshot("startup-locked.png")
    finally:
        holder.kill()
        holder.wait()
    # The other program is gone: Try again opens the workspace.
    app.driver.execute_script(
        "[...document.querySelectorAll('[data-testid=error-panel] button')]"
        ".find((b) => b.textContent.includes('Try again')).click()"
    )
    app.wait_for_text("client-item", "Harvest Lane Grocers")
