"""Make sure a Chromium-family browser is there for the browser tests; install Debian's when we can.

Debian's chromium-headless-shell beside chromium: the headless runs (every test, `callsim run`) take the shell,
which starts faster and costs less CPU (simulator/headless/browser.py); `--headed` takes chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from simulator.errors import BrowserNotFound
from simulator.headless.browser import ENV_VAR, HEADLESS_SHELL_NAMES, find_browser

DEBIAN_PACKAGES = ("chromium", "chromium-headless-shell")


def _is_headless_shell(path: str | None) -> bool:
    return path is not None and Path(path).name in HEADLESS_SHELL_NAMES


def _apt_knows(package: str) -> bool:
    """Whether apt's package lists have a candidate for `package` (no download: the lists already on disk)."""
    policy = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True)
    return policy.returncode == 0 and "Candidate:" in policy.stdout and "Candidate: (none)" not in policy.stdout


def main() -> int:
    try:
        found = find_browser()
    except BrowserNotFound as error:
        found, missing = None, str(error)
    else:
        # Playwright's own browsers, a configured one or a headless shell: nothing to add
        if found is None or os.environ.get(ENV_VAR) or _is_headless_shell(found):
            print(f"browser: {found or 'Playwright-installed Chromium'}")
            return 0
        missing = ""
    can_apt = shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0
    if not can_apt:
        if found:  # a full browser does every run; the shell would only make the headless ones lighter
            print(f"browser: {found}")
            return 0
        print(missing, file=sys.stderr)
        return 1
    if found and not _apt_knows(DEBIAN_PACKAGES[1]):  # no shell in this distribution: say so once, not every run
        print(f"browser: {found}")
        return 0
    wanted = DEBIAN_PACKAGES if found is None else DEBIAN_PACKAGES[1:]
    print(f"browser: installing Debian's {' and '.join(wanted)} (about 30 s)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    installed = subprocess.run(["apt-get", "install", "-y", "-qq", *wanted], env=env, stdout=subprocess.DEVNULL)
    if installed.returncode != 0:  # a distribution without the shell's package: chromium alone does every run
        print("browser: no chromium-headless-shell package here; the full browser runs headless too", flush=True)
        if found is None:
            apt_install = ["apt-get", "install", "-y", "-qq", "chromium"]
            subprocess.run(apt_install, check=True, env=env, stdout=subprocess.DEVNULL)
    print(f"browser: {find_browser()} (headless), {find_browser(headless=False)} (headed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
