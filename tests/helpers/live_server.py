"""A real `callsim serve` in a subprocess, polled until it prints its URLs, and helpers to poll and call it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
URL_LINE = re.compile(r"callsim: (record page|sample widget)\s+(https?://\S+?)/?\s")


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
    # Tests never write into the user's data folder: in memory unless the test names a --data-dir.
    store = [] if "--data-dir" in args else ["--ephemeral"]
    command = [sys.executable, "-m", "simulator", "serve", "--port", "0", *store, *args]
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


def wait_until(predicate: object, timeout: float = 10, interval: float = 0.05) -> object:
    """Poll `predicate` until it returns something truthy; fail the test with a clear message otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()  # type: ignore[operator]
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


def api(server: LiveServer, path: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url + path, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def session_of(page: Any) -> str:
    wait_until(lambda: page.evaluate("document.body.dataset.session"))
    return str(page.evaluate("document.body.dataset.session"))


def log_types(server: LiveServer, session: str, direction: str) -> list[str]:
    entries = api(server, f"/api/sessions/{session}/log")["entries"]
    return [e["type"] for e in entries if e["direction"] == direction]


def open_record_page(page: Any, server: LiveServer) -> str:
    page.goto(server.url + "/")
    page.wait_for_selector('#event-log [data-direction="in"][data-type="INITIALIZED"]', timeout=15_000)
    return session_of(page)


def sign_in(page: Any) -> None:
    page.frame_locator("#hubspot-calling-extension-iframe").locator('[data-action="sign-in"]').click()
    page.wait_for_selector('#event-log [data-type="LOGGED_IN"]')
