"""Crm.on_change: every create/update/archive/purge reaches listeners; archive, merge, purge and paging."""

from __future__ import annotations

from simulator.hubspot.crm.portal import ARCHIVED, CREATED, PURGED, UPDATED, Crm, Engagement


def test_listeners_see_create_update_archive_in_order() -> None:
    crm = Crm()
    seen: list[tuple[str, int]] = []
    unsubscribe = crm.on_change(lambda kind, e: seen.append((kind, e.id)))
    created = crm.create_engagement(None, "OUTBOUND", [], {"hs_call_title": "a"}, 1000)
    crm.update_engagement(created.id, 2000, {"hs_call_title": "b"})
    crm.archive_engagement(created.id, 3000)
    assert seen == [(CREATED, created.id), (UPDATED, created.id), (ARCHIVED, created.id)]
    assert crm.engagement(created.id) is None and crm.archived[created.id].updated_at_ms == 3000
    unsubscribe()
    crm.create_engagement(None, "OUTBOUND", [], {}, 4000)
    assert len(seen) == 3


def test_merge_purges_the_other_and_updates_the_primary_and_purge_forgets_archived_ones() -> None:
    crm = Crm()
    primary = crm.create_engagement(None, "OUTBOUND", [("0-1", 51)], {"hs_call_title": "a"}, 1)
    other = crm.create_engagement(None, "OUTBOUND", [("0-2", 77)], {"hs_call_title": "b", "hs_call_body": "n"}, 1)
    seen: list[tuple[str, int]] = []
    crm.on_change(lambda kind, e: seen.append((kind, e.id)))
    merged = crm.merge_engagements(primary.id, other.id, 5)
    assert seen == [(PURGED, other.id), (UPDATED, primary.id)]
    assert merged.properties["hs_call_title"] == "a" and merged.properties["hs_call_body"] == "n"
    assert merged.properties["hs_merged_object_ids"] == str(other.id)
    assert merged.associations == (("0-1", 51), ("0-2", 77))
    assert other.id not in crm.engagements and other.id not in crm.archived
    crm.archive_engagement(primary.id, 6)
    crm.purge_engagement(primary.id)
    assert not crm.engagements and not crm.archived


def test_list_pages_by_id_after_the_cursor() -> None:
    crm = Crm()
    ids = [crm.create_engagement(None, "OUTBOUND", [], {}, 1).id for _ in range(5)]
    assert [e.id for e in crm.list_engagements(limit=2)] == ids[:2]
    assert [e.id for e in crm.list_engagements(after=ids[1], limit=10)] == ids[2:]


def test_restore_continues_ids_after_the_highest() -> None:
    crm = Crm()
    kept = Engagement(50_000_000_000, None, "INBOUND", "COMPLETED", {}, (), 1, 1)
    crm.restore([kept])
    assert crm.engagement(kept.id) == kept
    assert crm.create_engagement(None, "OUTBOUND", [], {}, 2).id == kept.id + 1
