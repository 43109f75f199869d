"""A third-party widget origin for tests: serves fixture widgets built on the sample softphone and the real SDK."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from simulator.paths import SAMPLE_WIDGET_DIR, find_sdk_bundle

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "widgets"


def broken_widget_html(defect: str) -> bytes:
    """The sample widget's page with a defect script loaded between the SDK and the widget code."""
    html = (SAMPLE_WIDGET_DIR / "index.html").read_text(encoding="utf-8")
    sdk_tag = '<script src="/sdk/main.js"></script>'
    return html.replace(sdk_tag, f'{sdk_tag}\n  <script src="/defects/{defect}.js"></script>').encode()


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        path = self.path.split("?")[0]
        body: bytes | None = None
        kind = "text/html"
        name = path.rsplit("/", 1)[-1]
        if name == "widget.js":
            body, kind = (SAMPLE_WIDGET_DIR / "widget.js").read_bytes(), "application/javascript"
        elif name == "widget.css":
            body, kind = (SAMPLE_WIDGET_DIR / "widget.css").read_bytes(), "text/css"
        elif path == "/sdk/main.js":
            bundle = find_sdk_bundle()
            body, kind = (bundle.read_bytes() if bundle else None), "application/javascript"
        elif path.startswith("/defects/") and (FIXTURES / path.removeprefix("/defects/")).is_file():
            body, kind = (FIXTURES / path.removeprefix("/defects/")).read_bytes(), "application/javascript"
        elif path == "/plain":
            body = (SAMPLE_WIDGET_DIR / "index.html").read_bytes()
        elif path == "/redirect":
            # A widget page that sends the browser elsewhere by script, which no HTTP probe can see.
            body = b"<script>location.replace(new URLSearchParams(location.search).get('to'))</script>"
        elif path.startswith("/demo-like/") and (FIXTURES / path.strip("/")).is_file():
            body = (FIXTURES / path.strip("/")).read_bytes()
            kind = "application/javascript" if path.endswith(".js") else "text/html"
        elif path.startswith("/broken/"):
            body = broken_widget_html(path.removeprefix("/broken/").strip("/"))
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


@contextmanager
def widget_origin() -> Iterator[str]:
    """Serve the fixture widgets on a free port; yields the origin, e.g. http://127.0.0.1:PORT (the demo-like widget
    at /demo-like/index.html)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
