"""Public CDN URLs of npm packages (unpkg, jsDelivr, cdnjs) read as package, version range and file (no I/O)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

_NPM_PATH = r"(?P<package>(?:@[^/@?#]+/)?[^/@?#]+)(?:@(?P<spec>[^/?#]*))?(?P<file>/[^?#]*)?(?:[?#].*)?$"
# unpkg and jsDelivr's /npm/ mirror the npm tarball, `pkg[@range][/file]`; cdnjs is `libs/NAME/VERSION/file`.
PATTERNS = {
    "unpkg": re.compile(r"^(?P<root>https?://unpkg\.com/)" + _NPM_PATH),
    "jsdelivr": re.compile(r"^(?P<root>https?://cdn\.jsdelivr\.net/npm/)" + _NPM_PATH),
    "cdnjs": re.compile(
        r"^(?P<root>https?://cdnjs\.cloudflare\.com/ajax/libs/)(?P<package>[^/?#]+)/(?P<spec>[^/?#]+)"
        r"(?P<file>/[^?#]*)?(?:[?#].*)?$"
    ),
}
# What the browser hands to Python (a JS-compatible pattern, so Chromium skips every other request).
CDN_ROUTE = re.compile(r"^https?://(?:unpkg\.com|cdn\.jsdelivr\.net/npm|cdnjs\.cloudflare\.com/ajax/libs)/")
# A CDN URL inside HTML or JS text: up to the quote, space or bracket that ends it.
CDN_URL_IN_TEXT = re.compile(
    r"https?://(?:unpkg\.com|cdn\.jsdelivr\.net/npm|cdnjs\.cloudflare\.com/ajax/libs)/[^\s\"'`<>()]+"
)


@dataclass(frozen=True)
class CdnRef:
    """One CDN URL: which package, which version range (None: latest), which file of it ("" : its main file)."""

    url: str
    cdn: str  # "unpkg", "jsdelivr" or "cdnjs"
    package: str
    spec: str | None
    file: str
    prefix: str  # the URL of the package's root, ending in "/": what a --map-url maps to the package's folder

    @property
    def wanted(self) -> str:
        return f"{self.package}@{self.spec or 'latest'}"


def parse_cdn_url(url: str) -> CdnRef | None:
    """The package a public CDN URL names, or None for any other URL."""
    for cdn, pattern in PATTERNS.items():
        match = pattern.match(url)
        if match is None:
            continue
        # Browsers send ^ and other range characters percent-encoded (react@%5E18); npm reads them plain.
        spec = unquote(match.group("spec") or "") or None
        package = unquote(match.group("package"))
        version = "" if spec is None else f"{'/' if cdn == 'cdnjs' else '@'}{spec}"
        prefix = f"{match.group('root')}{package}{version}/"
        return CdnRef(url, cdn, package, spec, unquote(match.group("file") or "").lstrip("/"), prefix)
    return None
