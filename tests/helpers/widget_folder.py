"""Widget folders for dev-server and offline tests: copies of the sample widget."""

from __future__ import annotations

import shutil
from pathlib import Path

from simulator.paths import SAMPLE_WIDGET_DIR

SCENARIO = "name: Widget starts\nsteps:\n  - expect: INITIALIZED\n"


def widget_folder(folder: Path, page: Path = SAMPLE_WIDGET_DIR / "index.html") -> Path:
    """A copy of the sample widget (its SDK from /sdk/main.js, or as `page` loads it)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(page, folder / "index.html")
    for name in ("widget.js", "widget.css"):
        shutil.copy(SAMPLE_WIDGET_DIR / name, folder / name)
    return folder


JSDELIVR_SDK = "https://cdn.jsdelivr.net/npm/@hubspot/calling-extensions-sdk@latest/dist/main.js"


def cdn_sdk_widget_folder(folder: Path) -> Path:
    """The sample widget loading the SDK from jsDelivr, as HubSpot's demo-minimal-js does."""
    widget_folder(folder)
    page = folder / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<script src="/sdk/main.js"></script>' in html
    page.write_text(html.replace("/sdk/main.js", JSDELIVR_SDK), encoding="utf-8")
    return folder
