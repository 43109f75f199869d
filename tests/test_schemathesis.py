"""Property-based: schemathesis drives a live `callsim serve --ephemeral` from its own /openapi.json.

Every operation of every version gets a few generated requests (credentials supplied); no answer may be a 5xx, or
break the document (status code, content type, response schema). Generated ids name nothing, so every other request
carries the ids of objects made for that operation (a fresh call, contact, company, transcript or app settings):
no operation is left answering only 404. A short stateful run follows the document's links (create → read → update
→ associate → archive). Bounded so it stays a few seconds of the suite.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import checks
from schemathesis.core.failures import FailureGroup

from simulator.settings import DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY
from tests.helpers.live_server import LiveServer, start_live_server, stop_live_server

MAX_EXAMPLES = 6
# A dated version's route runs the same handler as its v3 (or v4) twin; what differs is the path and the credential
# rule, which fewer requests prove as well: it gets the first three of its twin's requests (the very ones its own
# derandomized generation drew when it had its own, now generated once, below).
TWIN_EXAMPLES = 3
TWIN_PREFIXES = ("/crm/objects/20", "/crm/extensions/calling/20")
# Generated arrays (batch inputs, their association types, ids) hold at most this many items, (the document allows
# up to 100): a batch of three proves the batch as well, and drawing long nested lists was most of the test's time.
# Only the generation reads the shortened copy; every answer is checked against the document as served.
ARRAY_ITEMS = 3
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
    # The credentials are set on every request (hapikey, Bearer): generating them too was wasted draws.
    schema.config.generation.update(with_security_parameters=False)
    return schema


def _post(live: LiveServer, path: str, body: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{live.url}{path}?hapikey={DEFAULT_API_KEY}",
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
        answer: dict[str, Any] = json.loads(response.read() or b"{}")
        return answer


class Made:
    """Objects made over REST for one operation, so its requests can name ones that exist."""

    apps = iter(range(5000, 9000))

    def __init__(self, live: LiveServer) -> None:
        self.live = live

    def call(self) -> str:
        body = {"properties": {"hs_timestamp": "2026-01-01T10:00:00Z", "hs_call_title": "schemathesis"}}
        return str(_post(self.live, "/crm/v3/objects/calls", body)["id"])

    def object_of(self, kind: str) -> str:
        if kind in ("calls", "call", "0-48"):
            return self.call()
        if kind in ("companies", "company", "0-2"):
            return str(_post(self.live, "/crm/v3/objects/companies", {"properties": {"name": "Made"}})["id"])
        return str(_post(self.live, "/crm/v3/objects/contacts", {"properties": {"firstname": "Made"}})["id"])

    def parameters(self, path: str) -> dict[str, str]:
        """Real values for the path's parameters: a fresh object of the kind each id names."""
        segments = path.split("/")
        found: dict[str, str] = {}
        for i, segment in enumerate(segments):
            if segment == "{customObjectType}":
                found["customObjectType"] = "2-3508482"  # the built-in fixtures' Projects (read-only)
            elif segment == "{objectId}" and "customObjectType" in found:
                found["objectId"] = "101"
            elif segment == "{fromObjectType}":
                found["fromObjectType"] = "calls"
            elif segment == "{toObjectType}":
                found["toObjectType"] = "contacts"
            elif segment == "{objectId}":
                found["objectId"] = self.object_of(found.get("fromObjectType") or segments[i - 1])
            elif segment == "{toObjectId}":
                found["toObjectId"] = self.object_of("contacts")
            elif segment == "{transcriptId}":
                utterance = {"speaker": {"id": "a", "name": "Ada"}, "text": "Hi", "startTimeMillis": 0,
                             "endTimeMillis": 1}  # fmt: skip
                body = {"engagementId": int(self.call()), "transcriptCreateUtterances": [utterance]}
                found["transcriptId"] = str(_post(self.live, f"{'/'.join(segments[: i - 1])}/transcripts", body)["id"])
            elif segment == "{appId}":
                app = str(next(self.apps))
                settings = "/crm/v3/extensions/calling/" + app + "/settings"
                _post(self.live, settings, {"name": "Made", "url": "https://localhost:9025/"})
                _post(self.live, settings + "/channel-connection", {"url": "https://localhost:9025/", "isReady": True})
                _post(self.live, settings + "/recording", {"urlToRetrieveAuthedRecording": "https://127.0.0.1:1/%s"})
                found["appId"] = app
        return found


# A dated version's route runs the same handler as its v3 (or v4) twin, from the same request schema: requests are
# generated once per shape and each is sent to every version's path, its answer checked against that path's own
# operation (status codes, content type, response schema). The shapes are compared here, from the document, so a
# version whose request schema drifts gets its own generated requests.
VERSION = re.compile(r"^/crm/(?:v3/objects|objects/[^/]+|v3/extensions/calling|extensions/calling/[^/]+)/")


