"""The snapshot's one cache: keys built in one place, kinds a request chooses bounded, every value built once."""

from __future__ import annotations

import pytest

from dashboard.web.cache import BOUNDS, SnapshotCache
from dashboard.web.store import RegistryStore


def test_a_request_chosen_kind_keeps_at_most_its_bound_and_the_most_recent() -> None:
    cache = SnapshotCache()
    for i in range(BOUNDS["progress"] + 50):
        cache.get("progress", (i, "en"), lambda i=i: i)
    assert cache.size("progress") == BOUNDS["progress"]
    built = []
    assert cache.get("progress", (BOUNDS["progress"] + 49, "en"), lambda: built.append(1)) == BOUNDS["progress"] + 49
    assert built == []  # the newest is still there
    assert cache.get("progress", (0, "en"), lambda: "again") == "again"  # the oldest was dropped


def test_a_value_is_built_once_per_key() -> None:
    cache, calls = SnapshotCache(), []
    for _ in range(3):
        cache.get("tracking", ("road_deaths", "ru"), lambda: calls.append(1) or len(calls))
    assert calls == [1] and cache.size("tracking") == 1
    assert cache.get("tracking", ("road_deaths", "en"), lambda: "en") == "en"  # the language is part of the key


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(KeyError):
        SnapshotCache().get("anything", (), lambda: 1)


def test_many_distinct_selections_leave_the_progress_kind_bounded(frozen_path) -> None:
    from dashboard.i18n import use_language
    from dashboard.web.pages import overview

    snapshot = RegistryStore(frozen_path, settle_seconds=0).state().snapshot
    views = list(snapshot.assessment)
    with use_language("en"):
        for i in range(600):  # each a selection no other search gives
            overview.progress_card(snapshot, views, [views[i % len(views)], views[(i * 7 + 1) % len(views)]] + views[: i % 5])
    assert snapshot.cache.size("progress") <= BOUNDS["progress"]
