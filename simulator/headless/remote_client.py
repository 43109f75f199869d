"""`callsim run --server URL`: play the scenarios on a running `callsim serve` (its warm browser, remote.py).

The standard library only (no aiohttp, no Playwright): what this process imports is what a second costs. The
scenario files are loaded here first, so their mistakes are the same file:line errors as a local run's, and
sent as text with their paths as given, so the reports name them as a local run's do.
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from simulator.errors import CallsimError
from simulator.headless.run_options import RunOptions, finish_run, load_all, scenario_folders
from simulator.reports.formats import scenario_from_json
from simulator.reports.scenario_run import ScenarioRun
from simulator.scenarios.files import read_text
from simulator.scenarios.model import Scenario

NOT_REMOTE = {"data_dir": "--data-dir", "log": "--log", "browser": "--browser", "headed": "--headed"}


def check_remote(options: RunOptions) -> None:
    """What only a run of its own can do is refused, not silently dropped."""
    for field, flag in NOT_REMOTE.items():
        if getattr(options, field):
            raise CallsimError(
                f"{flag} is not available with --server: the running callsim serve has its own "
                "(leave out --server to run with a server and browser of this run's own)"
            )


def request_body(options: RunOptions, scenarios: Sequence[Scenario]) -> dict[str, Any]:
    texts = []
    for scenario in scenarios:  # sent as text with the path as given: the reports name files as a local run does
        text, error = read_text(Path(scenario.path))
        if error is not None:
            raise CallsimError(str(error))
        texts.append({"path": scenario.path, "text": text})
    body: dict[str, Any] = {
        "scenarios": texts,
        # where --offline and the doctor look for node_modules
        "near": [str(folder.resolve()) for folder in scenario_folders(options.paths)],
        "widget": options.widget,
        "timeout": options.timeout,
        "strict": options.strict,
        "workers": options.workers,
        "fresh_contexts": options.fresh_contexts,
        "screenshots": options.screenshots,
        "map_urls": list(options.map_urls),
        "offline": options.offline,
        "refuse_self_signed": options.refuse_self_signed,
    }
    return {key: value for key, value in body.items() if value is not None}


def run_from_json(item: Any, where: str) -> ScenarioRun:
    """One scenario of report_json's shape (reports/html.py) as the ScenarioRun it was made from."""
    try:
        result, violations = scenario_from_json(item, where)
    except ValueError as error:
        raise CallsimError(f"the server's report: {error}") from None
    shots = item.get("screenshots") if isinstance(item.get("screenshots"), dict) else {}
    end, failure = (base64.b64decode(shots[k]) if isinstance(shots.get(k), str) else None for k in ("end", "failure"))
    log = item.get("log") if isinstance(item.get("log"), list) else []
    raw_surfaces = item.get("surfaces") if isinstance(item.get("surfaces"), list) else []
    surfaces = [  # the other pages' logs, for one lane per surface in the HTML report
        (str(s.get("lane")), list(s["log"]))
        for s in raw_surfaces
        if isinstance(s, dict) and isinstance(s.get("log"), list)
    ]
    return ScenarioRun(result.name, result.path, result, violations, log, end, failure, surfaces)


def run_remote(
    server: str, options: RunOptions, scenarios: Sequence[Scenario], out: IO[str] | None = None
) -> list[ScenarioRun]:
    """Play `scenarios` on the callsim serve at `server`, printing its progress lines as they come."""
    out = out or sys.stdout
    check_remote(options)
    url = server.rstrip("/") + "/api/runs"
    data = json.dumps(request_body(options, scenarios)).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        response = urllib.request.urlopen(request, timeout=options.timeout + 60)
    except urllib.error.HTTPError as error:
        raise CallsimError(f"--server {server}: {_error_text(error)}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise CallsimError(
            f"--server {server}: no callsim serve answers there ({reason}); start one with `callsim serve`, "
            "or leave out --server"
        ) from None
    with response:
        for raw in response:
            item = json.loads(raw)
            if "line" in item:
                print(item["line"], file=out, flush=True)
            elif "error" in item:
                raise CallsimError(f"--server {server}: {item['error']}")
            elif "report" in item:
                items = item["report"].get("scenarios", [])
                return [run_from_json(s, f"scenario {n}") for n, s in enumerate(items, 1)]
    raise CallsimError(f"--server {server}: the answer ended before the report (did the server stop?)")


def _error_text(error: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(error.read())
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])
    if error.code == 404:
        return "it has no POST /api/runs: is it callsim serve, of this release?"
    return f"HTTP {error.code} {error.reason}"


def run_remote_command(server: str, options: RunOptions, out: IO[str] | None = None) -> int:
    """`callsim run --server URL`: the same output, reports and exit status as a local run."""
    out = out or sys.stdout
    check_remote(options)
    everything = load_all(options)
    scenarios = options.shard.select(everything) if options.shard else everything
    runs = run_remote(server, options, scenarios, out) if scenarios else []
    return finish_run(options, everything, runs, out)
