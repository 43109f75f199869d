"""The doctor's fix for a public CDN script that cannot be reached: the installed copy, and the exact --map-url."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from simulator.paths import SDK_PACKAGE
from simulator.server.cdn_urls import parse_cdn_url
from simulator.server.npm_packages import resolve


def offline_cdn_fix(url: str, roots: Sequence[Path]) -> str | None:
    """How to serve a CDN script from node_modules instead; None when the URL is no npm package on a known CDN."""
    ref = parse_cdn_url(url)
    if ref is None:
        return None
    found = resolve(ref, roots)
    if found.version is None or found.file is None:
        missing = found.explain_missing()
        if found.version is not None:
            missing = f"{ref.package} {found.version} in {found.folder}, which has no {ref.file}"
        return (
            f"callsim looked for {ref.wanted} to serve it offline and found {missing}. "
            f"`npm install {ref.package}@{ref.spec or 'latest'}` in the widget's folder, then run with --offline."
        )
    have = f"{ref.package} {found.version} is installed in {found.folder}"
    if found.substitute:
        have = f"{ref.package}@{ref.spec} is not installed, but {have} (same major)"
    options = "`callsim run --offline` (or `audit --offline`) serves it from there by itself"
    if ref.package == SDK_PACKAGE and ref.cdn != "cdnjs":
        options = "`callsim run` and `audit` answer it from their own copies of the SDK, no flag needed"
    if found.map_url:
        options += f"; or give exactly `{found.map_url}`"
    else:
        options += " (a bare package URL has no prefix to give --map-url)"
    return f"{have}: {options}; `callsim serve --offline --widget-dir DIR` does the same for a folder's pages."
