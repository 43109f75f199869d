"""Benchmark: `callsim run` start-up, and the built-in suite's wall time with 1 worker and with N.

  * start-up: `callsim run scenarios/resize.yaml` wall time minus the scenario's own duration_s in its JSON report
    (so: process start, server and browser start until the first step, plus the tear-down after the last);
  * suite: `callsim run scenarios/ --workers 1` and `--workers N`, alternated `--repeats` times in one run.
Prints medians and the ratio of the medians; every run must pass (the same results).

Usage: python bench/run.py [--workers 4] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def callsim_run(*args: str) -> tuple[float, dict[str, object]]:
    """(wall seconds, JSON report) of one `callsim run`; raises if a scenario failed."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "simulator", "run", *args, "--json", str(report)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        wall = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"callsim run {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return wall, json.loads(report.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    startup: list[float] = []
    serial: list[float] = []
    parallel: list[float] = []
    for _ in range(args.repeats):
        wall, report = callsim_run("scenarios/resize.yaml")
        scenarios = report["scenarios"]
        assert isinstance(scenarios, list)
        startup.append(wall - float(scenarios[0]["duration_s"]))
        serial.append(callsim_run("scenarios/", "--workers", "1")[0])
        parallel.append(callsim_run("scenarios/", "--workers", str(args.workers))[0])
    print(f"{'callsim run start-up + tear-down (one scenario)':<48} median {statistics.median(startup):6.2f} s")
    print(f"{'suite, --workers 1':<48} median {statistics.median(serial):6.2f} s")
    print(f"{f'suite, --workers {args.workers}':<48} median {statistics.median(parallel):6.2f} s")
    ratio = statistics.median(serial) / statistics.median(parallel)
    print(f"{'speed-up (median 1 worker / median N)':<48}        {ratio:6.2f}x   (n={args.repeats} each, alternated)")


if __name__ == "__main__":
    main()
