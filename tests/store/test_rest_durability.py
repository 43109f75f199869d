"""kill -9 during a burst of contact, company and call writes over REST loses nothing acknowledged (issue 19)."""

from __future__ import annotations

import json
import os
import signal
import threading
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from simulator.hubspot.crm.portal import Crm
from simulator.hubspot.rest.objects import company_object, contact_object
from simulator.settings import DEFAULT_ACCESS_TOKEN
from simulator.store import Store
from tests.helpers.live_server import LiveServer, start_live_server, stop_live_server

ACKNOWLEDGED_BEFORE_KILL = 60  # writes answered, over the three writers, before the signal
BODIES = {
    "contacts": lambda n: {"email": f"burst{n}@example.com", "firstname": f"Burst {n}", "phone": f"+1617555{n:04d}"},
    "companies": lambda n: {"name": f"Burst {n} Ltd", "domain": f"burst{n}.example.com"},
    "calls": lambda n: {"hs_timestamp": "2026-01-01T10:00:00Z", "hs_call_title": f"Burst {n}"},
}
UPDATES = {"contacts": "jobtitle", "companies": "city", "calls": "hs_call_body"}


def send(server: LiveServer, method: str, path: str, properties: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps({"properties": properties}).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {DEFAULT_ACCESS_TOKEN}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


def writer(server: LiveServer, kind: str, acked: list[tuple[str, str, str, str]], count: threading.Semaphore) -> None:
    """Create a record, then update it; each answered write is noted as (kind, id, property, value)."""
    base = f"/crm/v3/objects/{kind}"
    for n in range(10_000):
        try:
            properties = BODIES[kind](n)
            created = send(server, "POST", base, properties)
            first = next(iter(properties))
            acked.append((kind, created["id"], first, properties[first]))
            count.release()
            value = f"updated {n}"
            send(server, "PATCH", f"{base}/{created['id']}", {UPDATES[kind]: value})
            acked.append((kind, created["id"], UPDATES[kind], value))
            count.release()
        except (urllib.error.URLError, ConnectionError, OSError):
            return  # the server is gone


def stored_value(crm: Crm, kind: str, object_id: str, prop: str) -> str | None:
    """A property of the stored object as the REST API would show it."""
    if kind == "calls":
        engagement = crm.engagements.get(int(object_id))
        return None if engagement is None else str(engagement.properties.get(prop))
    if kind == "contacts":
        contact = crm.contacts.get(int(object_id))
        return None if contact is None else contact_object(contact).properties.get(prop)
    company = crm.companies.get(int(object_id))
    return None if company is None else company_object(company).properties.get(prop)


def test_kill_9_mid_burst_keeps_every_acknowledged_rest_write(tmp_path: Path) -> None:
    server = start_live_server("--data-dir", str(tmp_path / "data"), "--rest-rate-limit", "off")
    acked: list[tuple[str, str, str, str]] = []
    count = threading.Semaphore(0)
    threads = [threading.Thread(target=writer, args=(server, kind, acked, count)) for kind in BODIES]
    try:
        for thread in threads:
            thread.start()
        for _ in range(ACKNOWLEDGED_BEFORE_KILL):
            assert count.acquire(timeout=30), "the writers stalled"
        os.kill(server.process.pid, signal.SIGKILL)
        for thread in threads:
            thread.join(30)
        assert server.process.wait(10) == -signal.SIGKILL
    finally:
        stop_live_server(server)
    assert {kind for kind, *_ in acked} == set(BODIES)  # every kind was written before the kill
    store = Store.open(tmp_path / "data")
    try:
        crm = store.load_crm()
    finally:
        store.close()
    for kind, object_id, prop, value in acked:
        assert stored_value(crm, kind, object_id, prop) == value, (kind, object_id, prop)
