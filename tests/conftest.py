"""Shared fixtures: a real callsim server in a subprocess and a real headless Chromium (STYLE.md)."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulator.headless.page_slot import VIEWPORT
from tests.helpers.live_server import LiveServer, start_live_server, stop_live_server
from tests.helpers.reused_page import ReusedPage

TEST_PASSED = pytest.StashKey[bool]()


def _cache_bytecode_in_the_venv() -> None:
    """With PYTHONDONTWRITEBYTECODE set (as on this project's CI machines), every Python the suite starts (xdist
    workers, `callsim run`, `callsim serve`, pytester runs: hundreds) compiled callsim and pytest's rewritten test
    modules from source again, about a third of the CPU of a test that starts one. The suite's processes keep their
    bytecode under the venv instead, so no source folder gets a __pycache__ the user's setting asked not to have."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE") or sys.prefix == sys.base_prefix:
        return
    os.environ.pop("PYTHONDONTWRITEBYTECODE")
    os.environ.setdefault("PYTHONPYCACHEPREFIX", str(Path(sys.prefix) / "pycache"))


# At import, before pytest-xdist starts its workers and before any test starts a subprocess: they inherit it.
_cache_bytecode_in_the_venv()

# The slowest files (`pytest --durations=0`, summed per file), started first: pytest-xdist hands each worker whole
# files in collection order (--dist loadfile), so a long file picked up last would run alone at the end.
SLOWEST_FIRST = (
    "tests/headless/test_parallel.py",
    "tests/clients/test_js_client.py",
    "tests/test_schemathesis.py",
    "tests/headless/test_audit.py",
    "tests/headless/test_tab_scenarios.py",
    "tests/headless/test_remote_run.py",
    "tests/browser/test_fidelity.py",
    "tests/headless/test_claims.py",
    "tests/test_install.py",
    "tests/browser/test_recorder.py",
    "tests/headless/test_offline_run.py",
    "tests/browser/test_record_page.py",
    "tests/headless/test_command.py",
    "tests/browser/test_record_tabs.py",
    "tests/testing/test_readme_example.py",
    "tests/browser/test_sdk_versions.py",
)


_RANK = {path: rank for rank, path in enumerate(SLOWEST_FIRST)}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # stable: the rest keep their order
    items.sort(key=lambda item: _RANK.get(item.nodeid.split("::")[0], len(SLOWEST_FIRST)))


@pytest.fixture(scope="session", autouse=True)
def no_user_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Any `callsim serve` a test starts without --data-dir or --ephemeral writes here, not in the user's folder."""
    os.environ["CALLSIM_DATA_DIR"] = str(tmp_path_factory.mktemp("callsim-data"))


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = start_live_server()
    yield server
    stop_live_server(server)


# Module scope: Playwright's sync API keeps an event loop running in this thread while it is started,
# which would stop pytest-asyncio's tests in later modules; stopping it after each module frees the thread.
@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from simulator.headless.browser import launch_options

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    # The reused page's fixture asks whether its test passed: a failed test's browser context is not reused.
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.stash[TEST_PASSED] = report.passed


@pytest.fixture(scope="module")
def reused_page(browser: object) -> Iterator[ReusedPage]:
    slot = ReusedPage(browser)
    yield slot
    slot.close()


@pytest.fixture
def page(reused_page: ReusedPage, request: pytest.FixtureRequest) -> Iterator[object]:
    """The module's page, wiped of the last test's storage, cookies and popups (tests/helpers/reused_page.py)."""
    yield reused_page.take()
    reused_page.give_back(trusted=request.node.stash.get(TEST_PASSED, False))


@pytest.fixture
def fresh_page(browser: object) -> Iterator[object]:
    """A page in a context of its own, for a test that leaves what no wipe removes (init scripts, routes)."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    yield context.new_page()
    context.close()
