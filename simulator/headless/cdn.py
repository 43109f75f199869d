"""`callsim run` offline: CDN URLs of the SDK (and --map-url prefixes, and with --offline any installed package)
answered from local npm copies, and widget pages on loopback hosts with self-signed certificates fetched for the
browser."""

from __future__ import annotations

import json
import mimetypes
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import aiohttp
import semantic_version  # type: ignore[import-untyped]

from simulator.errors import CallsimError
from simulator.paths import SDK_PACKAGE, node_modules_candidates
from simulator.server.cdn_urls import CDN_ROUTE, parse_cdn_url
from simulator.server.npm_packages import node_modules_near, resolve, resolve_version

# https://cdn.jsdelivr.net/npm/@hubspot/calling-extensions-sdk@latest/dist/main.js, https://unpkg.com/...@0.9/...
SDK_URL = re.compile(
    r"^https?://(?:cdn\.jsdelivr\.net/npm|unpkg\.com)/@hubspot/calling-extensions-sdk"
    r"(?:@(?P<spec>[^/?#]*))?(?P<file>/[^?#]*)?(?:[?#].*)?$"
)
DEFAULT_FILE = "dist/main.js"  # the package's "main"; what both CDNs answer for a bare package URL
# What the browser hands to Python at all: patterns (JS-compatible) let Chromium skip every other request; a
# callable would send each request of every page through the Playwright driver. The handlers then decide.
SDK_ROUTE = re.compile(r"^https?://(?:cdn\.jsdelivr\.net/npm|unpkg\.com)/@hubspot/calling-extensions-sdk")
LOOPBACK_HTTPS_ROUTE = re.compile(r"^https://(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(?:[/?#]|$)")
LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
CORS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "no-store"}  # as the CDNs answer; modules need it
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length", "upgrade"}
Note = Callable[[str], None]


def installed_sdks(bases: Sequence[Path] | None = None) -> dict[str, Path]:
    """npm version -> package folder, for every SDK copy in node_modules (the pinned one and the sdk-* aliases)."""
    found: dict[str, Path] = {}
    for base in bases if bases is not None else node_modules_candidates():
        for folder in [base / SDK_PACKAGE, *sorted(base.glob("sdk-*"))]:
            try:
                version = json.loads((folder / "package.json").read_text(encoding="utf-8"))["version"]
            except (OSError, ValueError, KeyError, TypeError):
                continue
            found.setdefault(str(version), folder)
    return found


def _inside(folder: Path, relative: str) -> Path | None:
    target = (folder / relative.lstrip("/")).resolve()
    return target if target.is_relative_to(folder.resolve()) and target.is_file() else None


def _content_type(path: Path) -> str:
    if path.suffix in (".js", ".mjs", ".cjs"):
        return "application/javascript"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@dataclass(frozen=True)
class Answer:
    """What to fulfil a request with."""

    status: int
    body: bytes
    content_type: str = "application/javascript"


def _file_answer(path: Path) -> Answer:
    return Answer(200, path.read_bytes(), _content_type(path))


@dataclass(frozen=True)
class UrlMap:
    """A --map-url: requests under `prefix` are files below `folder`."""

    prefix: str
    folder: Path

    @classmethod
    def parse(cls, option: str, bases: Sequence[Path] | None = None) -> UrlMap:
        """PREFIX=DIR or PREFIX=npm-package[/subpath]; a CallsimError says what is wrong."""
        prefix, sep, target = option.partition("=")
        if not sep or not prefix.startswith(("http://", "https://")) or not target:
            raise CallsimError(
                f"--map-url {option!r}: expected PREFIX=DIR_OR_NPM_PACKAGE, e.g. https://unpkg.com/react@18/=react"
            )
        if Path(target).expanduser().is_dir():
            return cls(prefix, Path(target).expanduser().resolve())
        parts = target.strip("/").split("/")
        package_parts = 2 if parts[0].startswith("@") else 1
        package, sub = "/".join(parts[:package_parts]), "/".join(parts[package_parts:])
        for base in bases if bases is not None else node_modules_candidates():
            if (base / package / "package.json").is_file() and (base / package / sub).is_dir():
                return cls(prefix, (base / package / sub).resolve())
        raise CallsimError(
            f"--map-url {option!r}: {target} is neither a folder nor an installed npm package "
            f"(looked in {', '.join(str(b) for b in (bases or node_modules_candidates()))}; `npm install {package}`)"
        )


