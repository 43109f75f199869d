"""kill -9 in the middle of writes loses nothing that was acknowledged."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from simulator.store import Store
from tests.helpers.live_server import ROOT

ACKNOWLEDGED_BEFORE_KILL = 25


def test_kill_9_mid_writes_keeps_every_acknowledged_engagement(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", str(tmp_path), "100000"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    printed: list[int] = []
    for line in writer.stdout:
        printed.append(int(line))
        if len(printed) == ACKNOWLEDGED_BEFORE_KILL:
            os.kill(writer.pid, signal.SIGKILL)
            break
    printed += [int(line) for line in writer.stdout if line.strip()]  # acknowledged while the signal flew
    writer.stdout.close()
    assert writer.wait(10) == -signal.SIGKILL
    store = Store.open(tmp_path)
    try:
        crm = store.load_crm()
        for engagement_id in printed:
            assert crm.engagements[engagement_id].status == "COMPLETED", engagement_id
        assert len(crm.engagements) < 100000  # it really was killed mid-way
        fresh = crm.create_engagement(None, "OUTBOUND", [], {}, 0)
        assert fresh.id > max(crm.engagements.keys() - {fresh.id})  # ids continue after the highest stored
    finally:
        store.close()
