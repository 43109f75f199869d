"""The CRM in the store: seeded from fixtures once, engagements written through, all back after a reopen."""

from __future__ import annotations

from pathlib import Path

from simulator.hubspot.crm.portal import FIRST_ENGAGEMENT_ID
from simulator.hubspot.crm.records import CONTACT, Contact
from simulator.store import Store

FIXTURES = """\
contacts:
  - {id: 1, first_name: Ada, last_name: Lovelace, phones: [{label: Work, property: phone, number: "+1 617 555 0100"}]}
companies:
  - {id: 10, name: Analytical Engines}
"""
OTHER_FIXTURES = """\
contacts:
  - {id: 2, first_name: Grace, last_name: Hopper}
"""


def reopened(data_dir: Path, fixtures: Path | None = None) -> tuple[Store, list[str]]:
    store = Store.open(data_dir)
    store.load_crm(fixtures)
    return store, store.notes


def test_engagements_survive_a_reopen_and_ids_continue(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    crm = store.load_crm()
    first = crm.create_engagement("c1", "OUTBOUND", [(CONTACT, 1)], {"hs_call_title": "Call"}, 1_000)
    crm.update_engagement(first.id, 2_000, {"hs_call_body": "notes"}, status="COMPLETED", completed=True)
    second = crm.create_engagement("c2", "INBOUND", [], {}, 3_000)
    crm.archive_engagement(second.id, 4_000)
    store.close()

    store = Store.open(tmp_path)
    try:
        again = store.load_crm()
        assert again.engagements == {first.id: crm.engagements[first.id]}
        assert again.archived[second.id].updated_at_ms == 4_000
        assert again.contacts == crm.contacts and again.companies == crm.companies
        assert again.create_engagement(None, "OUTBOUND", [], {}, 5_000).id == second.id + 1
    finally:
        store.close()


def test_a_fresh_store_starts_at_the_first_engagement_id() -> None:
    store = Store.open(None)
    try:
        assert store.load_crm().create_engagement(None, "OUTBOUND", [], {}, 0).id == FIRST_ENGAGEMENT_ID
        assert store.data_dir is None
    finally:
        store.close()


def test_records_are_seeded_once_and_kept_when_no_fixtures_are_named(tmp_path: Path) -> None:
    fixtures = tmp_path / "crm.yaml"
    fixtures.write_text(FIXTURES, encoding="utf-8")
    store, notes = reopened(tmp_path / "data", fixtures)
    assert notes == [f"seeded 1 contacts and 1 companies from {fixtures}"]
    store.close()
    store, notes = reopened(tmp_path / "data")  # no --fixtures: what the data dir has
    assert notes == []
    assert [c.first_name for c in store.crm.contacts()] == ["Ada"]
    store.close()
    store, notes = reopened(tmp_path / "data", fixtures)  # the same file again: nothing to do
    assert notes == []
    store.close()


def test_a_changed_fixtures_file_reseeds_records_and_keeps_engagements(tmp_path: Path) -> None:
    fixtures = tmp_path / "crm.yaml"
    fixtures.write_text(FIXTURES, encoding="utf-8")
    store = Store.open(tmp_path / "data")
    crm = store.load_crm(fixtures)
    engagement = crm.create_engagement("c1", "OUTBOUND", [(CONTACT, 1)], {}, 1)
    store.crm.save_record(Contact(99, "Changed", "Overrest"))  # a record changed after seeding is kept
    store.close()

    other = tmp_path / "other.yaml"
    other.write_text(OTHER_FIXTURES, encoding="utf-8")
    store, notes = reopened(tmp_path / "data", other)
    try:
        assert notes == [
            f"re-seeded 1 contacts and 0 companies from {other} (the data directory was seeded from {fixtures}); "
            "engagements kept"
        ]
        assert sorted(c.id for c in store.crm.contacts()) == [2, 99]
        assert store.crm.companies() == []
        assert [e.id for e in store.crm.engagements()] == [engagement.id]
    finally:
        store.close()


def test_a_crm_built_elsewhere_can_be_attached(tmp_path: Path) -> None:
    from simulator.hubspot.crm.portal import Crm

    store = Store.open(tmp_path)
    crm = store.attach(Crm.parse(FIXTURES))
    engagement = crm.create_engagement("c1", "OUTBOUND", [], {}, 1)
    assert [e.id for e in store.crm.engagements()] == [engagement.id]
    store.close()


def test_records_written_over_rest_survive_a_reopen_archived_ones_too(tmp_path: Path) -> None:
    fixtures = tmp_path / "crm.yaml"
    fixtures.write_text(FIXTURES)
    store = Store.open(tmp_path)
    crm = store.load_crm(fixtures)
    new_id = crm.next_record_id(CONTACT)
    crm.put_record(Contact(new_id, "Nia", "Okafor", extra=(("website", "example.com"),), created_ms=5, updated_ms=6))
    crm.put_record(Contact(1, "Ada", "King"))  # a fixture contact, changed
    archived = crm.companies[10]
    crm.archive_record(archived.object_type_id, archived.id, 7)
    store.close()

    store = Store.open(tmp_path)
    try:
        again = store.load_crm()
        assert again.contacts[new_id].extra == (("website", "example.com"),)
        assert (again.contacts[new_id].created_ms, again.contacts[new_id].updated_ms) == (5, 6)
        assert again.contacts[1].last_name == "King"
        assert 10 not in again.companies and again.archived_records[(archived.object_type_id, 10)].updated_ms == 7
        assert again.next_record_id(archived.object_type_id) == 11  # archived ids are not handed out again
    finally:
        store.close()
