"""The window's and remote's widget URL says where it is, and the window's own ?usesCallingWindow (§5.4)."""

from __future__ import annotations

import pytest
from aiohttp import web

from simulator.server.page.surface_query import framed_url, window_overrides


def test_the_window_and_remote_urls_say_where_they_are() -> None:
    assert framed_url("https://w.test/app?x=1", "record", False) == "https://w.test/app?x=1"
    assert framed_url("https://w.test/app?x=1", "remote", True) == "https://w.test/app?x=1&iframeLocation=remote"
    framed = framed_url("https://w.test/app?iframeLocation=remote", "window", False)
    assert framed == "https://w.test/app?iframeLocation=window&usesCallingWindow=false"  # replaced, not repeated


def test_only_the_window_reads_its_uses_calling_window_and_a_bad_value_is_refused() -> None:
    assert window_overrides("window", {"usesCallingWindow": "false"}) == {"uses_calling_window": False}
    assert window_overrides("window", {}) == {} == window_overrides("record", {"usesCallingWindow": "false"})
    with pytest.raises(web.HTTPBadRequest) as refused:
        window_overrides("window", {"usesCallingWindow": "0"})
    assert refused.value.text == "usesCallingWindow must be true or false, got '0'"