class OfflineCdn:
    """Answers the SDK's CDN URLs and mapped prefixes from disk; `note` hears one line per answer.

    With `offline_roots` (`--offline`), any unpkg, jsDelivr or cdnjs URL of a package installed in those
    node_modules folders too; the rest still go to the network."""

    def __init__(
        self,
        maps: Sequence[UrlMap] = (),
        sdks: dict[str, Path] | None = None,
        offline_roots: Sequence[Path] | None = None,
    ) -> None:
        self.maps = list(maps)
        self.sdks = installed_sdks() if sdks is None else sdks
        self.offline_roots = None if offline_roots is None else list(offline_roots)

    def answer(self, url: str) -> tuple[Answer, str] | None:
        """(answer, log line) for a URL this serves, else None (the request goes to the network)."""
        if match := SDK_URL.match(url):
            spec = unquote(match.group("spec")) if match.group("spec") else None  # the browser sends ^ as %5E
            return self._sdk(url, spec, (match.group("file") or "/").lstrip("/") or DEFAULT_FILE)
        for mapping in self.maps:
            if url.startswith(mapping.prefix):
                relative = urlsplit(url[len(mapping.prefix) :]).path
                found = _inside(mapping.folder, relative)
                if found is None:
                    return Answer(404, f"{relative} is not in {mapping.folder}".encode(), "text/plain"), (
                        f"{url}: not in {mapping.folder} (--map-url), answered 404"
                    )
                return _file_answer(found), f"{url} served from {found}"
        return self._installed(url)

    def _installed(self, url: str) -> tuple[Answer, str] | None:
        ref = parse_cdn_url(url) if self.offline_roots is not None else None
        if ref is None or self.offline_roots is None:
            return None
        found = resolve(ref, self.offline_roots)
        if found.version is None:
            return None  # not installed: the network may still have it (missed() says so)
        if found.file is None:
            text = f"{ref.package} {found.version} has no {ref.file or 'main file'} (in {found.folder})"
            return Answer(404, text.encode(), "text/plain"), f"{url}: {text} (--offline), answered 404"
        instead = f" ({ref.package} {found.version}: no {ref.spec} installed)" if found.substitute else ""
        return _file_answer(found.file), f"{url} served from {found.file}{instead} (--offline)"

    def missed(self, url: str) -> str | None:
        """Why --offline let a CDN URL go to the network, or None when it is none of --offline's business."""
        ref = parse_cdn_url(url) if self.offline_roots is not None else None
        if ref is None or self.offline_roots is None:
            return None
        return f"{url}: --offline found {resolve(ref, self.offline_roots).explain_missing()}; tried the network"

    def _sdk(self, url: str, spec: str | None, file: str) -> tuple[Answer, str]:
        version = resolve_version(spec, list(self.sdks))
        if version is None:
            have = ", ".join(sorted(self.sdks, key=semantic_version.Version)) or "none (run `npm ci`)"
            text = f"no local copy of the SDK matches {spec!r}; callsim has {have}"
            return Answer(404, text.encode(), "text/plain"), f"{url}: {text}"
        found = _inside(self.sdks[version], file)
        if found is None:
            text = f"SDK {version} has no {file}"
            return Answer(404, text.encode(), "text/plain"), f"{url}: {text}"
        return _file_answer(found), f"{url} served from a local copy of SDK {version}"

    async def install(self, context: Any, note: Note) -> None:
        """Route the browser context's requests for these URLs to the local copies."""

        async def handle(route: Any) -> None:
            answered = self.answer(route.request.url)
            if answered is None:
                if line := self.missed(route.request.url):
                    note(line)
                await route.fallback()
                return
            answer, line = answered
            note(line)
            headers = {**CORS, "Content-Type": answer.content_type}
            await route.fulfill(status=answer.status, headers=headers, body=answer.body)

        await context.route(SDK_ROUTE if self.offline_roots is None else CDN_ROUTE, handle)
        for mapping in self.maps:
            await context.route(re.compile("^" + re.escape(mapping.prefix)), handle)


def offline_cdn(map_urls: Sequence[str], offline: bool, near: Sequence[Path] = ()) -> OfflineCdn:
    """The CDN a run's options ask for; a bad --map-url is a CallsimError. --offline looks for node_modules in
    `near` (the scenarios' folders), the working folder, their parents, and callsim's own."""
    roots = node_modules_near([*near, Path.cwd()]) if offline else None
    return OfflineCdn([UrlMap.parse(option) for option in map_urls], offline_roots=roots)


def is_loopback_https(url: str) -> bool:
    """An https URL on this machine (a widget's dev server), where a self-signed certificate is the norm."""
    parts = urlsplit(url)
    return parts.scheme == "https" and (parts.hostname or "") in LOOPBACK


def loopback_fetcher(refuse_self_signed: bool) -> aiohttp.ClientSession | None:
    """The session accept_self_signed_on_loopback fetches with; None under --refuse-self-signed."""
    return None if refuse_self_signed else aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))


async def accept_self_signed_on_loopback(context: Any, session: aiohttp.ClientSession) -> None:
    """Fetch https://localhost|127.0.0.1 requests without checking the certificate, for this context only.

    Playwright's ignore_https_errors would accept bad certificates from every host; this accepts them only from
    this machine, the way a developer clicks through the warning for their own dev server."""

    async def handle(route: Any) -> None:
        request = route.request
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP | {"host"}}
        try:
            async with session.request(
                request.method,
                request.url,
                headers=headers,
                data=request.post_data_buffer,
                ssl=False,
                allow_redirects=False,
            ) as response:
                body = await response.read()
                kept = [(k, v) for k, v in response.headers.items() if k.lower() not in HOP_BY_HOP]
        except (aiohttp.ClientError, TimeoutError):
            await route.abort("connectionrefused")
            return
        await route.fulfill(status=response.status, headers=dict(kept), body=body)

    await context.route(LOOPBACK_HTTPS_ROUTE, handle)
