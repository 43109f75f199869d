"""Which installed npm package answers a CDN URL: node_modules near the widget, versions resolved as npm would."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import semantic_version  # type: ignore[import-untyped]

from simulator.paths import node_modules_candidates
from simulator.server.cdn_urls import CdnRef

# cdnjs drops the npm package's build folder from many libraries' paths (vue/3.4.0/vue.global.js is dist/ on npm).
CDNJS_FOLDERS = ("", "dist/", "umd/")


def resolve_version(spec: str | None, versions: Sequence[str]) -> str | None:
    """The version npm would pick for `spec` (None/"latest": the highest release) among `versions`."""
    parsed = []
    for version in versions:
        try:
            parsed.append(semantic_version.Version(version))
        except ValueError:
            continue
    spec = (spec or "latest").strip()
    if spec == "latest":
        releases = [v for v in parsed if not v.prerelease]
        return str(max(releases)) if releases else None
    try:
        chosen = semantic_version.NpmSpec(spec).select(parsed)
    except ValueError:
        return None
    return None if chosen is None else str(chosen)


def node_modules_near(starts: Iterable[Path]) -> list[Path]:
    """node_modules in each start folder and its ancestors (as Node resolves), then callsim's own; existing only."""
    found: list[Path] = []
    for start in starts:
        start = start.expanduser().resolve()
        for folder in [start, *start.parents]:
            found.append(folder / "node_modules")
    found += node_modules_candidates()
    unique = dict.fromkeys(path.resolve() for path in found if path.is_dir())
    return list(unique)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def installed(package: str, roots: Sequence[Path]) -> dict[str, Path]:
    """version -> folder of every copy of `package` in `roots` (the first root wins for a version)."""
    copies: dict[str, Path] = {}
    for root in roots:
        manifest = _read_json(root / package / "package.json")
        if isinstance(manifest, dict) and isinstance(manifest.get("version"), str):
            copies.setdefault(manifest["version"], root / package)
    return copies


def locked(package: str, roots: Sequence[Path]) -> list[str]:
    """'VERSION in LOCKFILE' for each package-lock.json beside `roots` that pins `package` (installed or not)."""
    found = []
    for root in roots:
        lock = _read_json(root.parent / "package-lock.json")
        entry = lock.get("packages", {}).get(f"node_modules/{package}") if isinstance(lock, dict) else None
        if isinstance(entry, dict) and isinstance(entry.get("version"), str):
            found.append(f"{entry['version']} in {root.parent / 'package-lock.json'}")
    return found


def _main_file(folder: Path, cdn: str) -> str:
    """What a CDN answers for a bare package URL: its own field in package.json, else browser, else main."""
    manifest = _read_json(folder / "package.json") or {}
    for field in (cdn, "browser", "main"):
        value = manifest.get(field) if isinstance(manifest, dict) else None
        if isinstance(value, str) and value:
            return value.removeprefix("./")
    return "index.js"


@dataclass(frozen=True)
class Resolution:
    """What node_modules has for one CDN URL: the folder its prefix maps to and the file, or what was looked at."""

    ref: CdnRef
    looked_in: tuple[Path, ...]
    installed: tuple[str, ...]  # versions found, whether or not they satisfy the range
    locked: tuple[str, ...]  # lockfile pins, for when nothing is installed
    version: str | None = None
    folder: Path | None = None  # what ref.prefix maps to (the package, or its dist/ for cdnjs)
    file: Path | None = None
    substitute: bool = False  # the URL pins a version that is not installed; this is the same major's newest

    @property
    def map_url(self) -> str | None:
        """The exact `--map-url PREFIX=DIR` that serves this URL from disk (None for a bare package URL: no prefix)."""
        if self.folder is None or self.file is None or not self.ref.file:
            return None
        return f"--map-url {self.ref.prefix}={self.folder}"

    def explain_missing(self) -> str:
        """Where it looked and what it found instead, in one sentence."""
        where = ", ".join(map(str, self.looked_in)) or "no node_modules folder"
        text = f"no installed copy of {self.ref.wanted} (looked in {where}"
        if self.installed:
            text += f"; found {self.ref.package} {', '.join(self.installed)}"
        elif self.locked:
            text += f"; locked at {', '.join(self.locked)} but not installed: run `npm ci` there"
        return text + ")"


def _inside(folder: Path, relative: str) -> Path | None:
    target = (folder / relative).resolve()
    return target if target.is_relative_to(folder.resolve()) and target.is_file() else None


def resolve(ref: CdnRef, roots: Sequence[Path]) -> Resolution:
    """The installed copy that answers `ref`: a version satisfying its range; for a pin, else the same major."""
    copies = installed(ref.package, roots)
    found = Resolution(ref, tuple(roots), tuple(sorted(copies)), tuple(locked(ref.package, roots)))
    version = resolve_version(ref.spec, list(copies))
    substitute = False
    if version is None and ref.spec and _is_exact(ref.spec):
        # cdnjs always pins; `npm install react@^18.2.0` may well have brought 18.3.1, which serves the page as well.
        version, substitute = resolve_version(f"^{ref.spec}", list(copies)), True
    if version is None:
        return found
    package = copies[version]
    folders = CDNJS_FOLDERS if ref.cdn == "cdnjs" else ("",)
    for sub in folders:
        file = _inside(package / sub, ref.file or _main_file(package, ref.cdn))
        if file is not None:
            folder = (package / sub).resolve()
            return replace(found, version=version, folder=folder, file=file, substitute=substitute)
    return replace(found, version=version, folder=package.resolve(), substitute=substitute)


def _is_exact(spec: str) -> bool:
    try:
        semantic_version.Version(spec)
    except ValueError:
        return False
    return True
