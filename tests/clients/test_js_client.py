"""The TypeScript client (clients/js) against a real callsim: builds it and runs its node:test suite.

The suite starts `python -m simulator serve` with this interpreter, drives a system Chromium through
playwright-core, plays scenarios/resize.yaml with `callsim run`, runs the Playwright Test fixture's suite
(`npm run e2e`: e2e/ and, in the same run, docs/javascript.md's spec in a project the package is installed
into) and checks its JSON report, and runs the doc's node:test example. Its packages come from `npm ci` in
clients/js (a Makefile step); without them the test is skipped, not installed from here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.errors import BrowserNotFound
from simulator.headless.browser import find_browser

CLIENT = Path(__file__).resolve().parents[2] / "clients" / "js"


def _system_browser() -> str | None:
    """A Chrome/Chromium for playwright-core, which has no browser of its own (no download): callsim's discovery,
    so the headless shell when there is one."""
    try:
        return find_browser()
    except BrowserNotFound:
        return None


def _npm(script: str, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["npm", "run", "--silent", script],
        cwd=CLIENT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.browser
@pytest.mark.timeout(600)  # a build and a suite that starts callsim and Chromium seven times on a shared machine
def test_js_client_suite_passes() -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not installed: the TypeScript client needs Node.js 20+ with npm")
    if not (CLIENT / "node_modules").is_dir():
        pytest.skip("clients/js/node_modules is missing: run `npm ci` in clients/js (make install-js)")
    browser = _system_browser()
    if browser is None:
        pytest.skip("no system Chrome/Chromium for playwright-core: install one or set CALLSIM_BROWSER")
    env = {**os.environ, "CALLSIM_PYTHON": sys.executable, "CALLSIM_BROWSER": browser}

    build = _npm("build", env, timeout=180)
    assert build.returncode == 0, f"npm run build failed ({build.returncode}):\n{build.stdout}\n{build.stderr}"
    suite = _npm("test", env, timeout=540)
    assert suite.returncode == 0, f"npm test failed ({suite.returncode}):\n{suite.stdout}\n{suite.stderr}"
    # node --test passes on zero files too: a build that emitted no tests must not look green
    assert re.search(r"^# pass [1-9]", suite.stdout, re.M), f"no test ran:\n{suite.stdout}\n{suite.stderr}"
    # the Playwright suite is one node:test suite among them: it must have run, not been left out
    assert re.search(r"^ok \d+ - the Playwright suite with the fixture$", suite.stdout, re.M), (
        f"the Playwright suite did not pass:\n{suite.stdout}\n{suite.stderr}"
    )
