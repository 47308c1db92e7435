"""The Sources page: every source's type as a badge, a type filter in the URL, "undated" said once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dash import html

from dashboard.engine.vocabulary import SOURCE_TYPE_COLOURS, SOURCE_TYPE_HINT, SOURCE_TYPE_TEXT
from dashboard.i18n import use_language
from dashboard.registry import RegistryError, load_registry
from dashboard.registry.models import SOURCE_TYPES
from dashboard.web import callbacks
from dashboard.web.pages import sources
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


def texts(node: Any) -> list[str]:
    return [c for c in walk(node) if isinstance(c, str)]


def rows(tree: Any) -> list[html.Tr]:
    return [c for c in walk(tree) if isinstance(c, html.Tr)][1:]  # the head's row first


def test_the_vocabulary_names_every_type_the_registry_accepts() -> None:
    assert set(SOURCE_TYPE_TEXT) == set(SOURCE_TYPE_HINT) == set(SOURCE_TYPE_COLOURS) == set(SOURCE_TYPES)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("?type=press", "press"),
        ("?type=repost&lang=ru", "repost"),
        ("?lang=ru&type=official", "official"),
        ("?type=none", "none"),
        ("?type=blog", "all"),
        ("?type=", "all"),
        ("", "all"),
        (None, "all"),
        (42, "all"),
        ("?type=press" + "&x=1" * 1000, "all"),  # an over-long query is not parsed
    ],
)
def test_the_type_filter_reads_only_known_types(search: object, expected: str) -> None:
    assert sources.type_of(search) == expected


def test_every_frozen_source_has_a_type(frozen_state: State) -> None:
    assert all(s.type in SOURCE_TYPES for s in frozen_state.snapshot.registry.sources)


@pytest.mark.parametrize("kind", [*SOURCE_TYPES, "all"])
def test_the_filter_lists_exactly_the_sources_of_its_type(frozen_state: State, kind: str) -> None:
    registry = frozen_state.snapshot.registry
    expected = [s for s in registry.sources if kind == "all" or s.type == kind]
    tree = callbacks.sources_view(frozen_state, kind)
    listed = rows(tree)
    assert len(listed) == len(expected)
    external = {c.href for c in walk(tree) if isinstance(c, html.A) and str(c.href).startswith("http")}
    assert external == {s.url for s in expected}
    if not expected:
        assert "No source of this type." in texts(tree)
    elif kind != "all":
        badges = [c for c in walk(tree) if isinstance(c, html.Span) and "source-type-" in (getattr(c, "className", None) or "")]
        assert {b.className.split("source-type-")[1] for b in badges} == {kind}


def test_the_filter_links_carry_counts_and_mark_the_chosen_one(frozen_state: State) -> None:
    nav = sources.type_nav(frozen_state.snapshot, "repost")
    links = [c for c in walk(nav) if isinstance(c, html.A)]
    registry = frozen_state.snapshot.registry
    reposts = sum(1 for s in registry.sources if s.type == "repost")
    assert links[0].children == f"All — {len(registry.sources)}" and links[0].href == "/sources"
    [chosen] = [a for a in links if getattr(a, "aria-current", None) == "page"]
    assert chosen.href == "/sources?type=repost" and chosen.children == f"re-post — {reposts}"
    with use_language("ru"):
        ru = sources.type_nav(frozen_state.snapshot, "all")
    assert [c.href for c in walk(ru) if isinstance(c, html.A)][1].endswith("lang=ru")
    assert any("перепечатка — " in t for t in texts(ru))


def test_undated_is_said_once_never_per_row(frozen_state: State) -> None:
    registry = frozen_state.snapshot.registry
    undated = sum(1 for s in registry.sources if s.date is None)
    assert 0 < undated < len(registry.sources)  # the fixture has both kinds
    tree = callbacks.sources_view(frozen_state)
    words = texts(tree)
    assert f"{undated} of {len(registry.sources)} sources listed are undated: their pages give no date." in words
    assert not [w for w in words if w.strip() in ("–", "undated", "no date")]
    date_cells = [r.children[3] for r in rows(tree)]
    assert sum(1 for cell in date_cells if cell.children == "") == undated


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("blog", "type: "),
        ("Press", "type: "),
        ("", "type: "),
    ],
)
def test_an_unknown_source_type_is_a_located_error(registry_copy: Path, written: str, message: str) -> None:
    lines = registry_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.strip() == "type: press")
    lines[n] = f"    type: {written}\n" if written else "    type: ''\n"
    registry_copy.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(registry_copy)
    [problem] = caught.value.problems
    assert problem.line == n + 1
    assert "sources[" in str(problem) and message in str(problem)
    assert "official" in str(problem)  # the hint names the allowed types


def test_a_source_without_a_type_loads_and_says_so(registry_copy: Path) -> None:
    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text(text.replace("    type: repost\n", "", 1), encoding="utf-8")
    registry = load_registry(registry_copy)
    untyped = [s for s in registry.sources if s.type is None]
    assert len(untyped) == 1
    badge = sources.type_badge(None)
    assert badge.children == "type not given"
