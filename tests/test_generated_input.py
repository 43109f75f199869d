"""Generated bad input (seeded, so reproducible) through every door callsim has: no crash, no hang, no traceback.

Scenario and fixtures files are mutated (byte flips, control characters, YAML tokens, truncation) and parsed;
random JSON and garbage go to the control API and the page WebSocket, after which the session must still work.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator.errors import FixturesError
from simulator.hubspot.crm.fixture_parser import DEFAULT_FIXTURES, parse_records
from simulator.scenarios.parser import parse_scenario
from simulator.server.app import create_app
from simulator.settings import Settings
from tests.helpers.page_socket import WIDGET, Client, open_page, own_origin, receive_kind

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "scenarios").glob("*.yaml"))]
# Fragments that exercise YAML's corners: anchors and aliases, tags (safe and not), flow syntax, control bytes.
TOKENS = [
    "\x00", "\x07", "\x1b", "\ufeff", "&a ", "*a ", "*a\n", "<<: *a\n", "!!int ", "!!float ", "!!timestamp ",
    "!!binary ", "!!set ", "!!omap ", "!!python/object:os.system ", "!custom ", "? ", "[", "]", "{", "}", ": ",
    "- ", "\n", "  ", "\t", "${x}", "${", '"', "'", "|", ">", "#", "%YAML 1.1\n", "---\n", "...\n", "~", "1e999",
    "0x", "-.inf", "2020-13-45", "[[[[[[[[[[", "{a: {b: {c: ",
]  # fmt: skip


def mutate(rng: random.Random, text: str) -> str:
    """A few random edits: replace a character, insert a token, delete a run, or truncate."""
    chars = list(text)
    for _ in range(rng.randint(1, 6)):
        at = rng.randrange(len(chars) + 1)
        roll = rng.random()
        if roll < 0.3 and chars:
            chars[min(at, len(chars) - 1)] = chr(rng.randrange(0, 0x250))
        elif roll < 0.75:
            chars[at:at] = rng.choice(TOKENS)
        elif roll < 0.9:
            del chars[at : at + rng.randint(1, 30)]
        else:
            del chars[at:]
    return "".join(chars)


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A scenario of ~1 KB whose nested aliases expand to width**levels values ("billion laughs")."""
    lines = [
        "name: bomb",
        "steps:",
        "  - send: DIAL_NUMBER",
        "    data:",
        f"      l0: &l0 [{', '.join(['lol'] * width)}]",
    ]
    for level in range(1, levels):
        lines.append(f"      l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def test_mutated_scenario_files_only_ever_give_located_errors() -> None:
    rng = random.Random(8_15)
    for _ in range(400):
        text = mutate(rng, rng.choice(SEEDS))
        scenario, errors = parse_scenario(text, "mutated.yaml")  # any exception at all fails the test
        assert (scenario is None) == bool(errors)
        assert all(error.path == "mutated.yaml" and error.message for error in errors)


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("name: bell\x07\nsteps: []\n", "a.yaml:1:11:", "unacceptable character #x0007"),
        ("name: x\nsteps:\n  - send: A\x00\n", "a.yaml:3:12:", "unacceptable character #x0000"),
        (alias_bomb(), "a.yaml:", "more than 50,000 values"),
        ("[" * 100_000, "a.yaml:1:", "nested deeper than 100 levels"),
        ("name: x\nsteps: &s\n  - send: A\n    data: *s\n", "a.yaml:4:11:", "refers to a node that contains it"),
        ("name: x\nsteps:\n  - wait: !!float .\n", "a.yaml:3:11:", "cannot read this float"),
    ],
)
# A bomb that were expanded would take minutes and gigabytes: the timeout catches that, with room for a loaded
# machine (speed itself is measured in bench/, not asserted here).
@pytest.mark.timeout(20)
def test_hostile_yaml_is_a_located_error_not_an_expansion(text: str, where: str, words: str) -> None:
    scenario, errors = parse_scenario(text, "a.yaml")
    assert scenario is None and len(errors) == 1
    assert str(errors[0]).startswith(where) and words in str(errors[0]), str(errors[0])


def test_mutated_fixtures_files_raise_only_fixtures_errors() -> None:
    rng = random.Random(17)
    seed = DEFAULT_FIXTURES.read_text(encoding="utf-8")
    hostile = [
        alias_bomb().replace("name: bomb", "contacts: []"),
        "contacts:\n  - \x00\n",
        "? [a]\n: b\n",
        "contacts:\n  - {id: !!int x, first_name: A, last_name: B}\n",
    ]
    for text in hostile + [mutate(rng, seed) for _ in range(150)]:
        try:
            parse_records(text, "crm.yaml")
        except FixturesError as error:
            assert str(error).startswith("crm.yaml"), str(error)


@pytest.mark.timeout(20)
def test_a_fixtures_alias_bomb_is_refused_not_expanded() -> None:
    with pytest.raises(FixturesError, match=r"^crm\.yaml:\d+: not valid YAML: this expands to more than"):
        parse_records(alias_bomb().replace("name: bomb", "contacts: []"), "crm.yaml")


