"""`callsim run` starts Chromium before it reads the scenario files: a mistake in one still exits 2 naming the file
and line, without a traceback, and leaves no browser or driver process behind."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers.live_server import ROOT


def _session_processes(session_id: int) -> list[str]:
    """The processes still in the run's session: Chromium and Playwright's driver would be among them."""
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if os.getsid(int(pid)) == session_id:
                left.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:120])
        except (ProcessLookupError, PermissionError, FileNotFoundError):
            continue
    return left


@pytest.mark.browser
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find what the run left running")
def test_a_mistake_in_a_scenario_file_stops_the_browsers_start_and_names_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: Typo\nsteps:\n  - expect: INITIALIZED\n  - clik: '#call'\n")
    run = subprocess.Popen(
        [sys.executable, "-m", "simulator", "run", str(bad)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own session: whatever it started can be found afterwards
    )
    out, err = run.communicate(timeout=60)
    assert run.returncode == 2, out + err
    assert f"{bad}:4" in out + err and "clik" in out + err and "Traceback" not in err
    deadline = time.monotonic() + 5  # the driver's exit takes Chromium with it, a moment later
    while (left := _session_processes(run.pid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == [], f"left running after exit 2: {left}"
