"""A widget shaped like HubSpot's React demo (React 18.2.0 from cdnjs, the SDK from unpkg) with its own node_modules."""

from __future__ import annotations

import shutil
from pathlib import Path

from simulator.paths import PROJECT_DIR

REACT_CDN_WIDGET = Path(__file__).resolve().parent.parent / "fixtures" / "widgets" / "react-cdn"
REACT_URL = "https://cdnjs.cloudflare.com/ajax/libs/react/18.2.0/umd/react.production.min.js"
REACT_PREFIX = "https://cdnjs.cloudflare.com/ajax/libs/react/18.2.0/"
SIGN_IN_SCENARIO = (
    "name: React widget signs in\nsteps:\n  - expect: INITIALIZED\n"
    "  - click: '[data-action=\"sign-in\"]'\n  - expect: LOGGED_IN\n"
)


def react_widget_folder(folder: Path, with_node_modules: bool = True) -> Path:
    """A copy of the fixture; with `npm install react react-dom` done in it (copies of callsim's own)."""
    shutil.copytree(REACT_CDN_WIDGET, folder)
    if with_node_modules:
        for package in ("react", "react-dom"):
            shutil.copytree(PROJECT_DIR / "node_modules" / package, folder / "node_modules" / package)
    return folder
