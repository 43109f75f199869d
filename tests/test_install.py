"""docs/install.md holds: the wheel installs with pipx and runs with uvx, and every `callsim` line it shows parses."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from simulator.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
INSTALL_MD = ROOT / "docs" / "install.md"
SCENARIOS = ROOT / "scenarios"
# A cold pip/uv cache downloads all of callsim's dependencies from PyPI (Playwright's wheel alone is ~40 MB);
# warm, each install test takes seconds.
INSTALL_TIMEOUT = 600
# The workflow's fence is `yml`: test_readme.py takes every `yaml` block in docs/ for a scenario.
WORKFLOW_FENCE = re.compile(r"^```yml\n(.*?)^```", re.DOTALL | re.MULTILINE)
SH_FENCE = re.compile(r"^```sh\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _run(command: Sequence[str | Path], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `command`; fail with its output unless it exits 0."""
    result = subprocess.run(
        [str(part) for part in command], env=env, cwd=cwd, capture_output=True, text=True, timeout=INSTALL_TIMEOUT
    )
    shown = " ".join(str(part) for part in command)
    assert result.returncode == 0, f"{shown}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """callsim's wheel, built once from this checkout."""
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT], dict(os.environ), dist)
    [built] = dist.glob("callsim-*.whl")
    return built


@pytest.fixture(scope="module")
def tools(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """How to call pipx and uvx: as installed, else from a temporary venv that pip fills from PyPI."""
    found: dict[str, list[str]] = {}
    if importlib.util.find_spec("pipx") is not None:
        found["pipx"] = [sys.executable, "-m", "pipx"]
    # the test extras bring uv into this venv, whose bin/ need not be on PATH (`make test` doesn't activate it)
    if uvx := shutil.which("uvx", path=str(Path(sys.executable).parent)) or shutil.which("uvx"):
        found["uvx"] = [uvx]
    if missing := [command for command in ("pipx", "uvx") if command not in found]:
        venv = tmp_path_factory.mktemp("tools") / "venv"
        # No pip of its own (ensurepip alone takes ~8 s): this interpreter's pip installs into it.
        _run([sys.executable, "-m", "venv", "--without-pip", venv], dict(os.environ), venv.parent)
        python = venv / "bin" / "python"
        # pip installs uv (one wheel, no dependencies), and uv then installs pipx: pip resolving both took twice
        # the time. uv is installed either way here (uvx is missing, or pipx is and uv brings it).
        _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "uv"], dict(os.environ), venv.parent)
        if "pipx" in missing:
            uv_pip: list[str | Path] = [venv / "bin" / "uv", "pip", "install", "-q", "--python", python]
            _run([*uv_pip, "pipx"], dict(os.environ), venv.parent)
        found |= {command: [str(venv / "bin" / command)] for command in missing}
    return found


def _check_installed_callsim(callsim: list[str], env: dict[str, str], cwd: Path) -> None:
    """The installed command's help, schema and validate of this repository's scenarios/ all work."""
    assert _run([*callsim, "--help"], env, cwd).stdout.startswith("usage: callsim")
    assert "$schema" in json.loads(_run([*callsim, "schema"], env, cwd).stdout)
    assert "OK" in _run([*callsim, "validate", SCENARIOS], env, cwd).stdout


@dataclass(frozen=True)
class PipxInstall:
    home: Path
    bin_dir: Path
    env: dict[str, str]


@pytest.fixture(scope="module")
def pipx_install(wheel: Path, tools: dict[str, list[str]], tmp_path_factory: pytest.TempPathFactory) -> PipxInstall:
    """`pipx install` of the wheel into a home of its own, once for the tests that use the installed command."""
    folder = tmp_path_factory.mktemp("pipx")
    home, bin_dir = folder / "pipx-home", folder / "pipx-bin"
    env = dict(os.environ, PIPX_HOME=str(home), PIPX_BIN_DIR=str(bin_dir), PIPX_MAN_DIR=str(folder / "pipx-man"))
    _run([*tools["pipx"], "install", wheel], env, folder)
    return PipxInstall(home, bin_dir, env)


@pytest.mark.timeout(INSTALL_TIMEOUT)
def test_pipx_installs_the_wheel(pipx_install: PipxInstall, tmp_path: Path) -> None:
    home, env = pipx_install.home, pipx_install.env
    _check_installed_callsim([str(pipx_install.bin_dir / "callsim")], env, tmp_path)
    python = home / "venvs" / "callsim" / "bin" / "python"
    where = _run([python, "-c", "import simulator; print(simulator.__file__)"], env, tmp_path).stdout
    assert Path(where.strip()).is_relative_to(home), where  # the wheel's copy, not this checkout


