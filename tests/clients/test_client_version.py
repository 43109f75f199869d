"""The TypeScript client speaks this callsim: its CALLSIM_SERIES and its package version follow callsim's."""

from __future__ import annotations

import json
import re

from simulator import __version__
from tests.helpers.live_server import ROOT

CLIENT = ROOT / "clients" / "js"


def test_the_clients_series_and_version_are_callsims() -> None:
    source = (CLIENT / "src" / "index.ts").read_text(encoding="utf-8")
    series = re.search(r'export const CALLSIM_SERIES = "([^"]+)"', source)
    assert series is not None, "index.ts declares CALLSIM_SERIES"
    assert series.group(1) == ".".join(__version__.split(".")[:2])
    package = json.loads((CLIENT / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == __version__
