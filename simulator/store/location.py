"""Where `callsim serve` keeps its data: the user's data folder unless told otherwise."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "callsim"
DATA_DIR_ENV = "CALLSIM_DATA_DIR"
DB_FILE = "callsim.db"
LOCK_FILE = "callsim.lock"


def default_data_dir() -> Path:
    """$CALLSIM_DATA_DIR, else the platform's per-user data folder + /callsim."""
    if override := os.environ.get(DATA_DIR_ENV):
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        return (Path(appdata) if appdata else home / "AppData" / "Roaming") / APP_NAME
    xdg = os.environ.get("XDG_DATA_HOME")
    # The XDG spec says relative values are to be ignored.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".local" / "share"
    return base / APP_NAME
