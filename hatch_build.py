"""Wheel build hook: ship the Calling Extensions SDK's bundle (from `npm ci`) inside the wheel.

A `pipx install` of the wheel then serves the sample widget on the real SDK with no node_modules around. The
bundle is optional: a wheel built before `npm ci` works too, and finds the SDK in a node_modules folder instead
(`simulator/paths.py`). Editable installs read the checkout's node_modules directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SDK = Path("node_modules/@hubspot/calling-extensions-sdk")
SHIPPED = ("dist/main.js", "LICENSE", "package.json")  # the bundle, its MIT licence, its version


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        for name in SHIPPED:
            source = root / SDK / name
            if source.is_file():
                build_data["force_include"][str(source)] = f"simulator/_sdk/{SDK.relative_to('node_modules')}/{name}"
