"""Drive the real native (GTK) file dialogs the app opens, through the X server with xdotool:
find the dialog's window by its title, focus it, type the path into its location field and
press Return."""

import subprocess
import time


def _xdotool(*args, timeout=30):
    return subprocess.run(
        ["xdotool", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def wait_window(title, timeout=30):
    """The X window id of the first window whose title contains `title`."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        found = _xdotool("search", "--onlyvisible", "--name", title).stdout.split()
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f'no native dialog titled "{title}" appeared')


def choose_path(title, path, save=False):
    """Answer the native dialog titled `title` with `path` (an open or a save dialog)."""
    window = wait_window(title)
    _xdotool("windowfocus", "--sync", window)
    time.sleep(1.5)
    if save:
        # A save dialog's name field has focus: replace its text with the whole path.
        _xdotool("key", "--clearmodifiers", "ctrl+a")
    else:
        # An open dialog takes a typed path in its location field.
        _xdotool("key", "--clearmodifiers", "ctrl+l")
    time.sleep(0.3)
    _xdotool("type", "--delay", "15", path)
    time.sleep(0.3)
    _xdotool("key", "Return")
    deadline = time.time() + 20
    while time.time() < deadline:
        if window not in _xdotool("search", "--onlyvisible", "--name", title).stdout.split():
            return
        time.sleep(0.2)
    raise AssertionError(f'the native dialog "{title}" did not close after choosing {path}')
