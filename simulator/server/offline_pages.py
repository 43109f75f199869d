"""`serve --offline`: a --widget-dir page's CDN URLs point at the folder's own origin, answered from node_modules.

The browser is the user's own, so callsim cannot catch its requests to a CDN as `run` does; it rewrites the URLs
in the HTML it serves instead, and only those of packages that are installed (the rest still go to the network)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from simulator.server.cdn_urls import CDN_URL_IN_TEXT, parse_cdn_url
from simulator.server.npm_packages import resolve

LOCAL_CDN = "/.callsim-cdn/"  # + the CDN URL without its scheme, on the widget folder's origin
HTML_SUFFIXES = (".html", ".htm")


def local_file(url: str, roots: Sequence[Path]) -> Path | None:
    """The installed file that answers a CDN URL, or None."""
    ref = parse_cdn_url(url)
    return None if ref is None else resolve(ref, roots).file


def rewrite_cdn_urls(html: str, roots: Sequence[Path]) -> str:
    """The page with each CDN URL of an installed package turned into the folder's LOCAL_CDN path."""

    def local(match: re.Match[str]) -> str:
        url = match.group(0)
        if local_file(url, roots) is None:
            return url
        return LOCAL_CDN + url.split("://", 1)[1]

    return CDN_URL_IN_TEXT.sub(local, html)


def requested_cdn_url(path: str) -> str:
    """The CDN URL a LOCAL_CDN path stands for (path without the leading LOCAL_CDN)."""
    return "https://" + path.lstrip("/")
