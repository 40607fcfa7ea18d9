"""Drive the real native (GTK) file dialogs the app opens, under the test's X display.

The app's open and save dialogs are GTK file choosers in their own windows, out of
WebDriver's reach; xdotool finds the window by its title, focuses it and types a full
path into its name field, which GTK accepts in both open and save mode."""

import shutil
import subprocess
import time


def _xdotool(*args, timeout=30):
    return subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, check=True, timeout=timeout
    )


def _windows(title):
    """Ids of the visible X windows whose title contains `title`."""
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", title],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.split()


def choose_path(path, title="Export", timeout=30, opening=False):
    """Wait for the native file dialog whose title contains `title`, type `path` into it
    and confirm. Returns the dialog's X window id."""
    if shutil.which("xdotool") is None:
        raise RuntimeError("xdotool is not installed (apt-get install xdotool)")
    deadline = time.monotonic() + timeout
    window = None
    while time.monotonic() < deadline:
        ids = _windows(title)
        if ids:
            window = ids[-1]
            break
        time.sleep(0.2)
    if window is None:
        raise TimeoutError(f'no native dialog titled "{title}" within {timeout}s')
    # GTK builds the chooser's widgets after mapping the window: give it a moment. Typing is
    # tried up to three times: a loaded machine can drop keys while the chooser settles.
    time.sleep(1.0)
    for _attempt in range(3):
        _xdotool("windowfocus", "--sync", window)
        time.sleep(0.5)
        # An open dialog takes a path in its location field (ctrl+L); a save dialog's name
        # field has focus, so select what it suggests and type the whole path over it.
        _xdotool("key", "--clearmodifiers", "ctrl+l" if opening else "ctrl+a")
        time.sleep(0.3)
        _xdotool("type", "--delay", "20", path)
        time.sleep(0.4)
        _xdotool("key", "Return")
        # Wait for the dialog to go away.
        settle = time.monotonic() + 8
        while time.monotonic() < min(settle, deadline + 30):
            if window not in _windows(title):
                return window
            time.sleep(0.2)
    raise TimeoutError(f'the native dialog "{title}" did not close after choosing {path}')
