"""Property-based: schemathesis drives a live `callsim serve --ephemeral` from its own /openapi.json.

Every operation gets a few generated requests (credentials supplied); no answer may be a 5xx, or break the document
(status code, content type, response schema). Bounded so it stays a few seconds of the suite.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks

from simulator.settings import DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY
from tests.helpers.live_server import LiveServer, start_live_server, stop_live_server

MAX_EXAMPLES = 6
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def live() -> Iterator[LiveServer]:
    server = start_live_server("--rest-rate-limit", "off")  # a few hundred requests in seconds: past HubSpot's limit
    try:
        yield server
    finally:
        stop_live_server(server)


@pytest.fixture(scope="module")
def live_schema(live: LiveServer) -> Any:
    with urllib.request.urlopen(f"{live.url}/openapi.json", timeout=10) as response:  # noqa: S310 - loopback
        document = json.load(response)
    schema = schemathesis.openapi.from_dict(document)
    schema.config.update(base_url=live.url)
    return schema


def _one_operation(operation: Any, base_url: str) -> None:
    """Generated requests for one operation, each answer validated; raises on the first failure."""

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        case.query = {**(case.query or {}), "hapikey": DEFAULT_API_KEY}
        headers = {"Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"}
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=10)

    run()


def test_no_5xx_and_every_answer_matches_the_document(live_schema: Any, live: LiveServer) -> None:
    # One test over every operation (schemathesis' pytest loader does not run under this pytest): failures collected.
    failures = []
    operations = [result.ok() for result in live_schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        try:
            _one_operation(operation, live.url)
        except Exception as error:  # noqa: BLE001 - every operation's failure is reported, not only the first
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)
