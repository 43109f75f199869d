"""docs/rest-api.md's "From HubSpot's Python client" examples, copied as a new user would, run against a real
`callsim serve`, and the calls they make are in callsim's store (not on HubSpot's servers)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from simulator.settings import DEFAULT_ACCESS_TOKEN, DEFAULT_PORT
from tests.helpers.live_server import LiveServer, start_live_server, stop_live_server

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "rest-api.md").read_text(encoding="utf-8")
HEADING = "### From HubSpot's Python client"
# The URL the examples name: what `callsim serve` listens on by default. The test swaps in its server's.
LOCAL = f"http://127.0.0.1:{DEFAULT_PORT}"
BLOCK = re.compile(r"```(python|sh)\n(.*?)```", re.DOTALL)


def section() -> str:
    assert PAGE.count(HEADING) == 1, f"docs/rest-api.md has one {HEADING!r} section"
    return re.split(r"\n##+ ", PAGE.split(HEADING, 1)[1], maxsplit=1)[0]


def blocks(language: str) -> list[str]:
    return [text for lang, text in BLOCK.findall(section()) if lang == language]


def client_example() -> str:
    return blocks("python")[0]


def http_example() -> str:
    return blocks("python")[1]


def curl_example() -> str:
    return blocks("sh")[0]


def on(server: LiveServer, example: str) -> str:
    # Exactly one mention, so a second hard-coded URL (still pointing at 8500, or at HubSpot) cannot hide.
    assert example.count(LOCAL) == 1, example
    return example.replace(LOCAL, server.url)


def run_python(example: str, tmp_path: Path) -> str:
    # A fresh interpreter in a folder of its own, as a user's script runs; any warning fails it.
    script = tmp_path / "example.py"
    script.write_text(example, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-W", "error", str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def read_call(server: LiveServer, call_id: str) -> dict[str, Any]:
    """The call as callsim's v3 API has it: proof that the example's requests reached this server."""
    url = f"{server.url}/crm/v3/objects/calls/{call_id}?properties=hs_call_title&associations=contacts"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        answer: dict[str, Any] = json.load(response)
    return answer


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    # Default options, rate limits on, as a new user's `callsim serve` runs.
    live = start_live_server()
    try:
        yield live
    finally:
        stop_live_server(live)


def test_the_examples_name_callsims_defaults_and_pass_the_host_to_create() -> None:
    assert len(blocks("python")) == 2 and len(blocks("sh")) == 1
    for example in (client_example(), http_example(), curl_example()):
        assert DEFAULT_ACCESS_TOKEN in example and "api.hubapi.com" not in example
    assert re.search(r"hubspot\.Client\.create\(access_token=\"[^\"]+\", host=\"" + re.escape(LOCAL), client_example())
    assert "/crm/objects/2026-03/calls" in http_example() and "/crm/objects/2026-09/calls" in curl_example()


def test_the_python_client_example_creates_and_reads_a_call_on_callsim(server: LiveServer, tmp_path: Path) -> None:
    # It prints the call's id, its title, then the contact it is on, as callsim answered its read.
    call_id, *title, contact = run_python(on(server, client_example()), tmp_path).split()
    assert (" ".join(title), contact) == ("From the Python client", "51")
    stored = read_call(server, call_id)
    assert stored["properties"]["hs_call_title"] == "From the Python client"
    assert [to["id"] for to in stored["associations"]["contacts"]["results"]] == ["51"]


def test_the_plain_http_example_uses_a_dated_version_of_callsim(server: LiveServer, tmp_path: Path) -> None:
    call_id, title = run_python(on(server, http_example()), tmp_path).strip().split(maxsplit=1)
    assert title == "Over plain HTTP"
    assert read_call(server, call_id)["properties"]["hs_call_title"] == title


@pytest.mark.skipif(shutil.which("curl") is None, reason="no curl on this machine")
def test_the_curl_example_creates_a_call_on_callsim(server: LiveServer) -> None:
    result = subprocess.run(["sh", "-c", on(server, curl_example())], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    created = json.loads(result.stdout)
    assert read_call(server, created["id"])["properties"]["hs_call_title"] == "From curl"
