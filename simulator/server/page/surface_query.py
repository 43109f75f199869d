"""What the calling window's and remote's widget iframes are told in their URL, and the window's own
`?usesCallingWindow=false` (docs/protocol.md §5.4). static/js/providers.js `framedUrl` does the same for the
provider the page picks itself (localStorage overrides); this module frames the URL the server chose.

HubSpot's demo-minimal-js opens `{hostUrl}/calling-integration-popup-ui/{portalId}?usesCallingWindow=false` and reads
`usesCallingWindow` and `iframeLocation` from its own URL's query: with `usesCallingWindow: false` the SYNC omits
`iframeLocation` (SDK PR #252), so the query is how an instance knows it is the window or the remote. Inferred from
the demo's code; HubSpot does not document it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from yarl import URL

LOCATIONS = {"window": "window", "remote": "remote"}  # page kind -> iframeLocation in the widget's query


def window_overrides(page: str, query: Any) -> dict[str, Any]:
    """The window page's own `?usesCallingWindow=false` (as widgets open it): the context overrides it sets.
    Raises HTTPBadRequest for a value other than true or false."""
    value = query.get("usesCallingWindow")
    if page != "window" or value is None:
        return {}
    if value not in ("true", "false"):
        raise web.HTTPBadRequest(text=f"usesCallingWindow must be true or false, got {value!r}")
    return {"uses_calling_window": value == "true"}


def framed_url(url: str, page: str, uses_calling_window: bool | None) -> str:
    """`url` as the window's or remote's iframe loads it: with `iframeLocation` (and `usesCallingWindow=false` when
    the app does not use the calling window); a record tab's widget URL is left as it is."""
    where = LOCATIONS.get(page)
    if where is None:
        return url
    added = {"iframeLocation": where, **({"usesCallingWindow": "false"} if uses_calling_window is False else {})}
    return str(URL(url).update_query(added))
