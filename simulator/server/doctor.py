"""The handshake doctor: why a widget page did not answer SYNC, found by fetching it as the iframe would."""

from __future__ import annotations

import asyncio
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=5)


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str  # "error" stops the widget; "warning" may; "info" explains
    title: str
    detail: str
    fix: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            src = dict(attrs).get("src")
            if src:
                self.sources.append(src)


SCRIPT_REDIRECT = re.compile(
    r"location\.(replace|assign)\s*\(|location(\.href)?\s*=[^=]|http-equiv\s*=\s*[\"']?refresh", re.IGNORECASE
)


def navigated_away(framed_url: str, loads: int) -> Finding:
    """The widget page redirects itself (seen in its HTML, or as repeated frame loads with no handshake).

    Once the frame is on another origin the host's SYNCs, posted to the framed origin as HubSpot does, never
    reach it, so nothing answers: these are the only traces the host can see."""
    return Finding(
        "script-redirect",
        "error",
        "The widget page navigates away on its own",
        (
            f"The frame loaded {loads} times for {framed_url} without answering SYNC: the page redirects (by script?)."
            if loads > 1
            else f"{framed_url} sends the browser elsewhere (a script or meta redirect)."
        )
        + f" HubSpot posts only to the origin it framed ({origin_of(framed_url)}), so a widget that "
        "moves to another origin never hears it.",
        "Give --widget the final URL, or have the widget call setWidgetUrl() before it redirects.",
    )


def frame_blockers(headers: Any, widget_url: str, host_origin: str) -> list[Finding]:
    """X-Frame-Options and CSP frame-ancestors that keep the host page from framing the widget."""
    findings = []
    xfo = (headers.get("X-Frame-Options") or "").strip().upper()
    cross_origin = origin_of(widget_url) != host_origin
    if xfo == "DENY" or (xfo == "SAMEORIGIN" and cross_origin):
        findings.append(
            Finding(
                "frame-denied",
                "error",
                "The widget page forbids framing",
                f"It sends X-Frame-Options: {xfo}, so the browser will not show it inside the record page.",
                "Remove X-Frame-Options from the widget's responses (HubSpot frames it from another origin too), "
                f"or use Content-Security-Policy: frame-ancestors {host_origin} https://app.hubspot.com.",
            )
        )
    csp = headers.get("Content-Security-Policy") or ""
    match = re.search(r"frame-ancestors([^;]*)", csp, re.IGNORECASE)
    if match:
        sources = match.group(1).split()
        allowed = any(
            s == "*"
            or s.rstrip("/") == host_origin
            or s == f"{urlsplit(host_origin).scheme}:"
            or (s == "'self'" and not cross_origin)
            for s in sources
        )
        if not allowed:
            findings.append(
                Finding(
                    "frame-denied",
                    "error",
                    "The widget page forbids framing",
                    f"Its Content-Security-Policy says frame-ancestors {' '.join(sources)}; "
                    f"{host_origin} is not among them.",
                    f"Add {host_origin} (and https://app.hubspot.com for production) to frame-ancestors.",
                )
            )
    return findings


async def _script_failures(session: aiohttp.ClientSession, page_url: str, html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    urls = [urljoin(page_url, src) for src in parser.sources]

    async def fails(url: str) -> str | None:
        try:
            async with session.get(url, allow_redirects=True) as response:
                return None if response.status < 400 else f"{url} (HTTP {response.status})"
        except (TimeoutError, aiohttp.ClientError) as error:
            return f"{url} ({type(error).__name__}: {error or 'timed out'})"

    results = await asyncio.gather(*(fails(url) for url in urls))
    return [result for result in results if result]


async def diagnose(widget_url: str, host_origin: str, handshake_seen: bool = False) -> list[Finding]:
    """Fetch the widget page as the iframe would and explain what would stop the handshake."""
    if not widget_url.startswith(("http://", "https://")):
        return [
            Finding(
                "bad-url",
                "error",
                "Not a web address",
                f"{widget_url!r} is not an http(s) URL.",
                "Pass --widget http://localhost:PORT/ (the page that loads the SDK).",
            )
        ]
    findings: list[Finding] = []
    try:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            async with session.get(widget_url, allow_redirects=False) as response:
                if response.status in (301, 302, 303, 307, 308):
                    location = urljoin(widget_url, response.headers.get("Location", ""))
                    if origin_of(location) != origin_of(widget_url):
                        findings.append(
                            Finding(
                                "redirect-origin",
                                "error",
                                "The widget redirects to another origin",
                                f"{widget_url} redirects to {location}. The host talks to the origin it framed "
                                f"({origin_of(widget_url)}) and ignores the SDK's answers from {origin_of(location)}.",
                                f"Load {location} directly with --widget, or have the widget call setWidgetUrl() "
                                "before it redirects.",
                            )
                        )
                    return findings
                if response.status >= 400:
                    findings.append(
                        Finding(
                            "http-status",
                            "error",
                            f"The widget page answered HTTP {response.status}",
                            f"GET {widget_url} returned {response.status} {response.reason}.",
                            "Check the URL and that your dev server serves that path.",
                        )
                    )
                    return findings
                findings += frame_blockers(response.headers, widget_url, host_origin)
                html = await response.text(errors="replace")
            failed = await _script_failures(session, widget_url, html)
    except (TimeoutError, aiohttp.ClientError, ValueError) as error:
        reason = "timed out" if isinstance(error, asyncio.TimeoutError) else str(error) or type(error).__name__
        return [
            Finding(
                "unreachable",
                "error",
                "The widget page did not load",
                f"Could not fetch {widget_url}: {reason}.",
                "Start the widget's dev server, or check the host and port in --widget.",
            )
        ]
    for script in failed:
        findings.append(
            Finding(
                "scripts-failed",
                "error",
                "The widget page loaded but its scripts failed",
                f"the widget page loaded but its scripts failed: {script}",
                "Serve the script locally (npm install the SDK and bundle it) or restore network access to it.",
            )
        )
    if not findings and not handshake_seen and SCRIPT_REDIRECT.search(html):
        findings.append(navigated_away(widget_url, loads=1))
    if not findings and not handshake_seen:
        mentions_sdk = "calling-extensions" in html.lower() or "callingextensions" in html.lower()
        detail = "The page loads and may be framed, but nothing answered SYNC"
        detail += "." if mentions_sdk else ", and its HTML does not mention the Calling Extensions SDK."
        findings.append(
            Finding(
                "no-sdk",
                "warning",
                "The SDK never started",
                detail,
                "Make sure the page loads @hubspot/calling-extensions-sdk and constructs it at load "
                "(new CallingExtensions({eventHandlers: {onReady() { cti.initialized({...}) }}})); "
                "look at the widget frame's console for errors.",
            )
        )
    return findings
