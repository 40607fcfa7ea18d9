"""Past campaign data in the real window (issue 8): history imported by the CLI, the Insights
view's fatigue curve with its recommended cap, Apply as guideline, the new cap in the
guidelines editor and the cadence view, undo."""

import os
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import cli


def write_programme(path, people=3000, tired=3):
    """A Klaviyo-style activity export: people get 1-4 emails a week for six weeks; every 500th
    email of each touch count unsubscribes below `tired` a week, every 40th from it on (as in
    crates/desk/tests/integration/insights_view.rs), so history suggests at most `tired - 1` a week."""
    start = datetime(2025, 3, 3, 8, 0, tzinfo=timezone.utc)
    counters = [0] * 5
    rows = []
    for p in range(people):
        per_week = 1 + p % 4
        done = False
        for w in range(6):
            for j in range(per_week):
                at = start + timedelta(days=7 * w, seconds=j * (7 * 86400 // per_week) + p % 3600)
                k = j + 1 if w == 0 else per_week
                rows.append((at, p, "Received Email"))
                counters[k] += 1
                if counters[k] % (40 if k >= tired else 500) == 0:
                    rows.append((at + timedelta(hours=1), p, "Unsubscribed"))
                    done = True
                    break
            if done:
                break
    rows.sort()
    with open(path, "w", encoding="utf-8") as f:
        f.write("Email,Event,Timestamp,Campaign,List,Channel\n")
        for at, p, event in rows:
            f.write(f"person{p}@example.com,{event},{at:%Y-%m-%dT%H:%M:%SZ},Weekly,Loyalty members,Email\n")


def open_guidelines(app, segment):
    """The segment tree shows its buttons on hover; click the Guidelines one directly."""
    button = segment.find_element(By.CSS_SELECTOR, 'button[aria-label="Guidelines of Loyalty members"]')
    app.driver.execute_script("arguments[0].click()", button)


def effective_rules_text(app):
    return app.testid("effective-rules").get_attribute("textContent")


def test_see_the_curve_apply_the_recommendation_and_undo(start_app):
    first = start_app()
    first.wait_for_text("client-item", "Harvest Lane Grocers")
    first.quit()

    # History imported next to the app, as a planner would from the command line.
    export = os.path.join(os.environ["CADENCE_E2E_WORK"], "loyalty-activity.csv")
    write_programme(export)
    imported = cli("history", "import", export, "--client", "harvest-lane", "--format", "json")
    assert imported.returncode == 0, imported.stderr
    fixtures = os.path.join(os.path.dirname(__file__), "..", "fixtures", "history")
    for extra in ("inbox.tsv", "meta-posts.csv", "mailchimp-campaigns.csv"):
        done = cli("history", "import", os.path.join(fixtures, extra), "--client", "harvest-lane")
        assert done.returncode in (0, 1), done.stderr
    insights = cli("insights", "--client", "harvest-lane")
    assert "history suggests at most 2 a week" in insights.stdout, insights.stdout

    app = start_app()
    app.wait_for_text("client-item", "Harvest Lane Grocers")
    app.testid("view-insights").click()
    app.testid("insights-view")
    app.testid("fatigue-chart")
    app.wait_for_text("recommended-cap", "at most 2 a week")
    assert app.all_testid("recommended-line"), "the recommended cap is drawn"
    assert app.all_testid("cap-in-force-line"), "the cap in force is drawn"
    app.wait_for_text("reason", "at 3 a week")
    app.wait_for_text("cap-in-force", "cap in force 3 a week on Email")
    app.screenshot("insights-before.png")
    # Engagement of the posts and the reply times from the fixtures, further down.
    app.testid("engagement-chart")
    response = app.testid("response")
    assert "median" in response.get_attribute("textContent")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'end'})", response)
    app.screenshot("insights-engage-back.png")
    app.driver.execute_script("document.querySelector('[data-testid=\"insights-view\"]').scrollTop = 0")

    apply = app.testid("apply-cap")
    assert apply.is_enabled()
    apply.click()
    app.wait_for_text("notice", "Applied: at most 2 a week on Email")
    app.wait_for_text("cap-in-force", "cap in force 2 a week on Email (set on this segment)")
    assert not app.testid("apply-cap").is_enabled()
    app.screenshot("app-insights.png")

    # The guidelines of Loyalty members now hold the cap.
    app.testid("view-overview").click()
    segment = app.wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="segment-item"][data-segment-id="hl-loyal"]')
    )
    open_guidelines(app, segment)
    app.testid("guidelines-editor")
    assert "At most 2 touches on Email in any 7 days" in effective_rules_text(app)
    app.screenshot("insights-guidelines.png")
    app.driver.find_element(By.CSS_SELECTOR, '[data-testid="guidelines-editor"] button[aria-label="Close"]').click()

    # The cadence view shows the history beside the cap.
    app.testid("view-cadence").click()
    hint = app.wait_for_text("history-hint", "history suggests at most 2 a week")
    assert "cap 2 a week" in hint.get_attribute("textContent")
    assert "at 3 a week" in hint.get_attribute("title")
    app.screenshot("insights-cadence.png")

    # Undo: the cap is gone, here and in the Insights view.
    app.driver.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, "z")
    app.wait_for_text("notice", "Undid: Apply history cap to segment “Loyalty members”")
    app.wait_for_text("history-hint", "cap 3 a week")
    app.testid("view-insights").click()
    app.wait_for_text("cap-in-force", "cap in force 3 a week on Email")
    assert app.testid("apply-cap").is_enabled()
    app.testid("view-overview").click()
    segment = app.wait.until(
        lambda d: d.find_element(By.CSS_SELECTOR, '[data-testid="segment-item"][data-segment-id="hl-loyal"]')
    )
    open_guidelines(app, segment)
    assert "At most 2 touches on Email in any 7 days" not in effective_rules_text(app)
