"""The command table: every command's parser from one set of defaults; `init`, `schema`; Ctrl-C in one line."""

from __future__ import annotations

import inspect
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from simulator.cli import COMMANDS, build_parser, main
from simulator.headless.audit import AuditOptions
from simulator.headless.run_options import RunOptions
from simulator.scenarios.files import SCHEMA_PATH
from simulator.scenarios.model import DEFAULT_ACTION_TIMEOUT, DEFAULT_NONE_WITHIN, DEFAULT_WITHIN
from simulator.scenarios.validate import validate_command
from simulator.settings import ACTION_TIMEOUT_S, EXPECT_NONE_WITHIN_S, EXPECT_WITHIN_S, SCENARIO_TIMEOUT_S
from simulator.testing.aio import AsyncCallsim, AsyncWidgetSession
from simulator.testing.api import Callsim, WidgetSession


def _default(function: object, name: str) -> object:
    return inspect.signature(function).parameters[name].default  # type: ignore[arg-type]


def test_every_command_is_in_the_parser_with_its_help() -> None:
    choices: Any = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert list(choices) == [command.name for command in COMMANDS]
    help_text = build_parser().format_help()
    for command in COMMANDS:
        assert command.help in help_text and command.examples, command.name


def test_the_cli_the_scenario_model_and_the_python_api_share_one_set_of_timeouts() -> None:
    run = build_parser().parse_args(["run", "x.yaml"])
    audit = build_parser().parse_args(["audit", "--widget", "sample"])
    scenario_timeouts = {
        run.timeout,
        audit.timeout,
        RunOptions(["x"]).timeout,
        AuditOptions(None).timeout,
        _default(AsyncCallsim.run_scenario, "timeout"),
        _default(Callsim.run_scenario, "timeout"),
    }
    assert scenario_timeouts == {SCENARIO_TIMEOUT_S}
    actions: set[object] = {DEFAULT_ACTION_TIMEOUT}
    for session in (AsyncWidgetSession, WidgetSession):
        actions |= {_default(getattr(session, name), "timeout") for name in ("click", "fill", "wait_for")}
        assert _default(session.expect, "within") == DEFAULT_WITHIN == EXPECT_WITHIN_S
        assert _default(session.expect_none, "within") == DEFAULT_NONE_WITHIN == EXPECT_NONE_WITHIN_S
    assert actions == {ACTION_TIMEOUT_S}


def test_schema_prints_the_scenarios_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def test_init_writes_a_scenarios_folder_that_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path), "--widget", "http://localhost:3000/"]) == 0
    folder = tmp_path / "scenarios"
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "outbound-call.yaml", "scenario.schema.json"]
    starter = (folder / "outbound-call.yaml").read_text(encoding="utf-8")
    assert starter.startswith("# yaml-language-server: $schema=scenario.schema.json\n")
    assert "\nwidget: http://localhost:3000/\n" in starter
    assert (folder / "scenario.schema.json").read_bytes() == SCHEMA_PATH.read_bytes()
    assert "callsim run scenarios/ --widget http://localhost:3000/ --junit" in (folder / "README.md").read_text()
    assert f"wrote {folder / 'outbound-call.yaml'}" in capsys.readouterr().out
    assert validate_command([str(folder)]) == 0


def test_init_refuses_to_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "outbound-call.yaml").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("Error: ") and "already there; nothing was written (--force overwrites)" in error
    assert (folder / "outbound-call.yaml").read_text() == "mine\n"
    assert not (folder / "README.md").exists(), "nothing else was written either"
    assert main(["init", str(tmp_path), "--force"]) == 0
    assert "# widget: http://localhost:3000/" in (folder / "outbound-call.yaml").read_text()


def test_init_into_a_file_is_an_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = tmp_path / "file.txt"
    plain.write_text("x", encoding="utf-8")
    assert main(["init", str(plain)]) == 2
    assert capsys.readouterr().err == f"Error: {plain}: not a folder\n"


def test_ctrl_c_stops_serve_with_one_line_and_exit_130(tmp_path: Path) -> None:
    # As a terminal starts it: SIGINT at its default. A background job of a non-interactive shell (nohup, `&`, some
    # CI runners) ignores SIGINT, and its children inherit that, so a bare `callsim serve` would rightly ignore it.
    with_terminal_sigint = (
        "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "sys.argv[0] = 'callsim'; runpy.run_module('simulator', run_name='__main__')"
    )
    # faulthandler: if Ctrl-C ever leaves it running, SIGABRT below prints where every thread waits
    python = [sys.executable, "-X", "faulthandler", "-c", with_terminal_sigint]
    process = subprocess.Popen(
        [*python, "serve", "--port", "0", "--ephemeral", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "CALLSIM_DATA_DIR": str(tmp_path)},
    )
    assert process.stdout is not None
    for line in process.stdout:
        if "press Ctrl-C to stop" in line:
            break
    process.send_signal(signal.SIGINT)
    try:
        out, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        out, err = process.communicate(timeout=10)
        pytest.fail(f"callsim serve still ran 30 s after Ctrl-C; its threads:\n{err[-6000:]}")
    assert process.returncode == 130
    assert err == "callsim serve: interrupted\n", err
