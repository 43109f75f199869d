"""Finding a Chromium-family browser for Playwright on any machine, and saying what to do when none is found."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from simulator.errors import BrowserNotFound

ENV_VAR = "CALLSIM_BROWSER"
# Flags for headless runs in containers and CI: no GPU, no QUIC, no calls home (docs/protocol.md, env notes).
LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Chromium's headless shell (Debian's chromium-headless-shell, Google's chrome-headless-shell) is the same engine
# without the browser's UI layers: Playwright's own default for headless runs; on the 2-core machine it started in
# about half the time and used about a sixth less CPU per test file (docs/performance.md). Headed runs skip it.
HEADLESS_SHELL_NAMES = ("chromium-headless-shell", "chrome-headless-shell")
SYSTEM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "microsoft-edge")
SYSTEM_PATHS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Google\Chrome\Application\chrome.exe",
)
HOW_TO_GET_ONE = (
    "No Chromium-family browser found. Any one of these fixes it:\n"
    f"  - pass --browser PATH or set {ENV_VAR}=/path/to/chrome-or-chromium\n"
    "  - install Playwright's own browser: python -m playwright install chromium\n"
    "  - install a system browser: apt-get install chromium (Debian/Ubuntu), brew install --cask chromium (macOS)"
)


def playwright_has_own_chromium() -> bool:
    """True when `playwright install chromium` has put a browser in Playwright's cache."""
    cache = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache" / "ms-playwright")
    return any(Path(cache).glob("chromium*/chrome-*/*chrome*"))


def find_browser(explicit: str | None = None, headless: bool = True) -> str | None:
    """The executable to launch, or None to let Playwright use its own downloaded Chromium.

    Order: the --browser flag, $CALLSIM_BROWSER, Playwright's own browsers if installed, then (headless only) a
    system headless shell, then system Chrome/Chromium. Raises BrowserNotFound with instructions when there is none.
    """
    for configured, source in ((explicit, "--browser"), (os.environ.get(ENV_VAR), ENV_VAR)):
        if configured:
            path = shutil.which(configured) or configured
            if not Path(path).is_file():
                raise BrowserNotFound(f"{source} names {configured!r}, which is not an executable file")
            return path
    if playwright_has_own_chromium():
        return None
    for name in (*HEADLESS_SHELL_NAMES, *SYSTEM_NAMES) if headless else SYSTEM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in SYSTEM_PATHS:
        if Path(candidate).is_file():
            return candidate
    raise BrowserNotFound(HOW_TO_GET_ONE)


def launch_options(explicit: str | None = None, headless: bool = True) -> dict[str, Any]:
    """Keyword arguments for Playwright's `chromium.launch`."""
    options: dict[str, Any] = {"headless": headless, "args": list(LAUNCH_ARGS)}
    executable = find_browser(explicit, headless)
    if executable:
        options["executable_path"] = executable
    return options
