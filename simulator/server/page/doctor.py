"""The handshake doctor: why a widget page did not answer SYNC, found by fetching it as the iframe would."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

from simulator.server.npm_packages import node_modules_near
from simulator.server.page.doctor_cdn import offline_cdn_fix

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


@dataclass(frozen=True)
class ScriptFailure:
    url: str
    reason: str  # "HTTP 404" or the connection error
    offline: bool  # the request itself failed (no network, DNS, refused), not an HTTP answer


def script_urls(page_url: str, html: str) -> list[str]:
    """The absolute URL of every `<script src>` in a page."""
    parser = _Scripts()
    parser.feed(html)
    return [urljoin(page_url, src) for src in parser.sources]


async def _script_failures(session: aiohttp.ClientSession, urls: list[str]) -> list[ScriptFailure]:
    async def fails(url: str) -> ScriptFailure | None:
        try:
            async with session.get(url, allow_redirects=True) as response:
                return None if response.status < 400 else ScriptFailure(url, f"HTTP {response.status}", False)
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            return ScriptFailure(url, f"{type(error).__name__}: {error or 'timed out'}", True)

    results = await asyncio.gather(*(fails(url) for url in urls))
    return [result for result in results if result]


SDK_SCRIPT = re.compile(r"calling-?extensions", re.IGNORECASE)
# UMD builds of UI frameworks: the widget's own code runs on them, so without them it never constructs the SDK.
FRAMEWORK_SCRIPT = re.compile(r"\b(react|react-dom|preact|vue|angular|svelte|solid-js|lit)\b|\.umd\.", re.IGNORECASE)
# Libraries a page may use besides its code (a warning: the widget may lean on them, the handshake does not).
LIBRARY_SCRIPT = re.compile(r"jquery|lodash|underscore|moment|polyfill|bootstrap", re.IGNORECASE)
# Extras nothing in the widget's logic waits for (only worth an info).
EXTRA_SCRIPT = re.compile(
    r"font|analytics|gtag|googletagmanager|segment|hotjar|sentry|bugsnag|intercom|cookie|recaptcha|mixpanel|"
    r"amplitude|datadog|newrelic|clarity",
    re.IGNORECASE,
)


def script_role(url: str, page_url: str, sdk_elsewhere: bool = False) -> str:
    """ "sdk", "needed" or "optional": how much a failed script matters to the handshake.

    A page's own script that names nothing else is its bundle: the SDK's home when bundled, else the code that
    constructs it."""
    path = urlsplit(url).path
    if SDK_SCRIPT.search(url):
        return "sdk"
    if FRAMEWORK_SCRIPT.search(path):
        return "needed"
    if LIBRARY_SCRIPT.search(url) or EXTRA_SCRIPT.search(url) or origin_of(url) != origin_of(page_url):
        return "optional"
    return "needed" if sdk_elsewhere else "sdk"


def script_finding(
    failure: ScriptFailure, page_url: str, sdk_elsewhere: bool = False, roots: Sequence[Path] = ()
) -> Finding:
    """Say which failed script matters and why: the SDK, a script the widget needs, or an optional extra.

    An unreachable CDN script of a package installed in `roots` (node_modules folders) gets the --map-url."""
    role = script_role(failure.url, page_url, sdk_elsewhere)
    local = origin_of(failure.url) == origin_of(page_url)
    host = urlsplit(failure.url).netloc
    where = f"{failure.url} ({failure.reason})"
    if role == "sdk":
        noun, title, severity = "the widget's SDK", "The SDK script did not load", "error"
        lead = f"{noun} failed to load"
        why = "without the SDK nothing on the page can answer SYNC, so the handshake cannot happen"
        fix = (
            "Install the SDK (npm install @hubspot/calling-extensions-sdk) and bundle or serve it locally, "
            f"or restore network access to {host}."
        )
    elif role == "needed":
        noun, title, severity = "a script the widget needs", "A required script did not load", "error"
        lead = f"{noun} failed"
        why = "the widget's code cannot run without it, so it never constructs the SDK and the handshake cannot happen"
        fix = f"Serve it locally (npm install it and bundle it) or restore network access to {host}."
    else:
        noun, title = "an optional script", "An optional script did not load"
        severity = "info" if EXTRA_SCRIPT.search(failure.url) else "warning"
        lead = f"{noun} failed"
        why = "the handshake does not depend on it, though the widget may look or behave differently"
        fix = "Nothing for the handshake; serve it locally or drop the tag for a clean console."
    if local and not failure.offline and role != "optional":
        fix = f"Check that your dev server builds and serves {urlsplit(failure.url).path}. {fix}"
    if failure.offline and not local:
        if role != "optional" and (installed := offline_cdn_fix(failure.url, roots)):
            fix = f"{installed} Or restore network access to {host}."
        # docs/protocol.md §11: widgets load the SDK and React from public CDNs at run time; offline they fail first.
        detail = (
            f"the widget page loaded but its scripts failed: {where}; offline, or is {host} blocked? "
            f"This is {noun}: {why}."
        )
    else:
        detail = f"{lead}: {where}; {why}."
    return Finding("scripts-failed" if severity == "error" else "optional-script-failed", severity, title, detail, fix)


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def certificate_finding(widget_url: str, error: Exception) -> Finding:
    """The widget's HTTPS certificate is not trusted (a dev server's self-signed one, usually): say how to accept it."""
    reason = str(getattr(error, "certificate_error", "") or error)
    return Finding(
        "certificate",
        "error",
        "The widget's HTTPS certificate is not trusted",
        f"{origin_of(widget_url)} presented a certificate the browser will refuse ({reason}), so the iframe stays "
        "blank. Dev servers (HubSpot's react demo on https://localhost:9025, webpack, vite) make self-signed ones.",
        f"Open {origin_of(widget_url)}/ in a tab of the same browser and accept the warning (Advanced → Proceed), "
        "then reload the record page; or trust the dev server's certificate (or callsim's CA, `serve --https`) "
        "system-wide; `callsim run` accepts self-signed certificates on localhost unless --refuse-self-signed.",
    )


async def diagnose(
    widget_url: str, host_origin: str, handshake_seen: bool = False, near: Sequence[Path] = ()
) -> list[Finding]:
    """Fetch the widget page as the iframe would and explain what would stop the handshake.

    `near`: the widget's folders, whose node_modules (and their parents', the working folder's) may hold the
    packages of CDN scripts that fail."""
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
            sources = script_urls(widget_url, html)
            failed = await _script_failures(session, sources)
    except aiohttp.ClientSSLError as error:
        return [certificate_finding(widget_url, error)]
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
    failed_urls = {failure.url for failure in failed}
    sdk_elsewhere = any(SDK_SCRIPT.search(url) and url not in failed_urls for url in sources)
    roots = node_modules_near([*near, Path.cwd()]) if any(f.offline for f in failed) else []
    scripts = [script_finding(failure, widget_url, sdk_elsewhere, roots) for failure in failed]
    findings += sorted(scripts, key=lambda finding: SEVERITY_ORDER.get(finding.severity, 3))
    # Optional scripts failing do not explain a silent widget; the checks below still may.
    blocked = any(finding.severity == "error" for finding in findings)
    if not blocked and not handshake_seen and SCRIPT_REDIRECT.search(html):
        findings.append(navigated_away(widget_url, loads=1))
        blocked = True
    if not blocked and not handshake_seen:
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
