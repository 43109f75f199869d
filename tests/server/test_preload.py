"""The record page's modulepreload list: the head start's whole module graph, in import order (issue 20)."""

from __future__ import annotations

from pathlib import Path

from simulator.paths import STATIC_DIR
from simulator.server.page.preload import preload_modules


def test_the_head_starts_modules_are_all_preloaded_each_once() -> None:
    modules = preload_modules()
    assert modules[0] == "headstart.js" and len(set(modules)) == len(modules)
    assert {"widget.js", "handshake.js", "protocol.js", "config.js"} <= set(modules)
    assert "page.js" not in modules  # the rest of the page loads after what the handshake needs
    assert all((STATIC_DIR / "js" / name).is_file() for name in modules)


def test_the_list_follows_every_import_form_and_a_changed_module(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_text('import { b } from "./b.js";\nexport { c } from "./c.js";\nimport "./d.js";\n')
    (tmp_path / "b.js").write_text('import {\n  a,\n} from "./a.js";\n// import "./not-a-module.js";\n')
    for name in ("c.js", "d.js"):
        (tmp_path / name).write_text("export const x = 1;\n")
    assert preload_modules(tmp_path, ("a.js",)) == ("a.js", "b.js", "c.js", "d.js")
    (tmp_path / "d.js").write_text('import "./e.js";\n')
    (tmp_path / "e.js").write_text("")
    assert preload_modules(tmp_path, ("a.js",))[-1] == "e.js"  # recomputed, not a stale cache
