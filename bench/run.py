"""Benchmark: `callsim run` of one short scenario (on its own, and on a running `callsim serve`), and the built-in
library's wall time with 1 worker and with N.

  * one scenario: `callsim run scenarios/widget-error-alert.yaml` (a 0.2 s scenario), wall time of the whole
    command (Python start to exit), median of --repeats; then the same with `--server URL` against a
    `callsim serve` started here (one warm-up run first: its browser starts on the first run);
  * library: `callsim run scenarios/ --workers 1` and `--workers N`, alternated --repeats times.
Prints medians and the ratio of the medians; every run must pass.

Usage: python bench/run.py [--workers 4] [--repeats 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHORT = "scenarios/widget-error-alert.yaml"


def callsim_run(*args: str) -> float:
    """Wall seconds of one `callsim run`; raises if it did not pass."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "simulator", "run", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"callsim run {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return wall


@contextmanager
def running_serve() -> Iterator[str]:
    """A `callsim serve` on a free port, in memory; yields its record page URL."""
    command = [sys.executable, "-m", "simulator", "serve", "--port", "0", "--ephemeral", "--quiet"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if found := re.search(r"record page\s+(http://\S+?)/?\s", line):
                yield found.group(1)
                return
        raise RuntimeError("callsim serve did not start")
    finally:
        process.terminate()
        process.wait(10)


def median_line(label: str, values: list[float]) -> str:
    spread = f"(n={len(values)}, min {min(values):.2f}, max {max(values):.2f})"
    return f"{label:<52} median {statistics.median(values):6.2f} s  {spread}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    own = [callsim_run(SHORT) for _ in range(args.repeats)]
    with running_serve() as url:
        callsim_run(SHORT, "--server", url)  # the serve's browser starts on its first run
        warm = [callsim_run(SHORT, "--server", url) for _ in range(args.repeats)]
    serial: list[float] = []
    parallel: list[float] = []
    for _ in range(max(1, args.repeats // 2)):
        serial.append(callsim_run("scenarios/", "--workers", "1"))
        parallel.append(callsim_run("scenarios/", "--workers", str(args.workers)))
    print(median_line(f"one short scenario, own server ({SHORT})", own))
    print(median_line("one short scenario, --server (a running serve)", warm))
    print(median_line("library, --workers 1", serial))
    print(median_line(f"library, --workers {args.workers}", parallel))
    ratio = statistics.median(parallel) / statistics.median(serial)
    print(f"{f'--workers {args.workers} / --workers 1 (ratio of medians)':<52}        {ratio:6.2f}")


if __name__ == "__main__":
    main()
