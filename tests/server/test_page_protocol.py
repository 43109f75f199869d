"""The page <-> server message kinds: one Python table, one JS table, and they agree."""

from __future__ import annotations

import json
import re
from pathlib import Path

from simulator.paths import STATIC_DIR
from simulator.server.page import page_protocol
from simulator.server.page.page_protocol import PLAYER_KINDS, ToPage, ToServer

JS_DIR = STATIC_DIR / "js"
SERVER_DIR = Path(page_protocol.__file__).parent
KINDS = {kind.value for kind in ToServer} | {kind.value for kind in ToPage}


def js_table(name: str) -> dict[str, str]:
    """`export const <name> = Object.freeze({ KEY: "value", ... });` from page_protocol.js, as a dict."""
    text = (JS_DIR / "page_protocol.js").read_text()
    block = re.search(rf"export const {name} = Object\.freeze\(\{{(.*?)\}}\);", text, re.S)
    assert block is not None, f"page_protocol.js has no {name} table"
    return dict(re.findall(r'^\s*([A-Z_]+): "([a-z_]+)",?\s*$', block.group(1), re.M))


def test_the_js_tables_are_the_python_tables() -> None:
    assert js_table("ToServer") == {kind.name: kind.value for kind in ToServer}
    assert js_table("ToPage") == {kind.name: kind.value for kind in ToPage}


def test_the_page_sends_every_kind_through_the_js_table() -> None:
    sent: list[str] = []
    for path in JS_DIR.glob("*.js"):
        sent += re.findall(r"send\(\{\s*kind:\s*([^,\s}]+)", path.read_text())
    assert sent and all(kind.startswith("ToServer.") for kind in sent), sent
    used = {kind.removeprefix("ToServer.") for kind in sent}
    assert used == {kind.name for kind in ToServer}  # every kind the server knows has a sender in the page


def test_the_page_handles_every_kind_the_server_sends() -> None:
    text = "\n".join(path.read_text() for path in JS_DIR.glob("*.js"))
    handled = set(re.findall(r"\[ToPage\.([A-Z_]+)\]:", text))
    assert handled == {kind.name for kind in ToPage}


def test_no_server_module_spells_a_kind_itself() -> None:
    for path in SERVER_DIR.glob("*.py"):
        if path.name != "page_protocol.py":
            spelled = set(re.findall(r'"kind"\)?\s*[:=!]=?\s*"([a-z_]+)"', path.read_text()))
            assert not spelled & KINDS, f"{path.name} spells a message kind by hand"


def test_messages_serialize_with_plain_string_kinds() -> None:
    assert json.loads(json.dumps(page_protocol.post({"type": "SYNC"}))) == {"kind": "post", "message": {"type": "SYNC"}}
    assert json.loads(json.dumps(page_protocol.reload_widget())) == {"kind": "reload_widget"}
    assert page_protocol.effect("resize", {"width": 1}) == {"kind": "effect", "name": "resize", "params": {"width": 1}}
    assert page_protocol.prompt("Click Call", True) == {"kind": "prompt", "text": "Click Call", "wait": True}
    assert dict(page_protocol.doctor("t", [])) == {"kind": "doctor", "title": "t", "findings": []}
    assert page_protocol.entry({"seq": 1}) == {"kind": "entry", "entry": {"seq": 1}}
    assert page_protocol.prompt_clear() == {"kind": "prompt_clear"}


def test_scenario_status_carries_only_the_fields_given() -> None:
    assert page_protocol.scenario_status("paused", step=3) == {"kind": "scenario_status", "state": "paused", "step": 3}
    running = page_protocol.scenario_status("running", step=2, step_status="passed")
    assert running == {"kind": "scenario_status", "state": "running", "step": 2, "stepStatus": "passed"}
    named = page_protocol.scenario_status("running", name="n", total=4)
    assert named == {"kind": "scenario_status", "state": "running", "name": "n", "total": 4}
    assert page_protocol.scenario_status("error", text="no such file")["text"] == "no such file"


def test_player_kinds_are_page_kinds() -> None:
    expected = {ToServer.SCENARIO_START, ToServer.SCENARIO_STEP, ToServer.SCENARIO_STOP, ToServer.PROMPT_DONE}
    assert set(PLAYER_KINDS) == expected