def random_json(rng: random.Random, depth: int = 0) -> Any:
    """A random JSON value whose keys are often ones callsim reads, so handlers get past their first check."""
    roll = rng.random()
    if depth > 3 or roll < 0.35:
        return rng.choice([None, True, False, 0, -1, 2**70, 1.5, float("1e308"), "", "x", "DIAL_NUMBER", "\x00", "ü"])
    keys = ["type", "data", "kind", "message", "origin", "callId", "drop_first_syncs", "fail_create", "number", "url"]
    if roll < 0.55:
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def garbage(rng: random.Random) -> str:
    """Text that is rarely JSON: random characters, truncated JSON, or JSON nested far too deep."""
    roll = rng.random()
    if roll < 0.1:
        return "[" * 100_000 + "]" * 100_000
    if roll < 0.2:
        return '{"kind": "received", "message": ' + "[" * 5_000 + "]" * 5_000 + "}"
    if roll < 0.5:
        return json.dumps(random_json(rng))[: rng.randint(0, 40)]
    return "".join(chr(rng.randrange(1, 0x3000)) for _ in range(rng.randint(0, 60)))


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    return await aiohttp_client(create_app(Settings(port=0), sample_widget_url=WIDGET))  # type: ignore[no-any-return]


async def test_random_api_bodies_get_4xx_json_and_the_session_keeps_working(client: Client) -> None:
    rng = random.Random(16)
    ws, hello = await open_page(client)
    base = f"/api/sessions/{hello['session']}"
    for index in range(200):
        body = garbage(rng) if index % 2 else json.dumps(random_json(rng))
        path = rng.choice([f"{base}/events", f"{base}/host", "/api/sessions/nope/events"])
        response = await client.post(path, data=body.encode(), headers={"Content-Type": "application/json"})
        assert response.status < 500, (path, body[:80], await response.text())
        if response.status >= 400:
            assert "error" in await response.json()
    for since in ("-1", "1e9", "x", "9" * 400):
        assert (await client.get(f"{base}/log?since={since}")).status < 500
    # After all that, a valid event is still relayed to the page.
    valid = {"type": "VISIBILITY_CHANGED", "data": {"isMinimized": False, "isHidden": False}}
    response = await client.post(f"{base}/events", json=valid)
    assert response.status == 202
    while (await receive_kind(ws, "post"))["message"]["type"] != "VISIBILITY_CHANGED":
        pass
    await ws.close()


async def test_garbage_frames_are_notes_and_the_session_keeps_working(client: Client) -> None:
    rng = random.Random(17)
    ws, hello = await open_page(client)
    safe_kinds = ["received", "sync_sent", "iframe_load", "handshake_failed", "ignored", "inject", "no-such-kind"]
    for index in range(150):
        if index % 3:
            await ws.send_str(garbage(rng))
        else:
            fields = random_json(rng)
            fields = fields if isinstance(fields, dict) else {"message": fields}
            await ws.send_json({**fields, "kind": rng.choice(safe_kinds)})
    ack = {"type": "SYNC_ACK", "messageId": f"{hello['instanceId']}_1", "version": "0.9.7-beta.0"}
    await ws.send_json({"kind": "received", "message": ack, "origin": "http://127.0.0.1:9999"})
    while (await receive_kind(ws, "entry"))["entry"].get("type") != "SYNC_ACK":
        pass
    log = (await (await client.get(f"/api/sessions/{hello['session']}/log")).json())["entries"]
    assert any(e["type"] == "PAGE_PROTOCOL" and e["text"].startswith("unreadable: [[[[") for e in log)
    assert not [e for e in log if e["type"] == "INTERNAL"], "a page message broke a handler"
    await ws.close()


@pytest.mark.parametrize("hello", ["[" * 100_000, '{"kind": "hello", "widgetUrl": ' + "[" * 3_000 + "]" * 3_000])
async def test_a_deeply_nested_hello_is_closed_with_4000(client: Client, hello: str) -> None:
    ws = await client.ws_connect("/ws", headers={"Origin": own_origin(client)})
    await ws.send_str(hello)
    await ws.receive(timeout=5)
    assert ws.close_code == 4000


def test_validate_on_a_folder_of_mutated_files_exits_cleanly(tmp_path: Path) -> None:
    rng = random.Random(18)
    for index in range(30):
        (tmp_path / f"mutated-{index:02}.yaml").write_text(mutate(rng, rng.choice(SEEDS)), encoding="utf-8")
    (tmp_path / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
    (tmp_path / "bell.yaml").write_text("name: bell\x07\nsteps: []\n", encoding="utf-8")
    (tmp_path / "good.yaml").write_text(SEEDS[0], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "validate", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )
    output = result.stdout + result.stderr
    assert result.returncode in (0, 2), output
    assert "Traceback" not in output and "unexpectedly" not in output
    # The broken files are each named, and reading them did not stop the others being checked.
    assert f"{tmp_path / 'bell.yaml'}:1:11: invalid YAML: unacceptable character #x0007" in output
    assert f"{tmp_path / 'bomb.yaml'}:" in output and f"{tmp_path / 'good.yaml'}" not in output
