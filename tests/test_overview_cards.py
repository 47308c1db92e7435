"""Overview cards: those without data last, folded into one row; part-year values said as such; sparkline ends labelled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from dash import html

from dashboard.i18n import use_language
from dashboard.web import ids as web_ids
from dashboard.web.pages import overview, overview_cards
from dashboard.web.store import RegistryStore, State


@pytest.fixture(scope="module")
def frozen_state() -> State:
    from .conftest import FROZEN

    return RegistryStore(FROZEN, settle_seconds=0).state()


def walk(node: Any) -> Iterator[Any]:
    yield node
    children = node if isinstance(node, (list, tuple)) else getattr(node, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(node, str):
        yield from walk(children)


def ids(tree: Any) -> list[str]:
    return [str(c.id) for c in walk(tree) if getattr(c, "id", None)]


def texts(tree: Any) -> list[str]:
    return [c for c in walk(tree) if isinstance(c, str)]


def no_data_ids(state: State) -> list[str]:
    registry, views = state.snapshot.registry, state.snapshot.assessment.views
    return [i.id for a in registry.areas for i in registry.indicators if i.area == a.id and views[i.id].latest is None]


def test_cards_without_data_are_one_folded_row_at_the_end(frozen_state: State) -> None:
    tree = overview.cards(frozen_state.snapshot)
    found = ids(tree)
    without = no_data_ids(frozen_state)
    assert len(without) == 8
    assert [i.removeprefix("nodata-") for i in found if i.startswith("nodata-")] == without
    assert not [i for i in without if f"card-{i}" in found]  # no card of its own
    row = next(c for c in walk(tree) if getattr(c, "id", None) == "no-data-cards")
    assert isinstance(row, html.Details) and f"No data yet ({len(without)})" in texts(row)
    assert found.index("no-data-cards") > max(found.index(i) for i in found if i.startswith("card-"))
    assert "No values yet" not in texts(tree) and "no data" not in texts(tree)  # no card contradicts itself


@pytest.mark.parametrize("size", [3, 5, 24, 30])
def test_paging_counts_only_cards_and_the_row_comes_on_the_last_page(frozen_state: State, monkeypatch, size: int) -> None:
    monkeypatch.setattr(overview, "PAGE_SIZE", size)
    views = frozen_state.snapshot.assessment.views
    with_data = [v for v in views.values() if v.latest is not None]
    pages = -(-len(with_data) // size)
    seen: list[str] = []
    for page in range(1, pages + 1):
        tree = overview.cards(frozen_state.snapshot, None, None, page)
        cards = [i for i in ids(tree) if i.startswith("card-")]
        assert len(cards) == (size if page < pages else len(with_data) - size * (pages - 1))
        assert ("no-data-cards" in ids(tree)) == (page == pages)
        seen += cards
    assert len(seen) == len(set(seen)) == len(with_data)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_part_year_value_is_said_as_part_of_a_year_never_as_the_year(frozen_state: State, lang: str) -> None:
    with use_language(lang):
        assessment = frozen_state.snapshot.localized()
        cards = {v.id: overview_cards.card_data(v) for v in assessment}
    partial = {k: c.partial for k, c in cards.items() if c.partial}
    assert partial, "the fixture has part-year values"
    marker, months = ("(part of a year)", "Jan–") if lang == "en" else ("(часть года)", "янв.–")
    for indicator, text in partial.items():
        assert text.endswith(marker) and text.startswith(months), (indicator, text)
        assert "Jan-" not in text  # the registry's code is never shown
    # a part-year value is never the card's year: the latest-year label is a full year's
    for indicator, card in cards.items():
        view = assessment.views[indicator]
        assert card.latest_year == (str(view.latest.year) if view.latest else "")
        assert not view.latest or view.latest.period is None


def test_sparkline_ends_are_labelled_and_a_single_year_says_so(frozen_state: State) -> None:
    tree = overview.cards(frozen_state.snapshot)
    store = next(c for c in walk(tree) if getattr(c, "id", None) == web_ids.SPARKLINES)
    drawn = set(store.data["figures"])
    for view in frozen_state.snapshot.assessment:
        if view.latest is None:
            continue
        card = next(c for c in walk(tree) if getattr(c, "id", None) == f"card-{view.id}")
        words = texts(card)
        points = list(view.yearly.values())
        if len(points) > 1:
            data = overview_cards.card_data(view)
            assert f"{data.first[0]}: {data.first[1]}" in words and f"{data.last[0]}: {data.last[1]}" in words
            assert (data.first[0], data.last[0]) == (str(points[0].year), str(points[-1].year))
            assert view.id in drawn
        else:
            assert "one year only" in words and view.id not in drawn  # never a lone dot
