"""HubSpot's rate limits over real HTTP: the X-HubSpot-RateLimit-* headers, 429 in HubSpot's RATE_LIMIT shape with
Retry-After past the rolling windows (a clock the tests move, no sleeps), the daily pair on developer-key calls
only, search's own limit, the 429 fault from the control API, and HubSpot's Python client seeing the 429.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from simulator.hubspot.rest.rate_limits import Fault
from simulator.server.app import create_app
from simulator.server.rest.rate_limit import RATE_LIMITS
from simulator.settings import DEFAULT_ACCESS_TOKEN, DEFAULT_API_KEY, Settings
from tests.helpers.page_socket import WIDGET, Client
from tests.helpers.rest import AUTH, CALLS

SEARCH = "/crm/v3/objects/contacts/search"
SETTINGS_PATH = f"/crm/v3/extensions/calling/123/settings?hapikey={DEFAULT_API_KEY}"
FAULTS = "/api/rest/rate-limits"


class FakeClock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_767_225_600.0  # 2026-01-01T00:00:00Z

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def client(aiohttp_client: Any) -> Client:
    """The app as `callsim serve` runs it: HubSpot's limits enforced."""
    return await aiohttp_client(create_app(Settings(port=0), sample_widget_url=WIDGET))  # type: ignore[no-any-return]


@pytest.fixture
def clock(client: Client) -> FakeClock:
    fake = FakeClock()
    client.app[RATE_LIMITS].clock = fake
    return fake


async def _429(response: Any, policy: str) -> dict[str, Any]:
    assert response.status == 429, await response.text()
    body = await response.json()
    assert set(body) == {"status", "message", "errorType", "correlationId", "policyName", "requestId"}
    assert body["status"] == "error"
    assert body["errorType"] == "RATE_LIMIT"
    assert body["policyName"] == policy
    assert body["message"] == f"You have reached your {policy.lower()} limit."
    assert int(response.headers["Retry-After"]) >= 1
    return body  # type: ignore[no-any-return]


async def test_every_answer_carries_the_ten_secondly_headers_and_no_daily_pair(
    client: Client, clock: FakeClock
) -> None:
    first = await client.get(CALLS, headers=AUTH)
    missing = await client.get(f"{CALLS}/999999", headers=AUTH)  # an error answer counts and carries them too
    assert first.status == 200 and missing.status == 404
    for response, remaining in ((first, "99"), (missing, "98")):
        assert response.headers["X-HubSpot-RateLimit-Max"] == "100"
        assert response.headers["X-HubSpot-RateLimit-Remaining"] == remaining
        assert response.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "10000"
        assert "X-HubSpot-RateLimit-Daily" not in response.headers
        assert "X-HubSpot-RateLimit-Daily-Remaining" not in response.headers
        assert "Retry-After" not in response.headers


async def test_a_request_refused_401_is_not_counted_and_has_no_headers(client: Client, clock: FakeClock) -> None:
    refused = await client.get(CALLS, headers={"Authorization": "Bearer wrong"})
    assert refused.status == 401
    assert "X-HubSpot-RateLimit-Remaining" not in refused.headers
    assert (await client.get(CALLS, headers=AUTH)).headers["X-HubSpot-RateLimit-Remaining"] == "99"


async def test_the_101st_request_in_ten_seconds_is_refused_until_the_window_rolls(
    client: Client, clock: FakeClock
) -> None:
    for i in range(100):
        clock.now += 0.0625  # 100 requests over 6.25 s (steps a float adds exactly)
        assert (await client.get(CALLS, headers=AUTH)).status == 200, i
    refused = await client.get(CALLS, headers=AUTH)
    await _429(refused, "TEN_SECONDLY_ROLLING")
    assert refused.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    assert refused.headers["Retry-After"] == "4"  # the first request (at 0.0625 s) leaves the window at 10.0625 s
    clock.now += 3.8125
    again = await client.get(CALLS, headers=AUTH)
    assert again.status == 200
    assert again.headers["X-HubSpot-RateLimit-Remaining"] == "0"  # one left, one taken


async def test_search_has_its_own_limit_of_five_a_second(client: Client, clock: FakeClock) -> None:
    for _ in range(5):
        answer = await client.post(SEARCH, json={}, headers=AUTH)
        assert answer.status == 200
        assert answer.headers["X-HubSpot-RateLimit-Max"] == "5"
        assert answer.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "1000"
    await _429(await client.post(SEARCH, json={}, headers=AUTH), "SECONDLY")
    listed = await client.get(CALLS, headers=AUTH)  # the other endpoints' window is untouched
    assert listed.status == 200 and listed.headers["X-HubSpot-RateLimit-Remaining"] == "99"
    clock.now += 1.0
    assert (await client.post(SEARCH, json={}, headers=AUTH)).status == 200


