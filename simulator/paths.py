"""Where callsim's files are: inside a wheel (`simulator/_static`) or in a source checkout (`static/`)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


STATIC_DIR = _first_existing(PACKAGE_DIR / "_static", PROJECT_DIR / "static")
SCENARIOS_DIR = _first_existing(PACKAGE_DIR / "_scenarios", PROJECT_DIR / "scenarios")
TEMPLATES_DIR = PACKAGE_DIR / "server" / "templates"
SAMPLE_WIDGET_DIR = PACKAGE_DIR / "sample_widget"
SDK_PACKAGE = "@hubspot/calling-extensions-sdk"


def node_modules_candidates() -> list[Path]:
    """Where the SDK may be: $CALLSIM_NODE_MODULES, the checkout's or the cwd's `npm ci`, else the wheel's copy."""
    candidates = []
    if env := os.environ.get("CALLSIM_NODE_MODULES"):
        candidates.append(Path(env))
    candidates += [PROJECT_DIR / "node_modules", Path.cwd() / "node_modules", PACKAGE_DIR / "_sdk"]
    return candidates


def find_sdk_bundle(version: str | None = None) -> Path | None:
    """The SDK's UMD bundle (`dist/main.js`): the pinned one, or `sdk-<version>` from the version matrix."""
    package = SDK_PACKAGE if version is None else f"sdk-{version}"
    for base in node_modules_candidates():
        bundle = base / package / "dist" / "main.js"
        if bundle.is_file():
            return bundle
    return None


def installed_sdk_versions() -> list[str]:
    """Versions installed as `sdk-<version>` aliases (package.json), for the version matrix."""
    for base in node_modules_candidates():
        found = sorted(p.name.removeprefix("sdk-") for p in base.glob("sdk-*") if (p / "dist" / "main.js").is_file())
        if found:
            return found
    return []
