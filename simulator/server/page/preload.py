"""The modules the record page's head start needs, in import order: the `<link rel="modulepreload">` list.

Preloaded, the SYNC loop's modules (headstart.js and what it imports) are all requested from the page's head at once,
not one level of imports at a time. The rest of page.js's graph is left to page.js: preloaded too, its 14 other
modules are fetched and compiled while the widget loads and slowed the handshake on 2 cores (docs/performance.md
"Handshake").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from simulator.paths import STATIC_DIR

ENTRIES = ("headstart.js",)
# Static `import … from "./x.js"`, `import "./x.js"` and `export … from "./x.js"`: all the page's modules use.
IMPORT = re.compile(r"""^(?:import|export)\b[^;"']*?["'](\./[\w./-]+\.js)["']""", re.M)


def preload_modules(folder: Path = STATIC_DIR / "js", entries: tuple[str, ...] = ENTRIES) -> tuple[str, ...]:
    """Every module reachable from `entries`, each once, depth first, in import order (names relative to `folder`)."""
    stamps = tuple((path.name, path.stat().st_mtime_ns) for path in sorted(folder.glob("*.js")))
    return _graph(folder, entries, stamps)  # recomputed when a module changes (the dev server serves edits live)


@lru_cache(maxsize=4)
def _graph(folder: Path, entries: tuple[str, ...], _stamps: tuple[tuple[str, int], ...]) -> tuple[str, ...]:
    order: dict[str, None] = {}

    def visit(name: str) -> None:
        path = folder / name
        if name in order or not path.is_file():
            return
        order[name] = None
        for relative in IMPORT.findall(path.read_text(encoding="utf-8")):
            visit(str(Path(name).parent / relative.removeprefix("./")).removeprefix("./"))

    for entry in entries:
        visit(entry)
    return tuple(order)