@pytest.mark.browser
@pytest.mark.timeout(INSTALL_TIMEOUT)
def test_the_installed_wheel_plays_a_scenario_on_its_own_sdk(pipx_install: PipxInstall, tmp_path: Path) -> None:
    """The wheel carries the SDK's bundle (hatch_build.py): no node_modules anywhere, and the sample widget
    still handshakes on the real SDK."""
    env = dict(pipx_install.env)
    env.pop("CALLSIM_NODE_MODULES", None)
    result = _run([str(pipx_install.bin_dir / "callsim"), "run", SCENARIOS / "resize.yaml"], env, tmp_path)
    assert "1 passed, 0 failed" in result.stdout, result.stdout + result.stderr


@pytest.mark.timeout(INSTALL_TIMEOUT)
def test_uvx_runs_the_wheel(wheel: Path, tools: dict[str, list[str]], tmp_path: Path) -> None:
    # uv's own cache, as pip's is kept for pipx: a wheel at a new path is a new environment.
    env = dict(os.environ, UV_PYTHON_DOWNLOADS="never", UV_TOOL_DIR=str(tmp_path / "uv-tools"))
    uvx = [*tools["uvx"], "--python", sys.executable, "--from", str(wheel)]
    _check_installed_callsim([*uvx, "callsim"], env, tmp_path)
    where = _run([*uvx, "python", "-c", "import simulator; print(simulator.__file__)"], env, tmp_path).stdout
    assert not Path(where.strip()).is_relative_to(ROOT), where


def _workflow() -> dict[Any, Any]:
    blocks = WORKFLOW_FENCE.findall(INSTALL_MD.read_text(encoding="utf-8"))
    assert len(blocks) == 1, f"docs/install.md: {len(blocks)} ```yml workflow blocks, expected 1"
    workflow = yaml.safe_load(blocks[0])
    assert isinstance(workflow, dict) and workflow.get("jobs"), "docs/install.md: the workflow has no jobs"
    return workflow


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _parse(argv: list[str], line: str) -> Any:
    """`callsim ARGV` as callsim's own parser reads it; a failure names the line."""
    parser = build_parser()
    subcommands: Any = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
    for each in (parser, *subcommands.choices.values()):
        each.allow_abbrev = False  # `--junit` must not pass as the prefix of a renamed `--junit-xml`
    if argv and not argv[0].startswith("-"):
        assert argv[0] in subcommands.choices, f"{line}: callsim has no command {argv[0]!r}"
    try:
        return parser.parse_args(argv)
    except SystemExit as exit:  # argparse's way of refusing an option (or of having printed --help: 0)
        if exit.code != 0:
            pytest.fail(f"{line}: callsim's parser refuses it (exit {exit.code})")
    return None


def test_every_callsim_line_of_the_ci_recipe_parses() -> None:
    workflow = _workflow()
    parsed: dict[str, Any] = {}
    for step in _steps(workflow):
        for line in str(step.get("run", "")).splitlines():
            if line.strip().startswith("callsim "):
                args = _parse(shlex.split(line, comments=True)[1:], line)
                parsed[args.command] = args
    assert {"validate", "run"} <= parsed.keys(), f"the recipe's callsim commands: {sorted(parsed)}"
    assert parsed["run"].junit and parsed["run"].report, "the recipe's `callsim run` writes no JUnit or HTML report"
    [upload] = [step for step in _steps(workflow) if str(step.get("uses", "")).startswith("actions/upload-artifact@")]
    assert upload.get("if") == "always()", "the report must be uploaded when the run fails too"
    assert Path(parsed["run"].report).name in str(upload["with"]["path"]), "the upload misses the HTML report"


def test_every_callsim_command_of_its_one_liners_parses() -> None:
    commands = 0
    for block in SH_FENCE.findall(INSTALL_MD.read_text(encoding="utf-8")):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if "callsim" in words:  # `uvx --from WHEEL callsim run ...`; not a path ending in /callsim
                commands += 1
                _parse(words[words.index("callsim") + 1 :], line)
    assert commands >= 2, "docs/install.md's one-liners run no callsim command"


def test_the_page_is_installing_callsim() -> None:
    # README.md links it as docs/install.md (its link is checked by test_docs_links.py).
    headings = re.findall(r"^#{1,6}\s.*$", INSTALL_MD.read_text(encoding="utf-8"), re.MULTILINE)
    assert headings[:1] == ["# Installing callsim"]
