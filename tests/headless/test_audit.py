"""`callsim audit` in real Chromium: the coverage table for the sample widget and for one that ignores half the
events, the checklist and exit codes; bad input is exit 2 without a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from aiohttp import web

from simulator.cli import main
from simulator.headless.audit import AuditOptions, _recordings, audit_command
from simulator.hubspot.validator.coverage import PROBED_TYPES
from simulator.paths import SCENARIOS_DIR
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.results import ScenarioResult
from simulator.store import Store
from tests.helpers.widget_origin import widget_origin

# The sample softphone's own handlers (simulator/sample_widget/widget.js); the rest reach its defaultEventHandler.
SAMPLE_HANDLED = {
    "DIAL_NUMBER", "END_CALL", "VISIBILITY_CHANGED", "SET_CALL_STATE", "ENGAGEMENT_CREATED",
    "CREATE_ENGAGEMENT_SUCCEEDED", "CREATE_ENGAGEMENT_FAILED", "UPDATE_ENGAGEMENT_SUCCEEDED",
    "UPDATE_ENGAGEMENT_FAILED", "CALLER_ID_MATCH_SUCCEEDED", "CALLER_ID_MATCH_FAILED", "NAVIGATE_TO_RECORD_FAILED",
    "FINALIZE_ENGAGEMENT_SUCCEEDED", "FINALIZE_ENGAGEMENT_FAILED",
}  # fmt: skip
# tests/fixtures/widgets/ignore-half-events.js drops these 7 handlers and the defaultEventHandler.
IGNORED = {
    "VISIBILITY_CHANGED", "SET_CALL_STATE", "CALLER_ID_MATCH_SUCCEEDED", "CALLER_ID_MATCH_FAILED",
    "UPDATE_ENGAGEMENT_SUCCEEDED", "NAVIGATE_TO_RECORD_FAILED", "FINALIZE_ENGAGEMENT_SUCCEEDED",
}  # fmt: skip
REJECTED = {"UPDATE_ASSOCIATIONS_FAILED"}  # gone from SDK 0.9.5 on; the sample runs 0.9.7


def _scenarios(tmp_path: Path) -> str:
    """Two built-in scenarios (a completed call, an error) keep the test short; the audit's default is all."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name in ("outbound-happy-path.yaml", "widget-error-alert.yaml"):
        (folder / name).write_text((SCENARIOS_DIR / name).read_text())
    return str(folder)


async def _audit(tmp_path: Path, widget: str | None) -> tuple[int, str, dict[str, str], dict[str, bool]]:
    out, report = io.StringIO(), tmp_path / "audit.json"
    options = AuditOptions(widget, (_scenarios(tmp_path),), json=report, reaction_s=0.05, workers=1)
    code = await audit_command(options, out)
    body = json.loads(report.read_text())
    coverage = {row["host_type"]: row["verdict"] for row in body["coverage"]}
    return code, out.getvalue(), coverage, {c["title"]: c["ok"] for c in body["checks"]}


@pytest.mark.browser
async def test_the_sample_widget_is_ready_and_its_coverage_is_right(tmp_path: Path) -> None:
    code, text, coverage, checks = await _audit(tmp_path, None)
    assert code == 0, text
    expected = {
        t: "handled" if t in SAMPLE_HANDLED else "rejected" if t in REJECTED else "default" for t in PROBED_TYPES
    }
    assert coverage == expected, text
    assert all(checks.values()) and "READY: 7 of 7 checks pass" in text
    assert "SDK 0.9.7" in text and "handled (own handler)" in text


@pytest.mark.browser
async def test_a_widget_that_ignores_half_the_events_is_not_ready(tmp_path: Path) -> None:
    with widget_origin() as origin:
        code, text, coverage, checks = await _audit(tmp_path, f"{origin}/broken/ignore-half-events")
    assert code == 1, text
    handled = SAMPLE_HANDLED - IGNORED
    expected = {t: "handled" if t in handled else "rejected" if t in REJECTED else "unhandled" for t in PROBED_TYPES}
    assert coverage == expected, text
    assert not checks["every HubSpot event answered or knowingly ignored"]
    assert "fix: add eventHandlers defaultEventHandler" in text and "NOT READY" in text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--widget", "not a url"], "expected an http(s) URL"),
        (["--widget", "sample", "--scenarios", "/nonexistent/folder"], "Error:"),
    ],
)
def test_bad_input_is_exit_2_without_a_traceback(
    args: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", *args]) == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err


async def test_recording_settings_in_the_data_dir_are_fetched_for_a_completed_call(tmp_path: Path) -> None:
    async def answer(request: web.Request) -> web.Response:
        return web.json_response({"authenticatedUrl": f"http://{request.host}/audio.mp3"})

    async def audio(request: web.Request) -> web.Response:
        return web.Response(status=206, body=b"ID3" + b"\0" * 64, content_type="audio/mpeg")

    app = web.Application()
    app.router.add_get("/recordings/{id}", answer)
    app.router.add_get("/audio.mp3", audio)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    store = Store.open(tmp_path)
    store.recordings.create(7, {"urlToRetrieveAuthedRecording": f"http://127.0.0.1:{port}/recordings/%s"})
    engagement = store.load_crm().create_engagement("call-1", "OUTBOUND", (), {"hs_call_app_id": "7"}, 0)
    store.close()
    completed = {"direction": "in", "type": "CALL_COMPLETED", "message": {"data": {"engagementId": engagement.id}}}
    run = ScenarioRun("x", "x.yaml", ScenarioResult("x", "x.yaml", "passed", (), 0.1), log=[completed])
    try:
        assert await _recordings(None, [run]) == []
        (finding,) = await _recordings(tmp_path, [run])
        assert finding.ok and finding.app_id == 7 and "audio/mpeg" in finding.detail
        (missing,) = await _recordings(tmp_path, [])
        assert not missing.ok and "no completed call" in missing.detail
    finally:
        await runner.cleanup()
