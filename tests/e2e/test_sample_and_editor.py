"""Issue 12, items 6 and 7 in the real window: first start says the sample is sample data;
"Remove sample clients" keeps the planner's own client, is undoable and leaves a backup; the
message editor shows the engine's violations of the message and of the draft, never offers
"Save anyway" for missing fields, and saving a message unchanged adds no undo step."""

import json
import os

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import cli, new_client
from test_planning import set_value


def remove_database():
    for suffix in ("", "-wal", "-shm"):
        path = os.environ["CADENCE_DB"] + suffix
        if os.path.exists(path):
            os.remove(path)


@pytest.fixture
def first_start():
    """A first start on a new database, and a new one again afterwards, so later tests of the
    run find the sample agency as always."""
    remove_database()
    yield
    remove_database()


def click(app, element):
    """Click through script: hover-only buttons and rows under the pointer."""
    app.driver.execute_script("arguments[0].click()", element)


def edit_message(app, title):
    button = app.wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, f'button[aria-label="Edit {title}"]')
    )
    click(app, button)
    return app.testid("message-form")


def test_sample_banner_removal_and_the_message_editor(start_app, first_start):
    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")
    app.wait_for_text("sample-banner", "This client is sample data")
    assert len(app.all_testid("sample-tag")) == 3
    app.screenshot("sample-banner.png")

    # The planner's own client: no banner.
    new_client(app, "Riverside Dental", "America/Chicago").click()
    app.wait.until(lambda _: not app.all_testid("sample-banner"))

    # The working views keep their room: no banner there, a "Sample" pill in the tab bar
    # that offers the removal too.
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    app.testid("view-calendar").click()
    app.wait.until(lambda _: not app.all_testid("sample-banner"))
    app.testid("sample-pill").click()
    app.testid("remove-sample-dialog")
    app.wait_for_text("sample-clients", "Harvest Lane Grocers")
    app.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    app.wait.until(lambda _: not app.all_testid("remove-sample-dialog"))
    app.testid("view-overview").click()

    # Remove the sample from the banner of a sample client.
    app.testid("remove-sample").click()
    app.testid("remove-sample-dialog")
    app.wait_for_text("sample-clients", "Tidewater Coffee Co.")
    app.wait_for_text("sample-kept", "Your own client stays")
    app.wait_for_text("undo-hint", "You can undo this")
    app.screenshot("remove-sample-dialog.png")
    app.testid("confirm").click()
    app.wait.until(lambda _: len(app.all_testid("client-item")) == 1)
    assert "Riverside Dental" in app.text_of("client-item")[0]
    assert not app.all_testid("sample-banner")
    assert not app.all_testid("sample-pill")
    app.wait_for_text("notice", "Removed 3 sample clients")

    # The database agrees, and a backup was taken first.
    listed = cli("client", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert [c["id"] for c in json.loads(listed.stdout)] == ["riverside-dental"]
    backups = cli("backup", "list", "--format", "json")
    assert "before-remove-sample" in backups.stdout, backups.stdout

    # Undo brings the sample back, with its banner.
    app.testid("undo").click()
    app.wait.until(lambda _: len(app.all_testid("client-item")) == 4)
    app.wait_for_text("client-item", "Harvest Lane Grocers").click()
    app.wait_for_text("sample-banner", "This client is sample data")
    redo = app.testid("redo")
    assert redo.is_enabled()

    # A message that breaks quiet hours: the editor says so when it opens.
    edit_message(app, "Offers end tonight")
    app.wait_for_text("message-findings", "This message breaks guidelines now: quiet hours")
    app.screenshot("message-violations.png")
    # Saved unchanged: no undo step (redo would have been cleared by a new one).
    app.testid("save-message").click()
    app.wait.until(lambda _: not app.all_testid("message-form"))
    assert app.testid("redo").is_enabled(), "saving unchanged must not add an undo step"

    # The draft's would-be violations, and Save anyway with the reason beside the button.
    edit_message(app, "Offers end tonight")
    set_value(app, app.testid("message-form").find_element(By.ID, "message-time"), "10:00")
    # In the morning it is out of quiet hours (whatever else it still breaks).
    app.wait.until(
        lambda _: app.all_testid("message-fixed")
        or (
            any("would break" in t for t in app.text_of("message-findings"))
            and "quiet_hours" not in [e.get_attribute("data-rule") for e in app.all_testid("message-finding")]
        ),
        "the morning draft was never checked",
    )
    app.screenshot("message-draft-morning.png")
    set_value(app, app.testid("message-form").find_element(By.ID, "message-time"), "23:15")
    app.wait_for_text("message-findings", "Saved like this, the message would break: quiet hours")
    app.testid("save-message").click()
    app.wait_for_text("save-message", "Save anyway")
    app.wait_for_text("save-anyway-reason", "Breaks quiet hours")
    app.screenshot("message-save-anyway.png")
    ActionChains(app.driver).send_keys(Keys.ESCAPE).perform()
    app.wait.until(lambda _: not app.all_testid("message-form"))

    # Missing fields block saving and never turn the button into Save anyway.
    ActionChains(app.driver).send_keys("n").perform()
    app.testid("message-form")
    app.testid("save-message").click()
    app.testid("save-message").click()
    app.wait_for_text("save-blocked", "Fill in or fix: title")
    assert "Save anyway" not in app.text_of("save-message")[0]
    app.screenshot("message-blocked.png")
