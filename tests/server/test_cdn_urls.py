"""Public CDN URLs read as package, version range, file and the prefix a --map-url maps."""

from __future__ import annotations

import pytest

from simulator.server.cdn_urls import CDN_URL_IN_TEXT, parse_cdn_url


@pytest.mark.parametrize(
    ("url", "package", "spec", "file", "prefix"),
    [
        (
            "https://unpkg.com/react@18/umd/react.production.min.js",
            "react",
            "18",
            "umd/react.production.min.js",
            "https://unpkg.com/react@18/",
        ),
        (
            "https://cdn.jsdelivr.net/npm/@hubspot/calling-extensions-sdk@^0.9/dist/main.js?v=2",
            "@hubspot/calling-extensions-sdk",
            "^0.9",
            "dist/main.js",
            "https://cdn.jsdelivr.net/npm/@hubspot/calling-extensions-sdk@^0.9/",
        ),
        (
            "https://cdnjs.cloudflare.com/ajax/libs/react-dom/18.2.0/umd/react-dom.production.min.js",
            "react-dom",
            "18.2.0",
            "umd/react-dom.production.min.js",
            "https://cdnjs.cloudflare.com/ajax/libs/react-dom/18.2.0/",
        ),
        ("https://unpkg.com/react", "react", None, "", "https://unpkg.com/react/"),
        ("https://unpkg.com/@scope/pkg/dist/x.js", "@scope/pkg", None, "dist/x.js", "https://unpkg.com/@scope/pkg/"),
    ],
)
def test_package_range_file_and_prefix(url: str, package: str, spec: str | None, file: str, prefix: str) -> None:
    ref = parse_cdn_url(url)
    assert ref is not None
    assert (ref.package, ref.spec, ref.file, ref.prefix) == (package, spec, file, prefix)
    assert url.startswith(ref.prefix) or not ref.file  # the prefix maps the URL (a bare URL has none)


@pytest.mark.parametrize(
    "url",
    ["https://example.com/react@18/umd/react.js", "https://fonts.googleapis.com/css?family=Lexend", "/umd/react.js"],
)
def test_other_urls_are_no_cdn_package(url: str) -> None:
    assert parse_cdn_url(url) is None


def test_cdn_urls_are_found_in_html_up_to_their_quote() -> None:
    html = "<script src=\"https://unpkg.com/react@18/umd/react.js\" crossorigin></script><a href='https://x.org/'>"
    assert CDN_URL_IN_TEXT.findall(html) == ["https://unpkg.com/react@18/umd/react.js"]
