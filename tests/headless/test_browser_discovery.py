"""The browser discovery chain (docs/hubspot.md "Browsers"): flag, environment, Playwright's own, then the system's,
with the headless shell first for headless runs; and the three fixes when there is none."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.errors import BrowserNotFound
from simulator.headless.browser import ENV_VAR, find_browser, launch_options


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A PATH of its own and an empty Playwright cache, so only what a test puts there is found."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "no-playwright-browsers"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    return folder


def _executable(folder: Path, name: str) -> str:
    path = folder / name
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_headless_runs_take_the_headless_shell_and_headed_ones_the_browser(bin_dir: Path) -> None:
    browser = _executable(bin_dir, "chromium")
    shell = _executable(bin_dir, "chromium-headless-shell")
    assert find_browser() == shell
    assert find_browser(headless=False) == browser
    assert launch_options(headless=False)["executable_path"] == browser
    assert launch_options()["executable_path"] == shell and launch_options()["headless"] is True


def test_without_a_shell_the_browser_runs_headless_too(bin_dir: Path) -> None:
    browser = _executable(bin_dir, "google-chrome")
    assert find_browser() == browser == find_browser(headless=False)


def test_the_flag_then_the_environment_win_over_the_path(bin_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _executable(bin_dir, "chromium-headless-shell")
    chosen = _executable(bin_dir, "my-chrome")
    flagged = _executable(bin_dir, "flagged-chrome")
    monkeypatch.setenv(ENV_VAR, chosen)
    assert find_browser() == chosen and find_browser(headless=False) == chosen
    assert find_browser(flagged) == flagged


def test_a_named_browser_that_is_not_there_says_which_setting_named_it(
    bin_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(BrowserNotFound, match="--browser names '/nowhere/chrome'"):
        find_browser("/nowhere/chrome")
    monkeypatch.setenv(ENV_VAR, "/nowhere/chromium")
    with pytest.raises(BrowserNotFound, match=f"{ENV_VAR} names '/nowhere/chromium'"):
        find_browser()


def test_no_browser_at_all_lists_the_three_fixes(bin_dir: Path) -> None:
    with pytest.raises(BrowserNotFound) as raised:
        find_browser()
    text = str(raised.value)
    assert "--browser PATH" in text and "playwright install chromium" in text and "apt-get install chromium" in text
