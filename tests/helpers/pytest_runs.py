"""Options for pytest runs that tests start in a temporary folder (pytester), with the callsim plugin loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

# pytest-asyncio (installed here, not needed by the plugin) warns in a folder that does not set its loop scope.
QUIET = ("-o", "asyncio_default_fixture_loop_scope=function", "-p", "no:cacheprovider")


def run_pytest(folder: Path, *args: str, timeout: float = 300) -> pytest.RunResult:
    """`pytest ARGS` in its own process in `folder`, isolated as `Pytester.runpytest_subprocess` isolates it (HOME
    in the folder, no outer PYTEST_ADDOPTS, no colours, the folder on PYTHONPATH, a --basetemp of its own), for a
    run that several tests of a module read: the pytester fixture is per test, so each test would start its own
    pytest, server and browser."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "TOX_ENV_DIR")}
    env |= {"HOME": str(folder), "USERPROFILE": str(folder), "PY_COLORS": "0"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), env.get("PYTHONPATH", "")]))
    command = [sys.executable, "-m", "pytest", f"--basetemp={folder / 'runpytest-0'}", *args]
    started = time.monotonic()
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    duration = time.monotonic() - started
    return pytest.RunResult(done.returncode, done.stdout.splitlines(), done.stderr.splitlines(), duration)
