"""The CLI shell: user mistakes end in one `Error:` line and exit 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def callsim(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True, text=True, timeout=60)


def test_a_bad_fixtures_file_is_an_error_line_naming_file_and_line(tmp_path: Path) -> None:
    fixtures = tmp_path / "crm.yaml"
    fixtures.write_text("contacts:\n  - id: 1\n    firstname: Ada\n", encoding="utf-8")
    result = callsim("serve", "--port", "0", "--fixtures", str(fixtures))
    assert result.returncode == 2
    assert result.stderr.startswith(f"Error: {fixtures}:3:"), result.stderr
    assert "firstname" in result.stderr and "first_name" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "unexpectedly" not in result.stderr


def test_no_command_prints_help_and_exits_2() -> None:
    result = callsim()
    assert result.returncode == 2
    assert "callsim serve" in result.stdout and "callsim run" in result.stdout
