"""The offline CDN: SDK URLs of jsDelivr and unpkg resolved against the installed copies, and --map-url prefixes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.errors import CallsimError
from simulator.headless.cdn import OfflineCdn, UrlMap, installed_sdks, is_loopback_https
from simulator.paths import PROJECT_DIR, find_sdk_bundle
from simulator.server.npm_packages import node_modules_near, resolve_version

JSDELIVR = "https://cdn.jsdelivr.net/npm/@hubspot/calling-extensions-sdk"
UNPKG = "https://unpkg.com/@hubspot/calling-extensions-sdk"
NPM_VERSIONS = ["0.0.6", "0.0.10", "0.0.14", "0.1.0", "0.1.4", "0.2.1", "0.5.0", "0.5.1", "0.8.1-alpha.1"]
NPM_VERSIONS += ["0.9.0", "0.9.3", "0.9.4", "0.9.7"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (None, "0.9.7"),
        ("latest", "0.9.7"),
        ("0.9.4", "0.9.4"),
        ("^0.5.0", "0.5.1"),
        ("~0.9.3", "0.9.7"),
        ("0.9", "0.9.7"),
        ("0.1.x", "0.1.4"),
        ("<0.9.0", "0.5.1"),  # a prerelease is never chosen for a range that does not name it
        ("0.8.1-alpha.1", "0.8.1-alpha.1"),
        ("1.2.3", None),
        ("^2", None),
        ("not a range!", None),
    ],
)
def test_the_version_in_the_url_resolves_as_npm_would(spec: str | None, expected: str | None) -> None:
    assert resolve_version(spec, NPM_VERSIONS) == expected


def test_the_installed_copies_are_the_thirteen_npm_versions() -> None:
    assert sorted(installed_sdks()) == sorted(NPM_VERSIONS)


def _bundle(version: str) -> bytes:
    bundle = find_sdk_bundle(version)
    assert bundle is not None
    return bundle.read_bytes()


def test_jsdelivr_latest_is_answered_from_the_local_copy_of_the_newest_release() -> None:
    answered = OfflineCdn().answer(f"{JSDELIVR}@latest/dist/main.js")
    assert answered is not None
    answer, line = answered
    assert answer.status == 200 and answer.body == _bundle("0.9.7")
    assert answer.content_type == "application/javascript"
    assert line.endswith("served from a local copy of SDK 0.9.7")


@pytest.mark.parametrize(
    ("url", "version"),
    [
        (f"{UNPKG}@0.9.4/dist/main.js", "0.9.4"),
        (f"{UNPKG}@^0.5/dist/main.js?module", "0.5.1"),
        (f"{UNPKG}@%5E0.5/dist/main.js", "0.5.1"),  # as the browser sends it
        (f"{JSDELIVR}@0.2/dist/main.js", "0.2.1"),
        (f"{UNPKG}", "0.9.7"),  # a bare package URL is its main file
        (f"{JSDELIVR}@0.1.0", "0.1.0"),
    ],
)
def test_exact_versions_ranges_and_bare_urls(url: str, version: str) -> None:
    answered = OfflineCdn().answer(url)
    assert answered is not None
    assert answered[0].body == _bundle(version)
    assert f"SDK {version}" in answered[1]


def test_a_version_callsim_does_not_have_is_a_404_that_lists_what_it_has() -> None:
    answered = OfflineCdn().answer(f"{JSDELIVR}@3.0.0/dist/main.js")
    assert answered is not None
    answer, line = answered
    assert answer.status == 404
    assert "'3.0.0'" in line and "0.9.7" in line and "0.0.6" in line


def test_paths_outside_the_package_and_other_urls_are_not_served() -> None:
    cdn = OfflineCdn()
    escaped = cdn.answer(f"{JSDELIVR}@0.9.7/../../../package.json")
    assert escaped is not None and escaped[0].status == 404
    assert cdn.answer("https://cdn.jsdelivr.net/npm/react@18/umd/react.production.min.js") is None
    assert cdn.answer("https://example.com/@hubspot/calling-extensions-sdk/dist/main.js") is None


def test_map_url_to_a_folder(tmp_path: Path) -> None:
    (tmp_path / "umd").mkdir()
    (tmp_path / "umd" / "react.production.min.js").write_text("window.React = {};")
    mapping = UrlMap.parse(f"https://unpkg.com/react@18/={tmp_path}")
    cdn = OfflineCdn([mapping])
    answered = cdn.answer("https://unpkg.com/react@18/umd/react.production.min.js?v=1")
    assert answered is not None
    assert answered[0].status == 200 and answered[0].body == b"window.React = {};"
    missing = cdn.answer("https://unpkg.com/react@18/umd/react-dom.production.min.js")
    assert missing is not None and missing[0].status == 404


def test_map_url_to_an_installed_npm_package() -> None:
    mapping = UrlMap.parse("https://cdnjs.cloudflare.com/ajax/libs/sdk/=@hubspot/calling-extensions-sdk/dist")
    assert mapping.folder == (PROJECT_DIR / "node_modules" / "@hubspot" / "calling-extensions-sdk" / "dist").resolve()
    answered = OfflineCdn([mapping]).answer("https://cdnjs.cloudflare.com/ajax/libs/sdk/main.js")
    assert answered is not None
    package = json.loads((mapping.folder.parent / "package.json").read_text())
    assert answered[0].body == _bundle(package["version"])


@pytest.mark.parametrize(
    "option", ["no-equals-sign", "ftp://x/=react", "https://unpkg.com/x/=", "https://unpkg.com/x/=not-installed-pkg"]
)
def test_a_bad_map_url_is_a_clear_error(option: str) -> None:
    with pytest.raises(CallsimError, match="--map-url"):
        UrlMap.parse(option)


def test_only_https_on_this_machine_counts_as_a_dev_servers_self_signed_origin() -> None:
    assert is_loopback_https("https://localhost:9025/")
    assert is_loopback_https("https://127.0.0.1:3000/index.html")
    assert not is_loopback_https("http://localhost:9025/")
    assert not is_loopback_https("https://example.com/")
    assert not is_loopback_https("https://localhost.example.com/")


def test_offline_answers_any_installed_package_and_says_what_it_missed(tmp_path: Path) -> None:
    react = "https://cdnjs.cloudflare.com/ajax/libs/react/18.2.0/umd/react.production.min.js"
    assert OfflineCdn().answer(react) is None  # without --offline only the SDK and --map-url prefixes
    cdn = OfflineCdn(offline_roots=node_modules_near([tmp_path]))
    answered = cdn.answer(react)
    assert answered is not None and answered[0].status == 200
    assert answered[0].body == (PROJECT_DIR / "node_modules/react/umd/react.production.min.js").read_bytes()
    assert answered[1].endswith("(--offline)")
    pinned = cdn.answer("https://unpkg.com/react-dom@18.0.0/umd/react-dom.production.min.js")
    assert pinned is not None and "(react-dom 18.2.0: no 18.0.0 installed)" in pinned[1]
    gone = cdn.answer("https://unpkg.com/react@18/umd/no-such-file.js")
    assert gone is not None and gone[0].status == 404
    assert cdn.answer("https://unpkg.com/vue@3/dist/vue.global.js") is None
    missed = cdn.missed("https://unpkg.com/vue@3/dist/vue.global.js")
    assert missed is not None and "no installed copy of vue@3" in missed and "tried the network" in missed
    assert cdn.missed("https://example.com/vue.js") is None
