"""Shared fixtures: a real callsim server in a subprocess and a real headless Chromium (STYLE.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
URL_LINE = re.compile(r"callsim: (record page|sample widget)\s+(http://\S+?)/?\s")


@dataclass
class LiveServer:
    """`callsim serve` running in a subprocess on free ports."""

    process: subprocess.Popen[str]
    url: str
    widget_url: str
    output: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    def text(self) -> str:
        return "".join(self.output)


def start_live_server(*args: str, timeout: float = 20) -> LiveServer:
    command = [sys.executable, "-m", "simulator", "serve", "--port", "0", *args]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    output: list[str] = []
    urls: dict[str, str] = {}
    ready = threading.Event()

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            output.append(line)
            if match := URL_LINE.search(line):
                urls[match.group(1)] = match.group(2).rstrip("/")
                if len(urls) == 2:
                    ready.set()
        ready.set()

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    if not ready.wait(timeout) or len(urls) < 2:
        process.kill()
        raise RuntimeError("callsim serve did not start:\n" + "".join(output))
    return LiveServer(process, urls["record page"], urls["sample widget"], output, reader)


def stop_live_server(server: LiveServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(5)
    if server.reader is not None:
        server.reader.join(5)
    if server.process.stdout is not None:
        server.process.stdout.close()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = start_live_server()
    yield server
    stop_live_server(server)


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is started,
# which would stop pytest-asyncio's tests in later modules; stopping it after each module frees the thread.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from simulator.browser import launch_options

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        yield browser
        browser.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = context.new_page()
    yield page
    context.close()


def wait_until(predicate: object, timeout: float = 10, interval: float = 0.05) -> object:
    """Poll `predicate` until it returns something truthy; fail the test with a clear message otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()  # type: ignore[operator]
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
