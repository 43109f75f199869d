"""Make sure a Chromium-family browser is there for the browser tests; install Debian's when we can."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from simulator.errors import BrowserNotFound
from simulator.headless.browser import find_browser


def main() -> int:
    try:
        found = find_browser()
        print(f"browser: {found or 'Playwright-installed Chromium'}")
        return 0
    except BrowserNotFound as error:
        missing = str(error)
    can_apt = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if not can_apt:
        print(missing, file=sys.stderr)
        return 1
    print("browser: installing Debian's chromium (about 30 s)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env, stdout=subprocess.DEVNULL)
    print(f"browser: {find_browser()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
