"""The built-in sample widget, and a --widget-dir folder, each served on its own origin (port) as real widgets are."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Sequence
from pathlib import Path

from aiohttp import web

from simulator.paths import SAMPLE_WIDGET_DIR, find_sdk_bundle
from simulator.server.offline_pages import HTML_SUFFIXES, LOCAL_CDN, local_file, requested_cdn_url, rewrite_cdn_urls

routes = web.RouteTableDef()
VERSION = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$")
NO_STORE = {"Cache-Control": "no-store"}
SDK_MISSING = (
    "The Calling Extensions SDK is not installed. From the callsim checkout run `npm ci`, "
    "or point CALLSIM_NODE_MODULES at a node_modules folder that has @hubspot/calling-extensions-sdk."
)


@routes.get("/")
async def sample_widget(request: web.Request) -> web.FileResponse:
    return web.FileResponse(SAMPLE_WIDGET_DIR / "index.html", headers=NO_STORE)


@routes.get("/matrix")
async def version_probe(request: web.Request) -> web.FileResponse:
    return web.FileResponse(SAMPLE_WIDGET_DIR / "matrix.html", headers=NO_STORE)


@routes.get(r"/{name:(widget|matrix)\.(js|css)}")
async def asset(request: web.Request) -> web.FileResponse:
    return web.FileResponse(SAMPLE_WIDGET_DIR / request.match_info["name"], headers=NO_STORE)


@routes.get("/sdk/main.js")
async def pinned_sdk(request: web.Request) -> web.StreamResponse:
    return _bundle(None)


@routes.get("/sdk/{version}/main.js")
async def versioned_sdk(request: web.Request) -> web.StreamResponse:
    version = request.match_info["version"]
    if not VERSION.match(version):
        raise web.HTTPBadRequest(text=f"not an SDK version: {version!r}")
    return _bundle(version)


def _bundle(version: str | None) -> web.StreamResponse:
    bundle = find_sdk_bundle(version)
    if bundle is None:
        which = "" if version is None else f" (version {version}: `npm ci` installs the whole matrix)"
        return web.Response(status=404, text=SDK_MISSING + which, headers=NO_STORE)
    return web.FileResponse(bundle, headers={**NO_STORE, "Content-Type": "application/javascript"})


def create_widget_app() -> web.Application:
    app = web.Application()
    app.add_routes(routes)
    return app


def create_folder_app(folder: Path, offline_roots: Sequence[Path] | None = None) -> web.Application:
    """A static widget folder (`serve --widget-dir`): its files as they are on disk now, never cached.

    `/sdk/main.js` falls back to the installed SDK, as the sample widget loads it, when the folder has none. With
    `offline_roots` (`serve --offline`), its pages' CDN URLs of packages installed there are served from disk."""
    root = folder.resolve()

    async def serve_cdn_file(request: web.Request) -> web.StreamResponse:
        url = requested_cdn_url(request.match_info["path"])
        found = local_file(url, offline_roots or [])
        if found is None:
            raise web.HTTPNotFound(text=f"{url}: not installed in {', '.join(map(str, offline_roots or []))}")
        return web.FileResponse(found, headers={**NO_STORE, "Content-Type": _script_type(found)})

    async def serve_file(request: web.Request) -> web.StreamResponse:
        relative = request.match_info["path"]
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise web.HTTPNotFound()
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and offline_roots is not None and target.suffix in HTML_SUFFIXES:
            html = rewrite_cdn_urls(target.read_text(encoding="utf-8", errors="replace"), offline_roots)
            return web.Response(text=html, content_type="text/html", headers=NO_STORE)
        if target.is_file():
            return web.FileResponse(target, headers=NO_STORE)
        if relative == "sdk/main.js":
            return _bundle(None)
        raise web.HTTPNotFound(text=f"{relative or 'index.html'} is not in {folder}", headers=NO_STORE)

    app = web.Application()
    if offline_roots is not None:
        app.router.add_get(LOCAL_CDN + "{path:.*}", serve_cdn_file)
    app.router.add_get("/{path:.*}", serve_file)
    return app


def _script_type(path: Path) -> str:
    if path.suffix in (".js", ".mjs", ".cjs"):
        return "application/javascript"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"
