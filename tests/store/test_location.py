"""Where the data lives by default, and the CLI's errors for a data dir it cannot use."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from simulator.store import default_data_dir
from tests.helpers.live_server import ROOT


def test_the_env_variable_overrides_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CALLSIM_DATA_DIR", str(tmp_path / "mine"))
    assert default_data_dir() == tmp_path / "mine"


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the XDG folders are for Linux and the BSDs")
def test_xdg_data_home_then_local_share(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CALLSIM_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "callsim"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")
    assert default_data_dir() == Path.home() / ".local" / "share" / "callsim"


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "simulator", "serve", "--port", "0", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=30)


def test_a_data_dir_that_is_a_file_is_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = serve("--data-dir", str(tmp_path / "file"))
    assert result.returncode == 2
    assert result.stderr == f"Error: --data-dir {tmp_path / 'file'}: not a folder\n"


def test_ephemeral_and_data_dir_together_are_a_usage_error(tmp_path: Path) -> None:
    result = serve("--ephemeral", "--data-dir", str(tmp_path))
    assert result.returncode == 2 and "not allowed with argument" in result.stderr
    assert not any(tmp_path.iterdir())


def test_a_bad_fixtures_file_fails_before_a_data_dir_is_created(tmp_path: Path) -> None:
    fixtures = tmp_path / "crm.yaml"
    fixtures.write_text("contacts: 3\n", encoding="utf-8")
    result = serve("--fixtures", str(fixtures), "--data-dir", str(tmp_path / "data"))
    assert result.returncode == 2 and result.stderr.startswith(f"Error: {fixtures}:")
    assert not (tmp_path / "data").exists()
