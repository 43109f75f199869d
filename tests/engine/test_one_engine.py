"""One expectation engine: a YAML `expect` step, the Python API and the TypeScript client get the same answer.

All three ask the same question of one live session (a real Chromium, the sample widget on the real SDK): a
passing expectation finds the same entry, and a failing one gives the same diff, word for word, because all
three run `simulator/scenarios/expectations.py` (the TypeScript client through POST …/expect).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from simulator.scenarios.parser import parse_scenario
from simulator.scenarios.runner import run_scenario
from simulator.testing.aio import AsyncCallsim, AsyncWidgetSession, ExpectationFailed
from tests.helpers.live_server import ROOT

CLIENT = ROOT / "clients" / "js"
NUMBER = "+16175550100"
WRONG = {"toNumber": "+19999999999"}
RIGHT = {"toNumber": NUMBER, "externalCallId": {"$any": "string"}}

# The TypeScript client, built: attach to the running server, take the session by id, ask both questions.
JS_CASE = """
import { attachCallsim, WidgetSession, ExpectationFailed } from "%(client)s";
const [url, id, cursor, right, wrong] = process.argv.slice(2);
const callsim = await attachCallsim(url);
const ask = async (match) => {
  const session = new WidgetSession(callsim, id, null);
  session.cursor = Number(cursor);
  try {
    return { seq: (await session.expect("OUTGOING_CALL_STARTED", JSON.parse(match), { within: 0.3 })).seq };
  } catch (error) {
    if (!(error instanceof ExpectationFailed)) throw error;
    return { error: error.message };
  }
};
console.log(JSON.stringify({ right: await ask(right), wrong: await ask(wrong) }));
"""


def _js_client(tmp_path: Path) -> Path:
    """The client's built entry point (built here if the dist is missing); skip when its packages are missing."""
    if not (CLIENT / "node_modules").is_dir():
        pytest.skip("clients/js/node_modules is missing: `make install-test` installs it")
    built = CLIENT / "dist" / "src" / "index.js"
    if not built.is_file():
        npm = shutil.which("npm") or "npm"
        subprocess.run([npm, "run", "build"], cwd=CLIENT, check=True, capture_output=True, timeout=120)
    return built


def _yaml_step(match: dict[str, Any]) -> str:
    return (
        "name: one expect\nsteps:\n"
        f"  - expect: OUTGOING_CALL_STARTED\n    match: {json.dumps(match)}\n    within: 300ms\n"
    )


async def _runner_answer(session: AsyncWidgetSession, cursor: int, match: dict[str, Any]) -> dict[str, Any]:
    scenario, errors = parse_scenario(_yaml_step(match), "one-expect.yaml")
    assert scenario is not None, errors
    result = await run_scenario(scenario, session.session, session.driver, start_seq=cursor)
    if result.status == "passed":
        matched = [e for e in session.log() if e.seq > cursor and e.type == "OUTGOING_CALL_STARTED"]
        return {"seq": matched[0].seq}
    step = result.failed_step
    assert step is not None and step.detail, result
    return {"error": step.detail}


async def _python_answer(session: AsyncWidgetSession, cursor: int, match: dict[str, Any]) -> dict[str, Any]:
    session._expectations.cursor = cursor  # the question starts where the others start  # noqa: SLF001
    session._expectations.consumed.clear()  # noqa: SLF001
    try:
        return {"seq": (await session.expect("OUTGOING_CALL_STARTED", match, within=0.3)).seq}
    except ExpectationFailed as failed:
        return {"error": str(failed)}


@pytest.mark.browser
async def test_a_yaml_step_the_python_api_and_the_js_client_give_one_answer(tmp_path: Path) -> None:
    client = _js_client(tmp_path)
    async with AsyncCallsim() as callsim:
        session = await callsim.open_session()
        await session.expect("INITIALIZED")
        await session.click('[data-action="sign-in"]')
        cursor = (await session.expect("LOGGED_IN")).seq
        await session.dial(NUMBER)
        await session.expect("CALL_ANSWERED", within=5)  # the log is quiet from here until the call ends
        python = {k: await _python_answer(session, cursor, m) for k, m in (("right", RIGHT), ("wrong", WRONG))}
        runner = {k: await _runner_answer(session, cursor, m) for k, m in (("right", RIGHT), ("wrong", WRONG))}
        script = tmp_path / "case.mjs"
        script.write_text(JS_CASE % {"client": client.as_uri()}, encoding="utf-8")
        args = [callsim.host_url, session.id, str(cursor), json.dumps(RIGHT), json.dumps(WRONG)]
        node = await asyncio.create_subprocess_exec(
            shutil.which("node") or "node", str(script), *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        out, err = await asyncio.wait_for(node.communicate(), 60)
        assert node.returncode == 0, err.decode()
        js = json.loads(out)
    assert "seq" in python["right"] and python["right"] == runner["right"] == js["right"]
    assert "OUTGOING_CALL_STARTED" in python["wrong"]["error"] and "+19999999999" in python["wrong"]["error"]
    assert python["wrong"] == runner["wrong"] == js["wrong"], (python, runner, js)
