"""The server's collector policy: long-lived objects frozen, a full collection only at quiet moments."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from simulator.cli import build_parser
from simulator.server.app import create_app
from simulator.server.commands import serve_settings
from simulator.server.gc_policy import CLOSES_PER_FULL_COLLECTION, GcPolicy, freeze_long_lived
from simulator.settings import Settings


@pytest.fixture
def frozen() -> Iterator[None]:
    gc.freeze()
    yield
    gc.unfreeze()


def test_a_close_while_other_sessions_live_keeps_the_heap_frozen(frozen: None) -> None:
    policy = GcPolicy()
    policy.session_closed(live_sessions=3)
    assert gc.get_freeze_count() > 0 and policy.closed_since_collection == 1


def test_the_last_session_closing_collects_everything(frozen: None) -> None:
    policy = GcPolicy()
    policy.session_closed(live_sessions=0)
    assert gc.get_freeze_count() == 0 and policy.closed_since_collection == 0


def test_every_hundredth_close_collects_even_under_load(frozen: None) -> None:
    policy = GcPolicy()
    for _ in range(CLOSES_PER_FULL_COLLECTION - 1):
        policy.session_closed(live_sessions=500)
    assert gc.get_freeze_count() > 0
    policy.session_closed(live_sessions=500)
    assert gc.get_freeze_count() == 0


def test_cyclic_garbage_frozen_with_the_heap_is_freed_by_the_full_collection(frozen: None) -> None:
    class Node:
        pass

    cycle = Node()
    cycle.self = cycle  # type: ignore[attr-defined]
    alive = weakref.ref(cycle)
    del cycle
    gc.freeze()  # the cycle is now out of the collector's reach
    gc.collect()
    assert alive() is not None, "a frozen cycle survives an ordinary collection"
    GcPolicy().collect_frozen()
    assert alive() is None


def test_an_embedded_apps_policy_leaves_the_processs_frozen_heap_alone(frozen: None) -> None:
    policy = GcPolicy(active=False)  # what create_app makes unless Settings.freeze_gc (only `callsim serve`)
    policy.session_closed(live_sessions=0)
    assert gc.get_freeze_count() > 0, "the user's own gc.freeze() survives the last session closing"


def test_only_callsim_serve_turns_on_freezing() -> None:
    serve = build_parser().parse_args(["serve", "--ephemeral"])
    assert serve_settings(serve).freeze_gc
    assert not Settings().freeze_gc
    assert freeze_long_lived not in create_app(Settings()).cleanup_ctx
    assert freeze_long_lived in create_app(Settings(freeze_gc=True)).cleanup_ctx
