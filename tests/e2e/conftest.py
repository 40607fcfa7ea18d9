"""Fixtures for driving the real Cadence window through tauri-driver."""

import glob
import os
import subprocess
import time

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

DRIVER_URL = f"http://127.0.0.1:{os.environ.get('CADENCE_E2E_PORT', '4444')}"


def window_size():
    """The window size this run tests at: `CADENCE_E2E_SIZE` ("1024x700"), set by run.sh for
    each size it runs; 1280x800 (the app's default window) when unset."""
    width, height = os.environ.get("CADENCE_E2E_SIZE", "1280x800").lower().split("x")
    return int(width), int(height)


class TauriOptions(ArgOptions):
    """Capabilities tauri-driver expects: the app binary to start."""

    def __init__(self, application):
        super().__init__()
        self.set_capability("browserName", "wry")
        self.set_capability("tauri:options", {"application": application})

    def to_capabilities(self):
        return self._caps


class App:
    """One running Cadence window, with helpers that wait for the UI."""

    def __init__(self):
        config = ClientConfig(remote_server_addr=DRIVER_URL, timeout=60)
        self.driver = webdriver.Remote(
            command_executor=DRIVER_URL,
            options=TauriOptions(os.environ["CADENCE_E2E_APP"]),
            client_config=config,
        )
        self.wait = WebDriverWait(self.driver, 20)
        self.size = window_size()
        width, height = self.size
        # The window (menu bar included) gets the run's size, like a user's smaller screen.
        self.driver.set_window_rect(x=0, y=0, width=width, height=height)
        self.wait.until(
            lambda d: d.execute_script("return window.innerWidth") == width,
            f"the window never became {width} px wide",
        )

    def testid(self, name):
        return self.wait.until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{name}"]'))
        )

    def all_testid(self, name):
        return self.driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')

    def wait_for_text(self, name, text):
        """Wait until an element with this test id shows `text`, and return it."""

        def found(driver):
            for element in driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]'):
                # textContent, not .text: WebKit's rendered-text rules drop ellipsised spans.
                if text in (element.get_attribute("textContent") or ""):
                    return element
            return False

        return self.wait.until(found, f'no [data-testid="{name}"] showing "{text}"')

    def text_of(self, name):
        """textContent of every element with this test id."""
        return [e.get_attribute("textContent") or "" for e in self.all_testid(name)]

    def screenshot(self, name):
        """A picture of the real X display (WebDriver's own screenshots can lag a frame)."""
        path = os.path.join(os.environ["CADENCE_E2E_SHOTS"], name)
        # Let the web view paint what the DOM already shows before the X server is read.
        self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "requestAnimationFrame(() => requestAnimationFrame(() => done()));"
        )
        time.sleep(1.0)
        subprocess.run(["import", "-window", "root", path], check=True, timeout=30)
        return path

    def quit(self):
        self.driver.quit()


@pytest.fixture
def start_app():
    """Start the app (possibly several times); every window is closed at the end."""
    apps = []

    def start():
        app = App()
        apps.append(app)
        return app

    yield start
    for app in apps:
        try:
            app.quit()
        except Exception:  # already closed by the test
            pass


def new_client(app, name, timezone_name):
    """Create a client through the client form and wait until the list shows it."""
    app.testid("new-client").click()
    app.testid("client-form")
    app.testid("client-name").send_keys(name)
    timezone = app.testid("client-timezone")
    timezone.clear()
    timezone.send_keys(timezone_name)
    # The field must hold the zone before saving (a loaded machine delivers keys late).
    app.wait.until(lambda d: timezone.get_attribute("value") == timezone_name)
    timezone.send_keys(Keys.TAB)
    app.testid("save-client").click()
    return app.wait_for_text("client-item", name)


def log_text():
    """Every log file of this run's database (`logs/` beside it), oldest first, as one text."""
    folder = os.path.join(os.path.dirname(os.environ["CADENCE_DB"]), "logs")
    text = ""
    for path in sorted(glob.glob(os.path.join(folder, "cadence.*.log"))):
        with open(path, encoding="utf-8") as file:
            text += file.read()
    return text


def cli(*args):
    """Run the cadence CLI next to the app binary on the same database."""
    binary = os.path.join(os.path.dirname(os.environ["CADENCE_E2E_APP"]), "cadence")
    return subprocess.run([binary, *args], capture_output=True, text=True, check=False)
