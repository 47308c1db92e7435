"""A series file cut off by an interrupted copy is published with a warning that names it (issue 27, finding 5).

Cut at a row boundary, the CSV is valid, and road deaths would silently end years early; cut mid-row,
it does not end in a line break. Either way the version is published (it may be an honest edit) and
the banner says which file looks cut off, in the reader's language.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dashboard.i18n import use_language
from dashboard.registry import load_registry
from dashboard.web.components import banner
from dashboard.web.shrink import Note
from dashboard.web.store import RegistryStore


def write(path: Path, data: bytes) -> None:
    path.write_bytes(data)
    os.utime(path, (os.stat(path).st_atime - 3600, os.stat(path).st_mtime - 3600))


@pytest.fixture
def store_and_series(registry_copy: Path) -> tuple[RegistryStore, Path, bytes]:
    series = registry_copy.parent / "data" / "road_deaths.csv"
    store = RegistryStore(registry_copy, settle_seconds=0)
    assert store.state().snapshot is not None and store.state().warning == ""
    return store, series, series.read_bytes()


def _text(tree: object) -> str:
    if isinstance(tree, (list, tuple)):
        return " ".join(_text(t) for t in tree)
    children = getattr(tree, "children", None)
    return str(tree) if children is None and not hasattr(tree, "to_plotly_json") else _text(children) if children is not None else ""


@pytest.mark.parametrize("keep", [1, 5, 8])
def test_a_series_cut_at_a_row_boundary_is_published_with_a_warning_naming_the_file(store_and_series, keep: int) -> None:
    store, series, whole = store_and_series
    before = store.state()
    lines = whole.splitlines(keepends=True)
    write(series, b"".join(lines[: 1 + keep]))  # the header and `keep` rows: a valid CSV, every row whole
    after = store.state()
    assert after.problems == () and after.snapshot is not None and after.version != before.version  # published
    assert "data/road_deaths.csv: road_deaths has" in after.warning and "was the file saved whole?" in after.warning
    with use_language("ru"):
        shown = _text(banner(after))
    assert "data/road_deaths.csv" in shown and "road_deaths" in shown and "файл" in shown
    write(series, whole)
    assert store.state().warning == ""  # the next version clears it


def test_an_edit_that_keeps_three_quarters_of_the_values_is_no_warning(store_and_series) -> None:
    store, series, whole = store_and_series
    lines = whole.splitlines(keepends=True)
    write(series, b"".join(lines[:-1]))  # one row less
    assert store.state().warning == ""


def test_a_series_file_without_a_final_line_break_is_published_with_a_warning(store_and_series) -> None:
    store, series, whole = store_and_series
    write(series, whole.rstrip(b"\r\n"))
    after = store.state()
    assert after.problems == () and after.snapshot is not None
    assert "data/road_deaths.csv does not end in a line break" in after.warning
    assert any("does not end in a line break" in line for line in after.snapshot.registry.warning_lines())


def test_validate_lists_a_series_file_without_a_final_line_break(registry_copy: Path) -> None:
    series = registry_copy.parent / "data" / "road_deaths.csv"
    series.write_bytes(series.read_bytes().rstrip(b"\n"))
    registry = load_registry(registry_copy)
    [line] = [w for w in registry.warning_lines() if "line break" in w]
    assert line.startswith("data/road_deaths.csv:")


@pytest.mark.parametrize(
    ("note", "en", "ru"),
    [
        (Note("values", "data/x.csv", "x", (3, 20)), "data/x.csv: x has 3 values, down from 20", "data/x.csv"),
        (Note("unended", "data/x.csv"), "data/x.csv does not end in a line break", "data/x.csv"),
        (Note("counts", numbers=(4, 40, -1, -1)), "This version has 4 indicators, down from 40 —", "40"),
    ],
)
def test_each_note_is_said_in_both_languages(note: Note, en: str, ru: str) -> None:
    with use_language("en"):
        english = note.say()
    with use_language("ru"):
        russian = note.say()
    assert en in english and ru in russian and russian != english