def _resolved(value: Any, document: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$ref"}:
            name = value["$ref"].split("/")[-1]
            return {"$ref": name, "=": _resolved(document["components"]["schemas"][name], document)}
        return {key: _resolved(item, document) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolved(item, document) for item in value]
    return value


def _request_shape(operation: Any, document: dict[str, Any]) -> str:
    """What its requests are generated from: method, path but its version, parameters and body schema."""
    item = document["paths"][operation.path]
    raw = item[operation.method.lower()]
    shape = [item.get("parameters"), raw.get("parameters"), raw.get("requestBody")]
    kind = VERSION.sub(lambda m: "/crm/objects/*/" if "objects" in m.group(0) else "/crm/calling/*/", operation.path)
    return f"{operation.method.upper()} {kind} " + json.dumps(_resolved(shape, document), sort_keys=True)


def _small_arrays(value: Any) -> Any:
    """A copy of the document whose arrays are at most ARRAY_ITEMS long (or their minItems), to generate from."""
    if isinstance(value, list):
        return [_small_arrays(item) for item in value]
    if not isinstance(value, dict):
        return value
    copied = {key: _small_arrays(item) for key, item in value.items()}
    if copied.get("type") == "array" or "items" in copied:
        copied["maxItems"] = max(copied.get("minItems", 0), min(copied.get("maxItems", ARRAY_ITEMS), ARRAY_ITEMS))
    return copied


def _same_requests(operations: list[Any], document: dict[str, Any]) -> list[list[Any]]:
    groups: dict[str, list[Any]] = {}
    for operation in operations:
        groups.setdefault(_request_shape(operation, document), []).append(operation)
    return list(groups.values())


def _one_shape(group: list[Any], generator: Any, base_url: str, made: Made, statuses: dict[str, set[int]],
               failures: dict[str, str]) -> None:  # fmt: skip
    """Generated requests for one request shape, each sent to every operation of the group and validated there."""
    count = iter(range(10_000))
    quota = {
        id(operation): TWIN_EXAMPLES if operation.path.startswith(TWIN_PREFIXES) else MAX_EXAMPLES
        for operation in group
    }

    @settings(
        max_examples=max(quota.values()),
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    @given(case=generator.as_strategy())
    def run(case: Any) -> None:
        index = next(count)
        real = index % 2 == 0  # every other request, the first included: ids of objects that exist
        for operation in group:
            label = f"{operation.method.upper()} {operation.path}"
            if label in failures or index >= quota[id(operation)]:
                continue
            query = {**(case.query or {}), "hapikey": DEFAULT_API_KEY}
            path_parameters, body = dict(case.path_parameters or {}), case.body
            if real:
                if path_parameters:
                    path_parameters.update(made.parameters(operation.path))
                    query["archived"] = "false"  # made live, so read live
                if isinstance(body, dict) and "engagementId" in body:
                    body = {**body, "engagementId": int(made.call())}
            sent = operation.Case(path_parameters=path_parameters, query=query, body=body, media_type=case.media_type,
                                  headers=dict(case.headers or {}))  # fmt: skip
            headers = {"Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"}
            try:
                response = sent.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS, timeout=10)
            except (Exception, FailureGroup) as error:  # noqa: BLE001 - every operation's failure is reported
                failures[label] = f"{label}: {error}"
                continue
            statuses.setdefault(label, set()).add(response.status_code)

    run()


def test_no_5xx_and_every_answer_matches_the_document(live_schema: Any, live: LiveServer) -> None:
    # One test over every operation (schemathesis' pytest loader does not run under this pytest): failures collected.
    failures: dict[str, str] = {}
    statuses: dict[str, set[int]] = {}
    operations = [result.ok() for result in live_schema.get_all_operations()]
    assert len(operations) > 40
    groups = _same_requests(operations, live_schema.raw_schema)
    assert len(groups) < len(operations) / 2, "the versions' twins no longer share their request schemas"
    small = schemathesis.openapi.from_dict(_small_arrays(live_schema.raw_schema))
    small.config.generation.update(with_security_parameters=False)
    made = Made(live)
    for group in groups:
        generator = small[group[0].path][group[0].method.upper()]
        try:
            _one_shape(group, generator, live.url, made, statuses, failures)
        except Exception as error:  # noqa: BLE001 - generation itself failing, for every operation of the group
            for operation in group:
                failures.setdefault(f"{operation.method.upper()} {operation.path}", f"{operation.path}: {error}")
    labels = [f"{operation.method.upper()} {operation.path}" for operation in operations]
    assert not failures, "\n\n".join(failures.values())
    unanswered = [label for label in labels if not statuses.get(label)]
    assert not unanswered, "sent no request:\n" + "\n".join(unanswered)
    only_404 = [label for label in labels if statuses[label] == {404}]
    assert not only_404, "answered nothing but 404:\n" + "\n".join(only_404)


def test_the_documents_links_drive_create_read_update_associate_archive(live_schema: Any, live: LiveServer) -> None:
    # v3's objects and the v4 associations their links lead to: a walk over every version's 250 operations would
    # seldom pick a create and then one of its links in a few steps.
    linked = live_schema.include(path_regex=r"^/crm/(v3/objects/(calls|contacts|companies)|v4/objects/)")
    machine = linked.as_state_machine()
    seen: list[tuple[str, int]] = []

    class Linked(machine):  # type: ignore[misc, valid-type]
        def before_call(self, case: Any) -> None:
            case.query = {**(case.query or {}), "hapikey": DEFAULT_API_KEY}
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"}

        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"timeout": 10}

        def after_call(self, response: Any, case: Any) -> None:
            super().after_call(response, case)
            seen.append((f"{case.operation.method.upper()} {case.operation.path}", response.status_code))

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Linked.run(settings=settings(max_examples=20, stateful_step_count=6, deadline=None, derandomize=True,
                                 database=None, suppress_health_check=list(HealthCheck)))  # fmt: skip
    followed = [(op, status) for op, status in seen if "{" in op and status < 300]
    assert followed, f"no link was followed to an existing object: {seen[:20]}"