async def test_developer_key_calls_carry_the_daily_pair_and_stop_at_the_daily_limit(
    client: Client, clock: FakeClock
) -> None:
    answer = await client.get(SETTINGS_PATH)
    assert answer.status == 404  # no settings yet: still counted, still the headers
    assert answer.headers["X-HubSpot-RateLimit-Daily"] == "250000"
    assert answer.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "249999"
    assert answer.headers["X-HubSpot-RateLimit-Max"] == "100"
    client.app[RATE_LIMITS].daily[next(iter(client.app[RATE_LIMITS].daily))].count = 250_000
    refused = await client.get(SETTINGS_PATH)
    await _429(refused, "DAILY")
    assert refused.headers["X-HubSpot-RateLimit-Daily-Remaining"] == "0"
    assert refused.headers["Retry-After"] == str(24 * 3600)  # midnight UTC, a day after the clock's midnight
    clock.now += 24 * 3600
    assert (await client.get(SETTINGS_PATH)).headers["X-HubSpot-RateLimit-Daily-Remaining"] == "249999"


async def test_the_fault_refuses_the_next_requests_then_stops(client: Client) -> None:
    state = await (await client.post(FAULTS, json={"fault": {"count": 2, "retryAfter": 3}})).json()
    assert state["fault"] == {"count": 2, "path": "*", "policyName": None, "retryAfter": 3}
    for _ in range(2):
        refused = await client.get(CALLS, headers=AUTH)
        await _429(refused, "TEN_SECONDLY_ROLLING")
        assert refused.headers["Retry-After"] == "3"
    assert (await client.get(CALLS, headers=AUTH)).status == 200
    assert (await (await client.get(FAULTS)).json())["fault"] is None


async def test_the_fault_can_target_a_path_until_cleared(client: Client) -> None:
    body = {"fault": {"count": None, "path": "/crm/v3/objects/*/search", "policyName": "SECONDLY"}}
    assert (await client.post(FAULTS, json=body)).status == 200
    for _ in range(3):
        await _429(await client.post(SEARCH, json={}, headers=AUTH), "SECONDLY")
    assert (await client.get(CALLS, headers=AUTH)).status == 200
    cleared = await (await client.delete(FAULTS)).json()
    assert cleared["fault"] is None and cleared["windows"] == []
    assert (await client.post(SEARCH, json={}, headers=AUTH)).status == 200


async def test_enforce_off_counts_but_never_refuses(client: Client, clock: FakeClock) -> None:
    assert (await client.post(FAULTS, json={"enforce": False})).status == 200
    for _ in range(101):
        answer = await client.get(CALLS, headers=AUTH)
        assert answer.status == 200
    assert answer.headers["X-HubSpot-RateLimit-Remaining"] == "0"


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"enforce": "no"}, "enforce"),
        ({"fault": {"count": 0}}, "fault.count"),
        ({"fault": {"path": "calls"}}, "fault.path"),
        ({"fault": {"policyName": "HOURLY"}}, "fault.policyName"),
        ({"fault": {"retryAfter": -1}}, "fault.retryAfter"),
        ({"fault": {"cnt": 1}}, "cnt"),
        ({"faults": {}}, "faults"),
        ({"fault": 3}, "fault"),
    ],
)
async def test_a_bad_control_request_is_refused_naming_the_key(client: Client, body: Any, named: str) -> None:
    response = await client.post(FAULTS, json=body)
    assert response.status == 400
    assert named in (await response.json())["error"]


@pytest.mark.parametrize("spec", ["0", "-1", "x", "2@calls", "²", ""])
def test_a_bad_fault_spec_is_refused(spec: str) -> None:
    with pytest.raises(ValueError, match="expected|must start"):
        Fault.parse(spec)


def test_fault_specs() -> None:
    assert Fault.parse("3") == Fault(count=3, path="*")
    assert Fault.parse("*@/crm/v3/objects/calls*") == Fault(count=None, path="/crm/v3/objects/calls*")


async def test_the_serve_settings_set_the_fault_and_enforcing(aiohttp_client: Any) -> None:
    settings = Settings(port=0, rest_rate_limit=False, rest_fault_429="1@/crm/v3/objects/calls")
    client = await aiohttp_client(create_app(settings, sample_widget_url=WIDGET))
    assert (await (await client.get(FAULTS)).json())["enforce"] is False
    await _429(await client.get(CALLS, headers=AUTH), "TEN_SECONDLY_ROLLING")
    assert (await client.get(CALLS, headers=AUTH)).status == 200


async def test_hubspots_python_client_sees_the_429(client: Client) -> None:
    hubspot = pytest.importorskip("hubspot")
    from hubspot.crm.objects.calls import ApiException  # type: ignore[import-untyped]

    api = hubspot.Client.create(access_token=DEFAULT_ACCESS_TOKEN, host=str(client.make_url("")).rstrip("/"))

    def list_calls() -> Any:
        try:
            api.crm.objects.calls.basic_api.get_page()
        except ApiException as error:
            return error
        return None

    # Every request refused: the client raises ApiException 429 with HubSpot's body and Retry-After.
    await client.post(FAULTS, json={"fault": {"count": None, "retryAfter": 0}})
    error = await asyncio.to_thread(list_calls)
    assert isinstance(error, ApiException) and error.status == 429
    assert error.headers["Retry-After"] == "0"
    assert '"errorType": "RATE_LIMIT"' in error.body
    # Two refused: urllib3 under the client retries a 429 that has Retry-After (3 times), so the call succeeds.
    await client.post(FAULTS, json={"fault": {"count": 2, "retryAfter": 0}})
    assert await asyncio.to_thread(list_calls) is None
    assert (await (await client.get(FAULTS)).json())["fault"] is None
