"""Which installed copy answers a CDN URL: node_modules near the widget, versions as npm resolves them, lockfiles."""

from __future__ import annotations

import json
from pathlib import Path

from simulator.paths import PROJECT_DIR
from simulator.server.cdn_urls import parse_cdn_url
from simulator.server.npm_packages import Resolution, node_modules_near, resolve
from tests.helpers.react_widget import REACT_PREFIX, REACT_URL, react_widget_folder


def _resolve(url: str, roots: list[Path]) -> Resolution:
    ref = parse_cdn_url(url)
    assert ref is not None
    return resolve(ref, roots)


def test_node_modules_are_looked_for_in_the_widget_folder_its_parents_then_callsims(tmp_path: Path) -> None:
    widget = react_widget_folder(tmp_path / "repo" / "widget", with_node_modules=False)
    (tmp_path / "repo" / "node_modules").mkdir()
    roots = node_modules_near([widget / "src"])
    assert roots[0] == (tmp_path / "repo" / "node_modules").resolve()
    assert (PROJECT_DIR / "node_modules").resolve() in roots


def test_the_widgets_own_copy_answers_and_the_map_url_is_exact(tmp_path: Path) -> None:
    widget = react_widget_folder(tmp_path / "widget")
    found = _resolve(REACT_URL, node_modules_near([widget]))
    assert found.version == "18.2.0" and not found.substitute
    assert found.file == (widget / "node_modules" / "react" / "umd" / "react.production.min.js").resolve()
    assert found.map_url == f"--map-url {REACT_PREFIX}={(widget / 'node_modules' / 'react').resolve()}"


def test_ranges_resolve_as_npm_would_and_a_pin_falls_back_to_the_same_major(tmp_path: Path) -> None:
    roots = node_modules_near([tmp_path])
    assert _resolve("https://unpkg.com/react-dom@^18.1/umd/react-dom.development.js", roots).version == "18.2.0"
    pinned = _resolve("https://cdnjs.cloudflare.com/ajax/libs/react/18.1.0/umd/react.development.js", roots)
    assert pinned.version == "18.2.0" and pinned.substitute
    assert _resolve("https://unpkg.com/react@17.0.2/umd/react.development.js", roots).version is None
    assert _resolve("https://unpkg.com/react@^19/umd/react.development.js", roots).version is None


def test_what_is_missing_says_where_it_looked_what_it_found_and_what_a_lockfile_pins(tmp_path: Path) -> None:
    elsewhere = _resolve("https://unpkg.com/react@17/umd/react.development.js", node_modules_near([tmp_path]))
    assert "no installed copy of react@17" in elsewhere.explain_missing()
    assert str((PROJECT_DIR / "node_modules").resolve()) in elsewhere.explain_missing()
    assert "found react 18.2.0" in elsewhere.explain_missing()
    (tmp_path / "node_modules").mkdir()
    lock = {"packages": {"node_modules/left-pad": {"version": "1.3.0"}}}
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    locked = _resolve("https://unpkg.com/left-pad@1.3.0/index.js", node_modules_near([tmp_path]))
    assert locked.map_url is None
    assert (
        f"locked at 1.3.0 in {tmp_path.resolve() / 'package-lock.json'} but not installed" in locked.explain_missing()
    )


def test_a_bare_package_url_is_its_main_file_and_has_no_map_url(tmp_path: Path) -> None:
    found = _resolve("https://unpkg.com/react@18", node_modules_near([tmp_path]))
    assert found.file is not None and found.file.name == "index.js"
    assert found.map_url is None


def test_paths_outside_the_package_are_not_answered(tmp_path: Path) -> None:
    found = _resolve("https://unpkg.com/react@18/../react-dom/package.json", node_modules_near([tmp_path]))
    assert found.file is None
