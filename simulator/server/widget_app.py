"""The built-in sample widget, and a --widget-dir folder, each served on its own origin (port) as real widgets are."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web

from simulator.paths import SAMPLE_WIDGET_DIR, find_sdk_bundle

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


def create_folder_app(folder: Path) -> web.Application:
    """A static widget folder (`serve --widget-dir`): its files as they are on disk now, never cached.

    `/sdk/main.js` falls back to the installed SDK, as the sample widget loads it, when the folder has none."""
    root = folder.resolve()

    async def serve_file(request: web.Request) -> web.StreamResponse:
        relative = request.match_info["path"]
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise web.HTTPNotFound()
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            return web.FileResponse(target, headers=NO_STORE)
        if relative == "sdk/main.js":
            return _bundle(None)
        raise web.HTTPNotFound(text=f"{relative or 'index.html'} is not in {folder}", headers=NO_STORE)

    app = web.Application()
    app.router.add_get("/{path:.*}", serve_file)
    return app
