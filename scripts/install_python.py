"""Fill the project's venv: with uv when it can be had (seconds), else with pip (about a minute on a fresh clone).

Run by `make install` / `make install-test` with the machine's Python:

    python3 scripts/install_python.py --venv .venv            # callsim and its runtime dependencies
    python3 scripts/install_python.py --venv .venv --extras test

uv reads no pip configuration, so the indexes, find-links, constraints and certificate that `pip config list`
reports (files and PIP_* variables: a company mirror, a machine's wheel folder) are handed to it as flags. When uv
can't be installed or fails, pip does the whole job as before: the venv gets the same packages either way, and pip
itself is installed in it so `.venv/bin/python -m pip` works. CALLSIM_INSTALLER=pip skips uv.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INSTALLER_ENV = "CALLSIM_INSTALLER"


@dataclass
class PipSettings:
    """What of pip's configuration uv must be told, as uv's flags and environment."""

    flags: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


# pip's key (after the section, e.g. "global.") -> uv's flag; each value may hold several, space-separated.
_LIST_FLAGS = {"extra-index-url": "--extra-index-url", "find-links": "--find-links", "constraint": "--constraint"}


def parse_pip_config(listing: str) -> PipSettings:
    """uv's flags for the lines of `pip config list` (`global.index-url='https://...'`, `:env:.find-links='/x'`).

    Later lines win for single values, as pip's own precedence orders them (files, then the environment)."""
    single: dict[str, str] = {}
    many: dict[str, list[str]] = {}
    for line in listing.splitlines():
        key, sep, raw = line.partition("=")
        if not sep:
            continue
        name = key.rsplit(".", 1)[-1]
        value = raw.strip().strip("'\"")
        if name in ("index-url", "cert", "trusted-host"):
            single[name] = value
        elif name in _LIST_FLAGS:
            many[name] = value.split()
    settings = PipSettings()
    if "index-url" in single:
        settings.flags += ["--index-url", single["index-url"]]
    for name, flag in _LIST_FLAGS.items():
        for value in many.get(name, []):
            settings.flags += [flag, value]
    if many.get("extra-index-url"):
        # pip takes the best version from all indexes; uv by default stops at the first index that has the package
        settings.flags += ["--index-strategy", "unsafe-best-match"]
    for host in single.get("trusted-host", "").split():
        settings.flags += ["--allow-insecure-host", host]
    if "cert" in single:
        settings.env["SSL_CERT_FILE"] = single["cert"]
    return settings


def pip_config_listing(python: str) -> str:
    result = subprocess.run([python, "-m", "pip", "config", "list"], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


def requirement(extras: str | None) -> str:
    return f"{ROOT}[{extras}]" if extras else str(ROOT)


def _run(command: list[str], env: dict[str, str] | None = None) -> bool:
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, env=env).returncode == 0


def _venv_python(folder: Path) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _find_uv(folder: Path, base_python: str) -> str | None:
    """uv on PATH or in the venv, else installed into the venv by the base Python's pip (with its configuration)."""
    for candidate in (shutil.which("uv"), folder / "bin" / "uv"):
        if candidate and Path(candidate).is_file():
            return str(candidate)
    command = [base_python, "-m", "pip", "--python", str(_venv_python(folder)), "install", "--quiet", "uv"]
    if _run(command) and (folder / "bin" / "uv").is_file():
        return str(folder / "bin" / "uv")
    return None


def install_with_uv(uv: str, folder: Path, extras: str | None, settings: PipSettings) -> bool:
    command = [uv, "pip", "install", "--quiet", "--python", str(_venv_python(folder)), *settings.flags]
    return _run([*command, "pip", "-e", requirement(extras)], env={**os.environ, **settings.env})


def _has_pip(python: str) -> bool:
    return subprocess.run([python, "-m", "pip", "--version"], capture_output=True).returncode == 0


def install_with_pip(folder: Path, extras: str | None, base_python: str) -> bool:
    """The base Python's pip fills the venv (pip itself included); ensurepip first only if the base has no pip."""
    python = str(_venv_python(folder))
    if _has_pip(base_python):
        return _run(
            [base_python, "-m", "pip", "--python", python, "install", "--quiet", "pip", "-e", requirement(extras)]
        )
    if not _has_pip(python) and not _run([python, "-m", "ensurepip", "--upgrade", "--default-pip"]):
        return False
    return _run([python, "-m", "pip", "install", "--quiet", "-e", requirement(extras)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="the venv to create or fill (.venv)")
    parser.add_argument("--extras", help="the project's extras to install too, e.g. test")
    parser.add_argument("--show-uv-flags", action="store_true", help="print the flags uv would get from pip's config")
    args = parser.parse_args(argv)
    settings = parse_pip_config(pip_config_listing(sys.executable))
    if args.show_uv_flags:
        print(" ".join(settings.flags))
        for name, value in settings.env.items():
            print(f"{name}={value}")
        return 0
    folder: Path = args.venv
    if not _venv_python(folder).is_file():
        # no pip seeded (ensurepip takes seconds): uv, or the base Python's pip, installs pip with the project
        venv.EnvBuilder(with_pip=False).create(folder)
    if os.environ.get(INSTALLER_ENV, "uv") != "pip":
        uv = _find_uv(folder, sys.executable)
        if uv and install_with_uv(uv, folder, args.extras, settings):
            return 0
        print(f"uv could not install the project; pip does it instead (set {INSTALLER_ENV}=pip to skip uv)")
    if install_with_pip(folder, args.extras, sys.executable):
        return 0
    print("pip could not install the project: its output is above", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
