"""scripts/install_python.py: pip's configuration reaches uv as flags, and a failed uv install falls back to pip.

Its successful uv path is what `make test` runs on every fresh clone; these check what a fresh clone doesn't show.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "install_python.py"


def _script(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )


def _env_with_config(config: Path, **extra: str) -> dict[str, str]:
    """This process's environment without its PIP_* settings, reading `config` as pip's last configuration file."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PIP_")}
    return {**env, "PIP_CONFIG_FILE": str(config), **extra}


def test_pip_configuration_becomes_uv_flags(tmp_path: Path) -> None:
    config = tmp_path / "pip.conf"
    config.write_text(
        "[global]\n"
        "index-url = https://mirror.example/simple\n"
        "extra-index-url = https://one.example/simple https://two.example/simple\n"
        "find-links = /from/the/file\n"
        "trusted-host = mirror.example\n"
        "cert = /etc/company-ca.pem\n"
    )
    # the environment outranks the file in pip's order, and so in uv's flags
    result = _script(["--show-uv-flags"], _env_with_config(config, PIP_FIND_LINKS="/from/the/env"), tmp_path)
    assert result.returncode == 0, result.stderr
    flags, *env_lines = result.stdout.splitlines()
    words = flags.split()
    assert words[words.index("--index-url") + 1] == "https://mirror.example/simple"
    extra = [words[i + 1] for i, word in enumerate(words) if word == "--extra-index-url"]
    assert extra[-2:] == ["https://one.example/simple", "https://two.example/simple"]
    assert "--index-strategy unsafe-best-match" in flags  # pip's best match over all indexes
    assert words[words.index("--find-links") + 1] == "/from/the/env"
    assert "--allow-insecure-host mirror.example" in flags
    assert "SSL_CERT_FILE=/etc/company-ca.pem" in env_lines


def test_a_failed_uv_install_falls_back_to_pip_and_says_so(tmp_path: Path) -> None:
    empty_index = tmp_path / "empty-index"
    empty_index.mkdir()
    config = tmp_path / "pip.conf"
    config.write_text(f"[global]\nindex-url = {empty_index.as_uri()}\nno-index = false\n")
    # uv from this venv (its bin first on PATH), an index with nothing on it: uv fails, then pip does
    env = _env_with_config(config, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    env["PIP_FIND_LINKS"] = ""
    result = _script(["--venv", str(tmp_path / "venv")], env, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert f"+ {Path(sys.executable).parent / 'uv'} pip install" in result.stdout  # the test extras bring uv
    assert "uv could not install the project; pip does it instead" in result.stdout
    assert "pip could not install the project: its output is above" in result.stderr
    assert "Traceback" not in output
    assert (tmp_path / "venv" / "bin" / "python").is_file()
