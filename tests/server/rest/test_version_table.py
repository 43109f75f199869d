"""docs/rest-api.md lists every endpoint per version with its credential, exactly as the router serves them."""

from __future__ import annotations

from simulator.server.rest.version_table import rows, table
from tests.helpers.live_server import ROOT

DOC = (ROOT / "docs" / "rest-api.md").read_text(encoding="utf-8")


def test_the_docs_carry_the_version_table_the_routes_make() -> None:
    assert table() in DOC, "regenerate it: python -m simulator.server.rest.version_table"


def test_every_version_has_rows_and_contact_writes_take_a_token() -> None:
    found = rows()
    assert {row.split("`")[1] for row in found} == {"v3", "v4", "2025-09", "2026-03", "2026-09", "2026-09-beta"}
    writes = [row for row in found if "contacts and companies writes" in row]
    assert len(writes) == 4 and all(row.endswith("| OAuth or private app |") for row in writes)
    assert all("`POST /crm/objects/2026-09-beta/contacts`" not in row for row in found)
