"""Warnings: what may be a mistake is reported, located, but never makes a registry invalid (exit 0)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import cli
from dashboard.registry import load_registry
from dashboard.registry.errors import MAX_SHOWN

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
MINIMAL = (VALID / "minimal.yaml").read_text(encoding="utf-8")
OBSERVATIONS = "      - {year: 2020, value: 100, source: stats}\n      - {year: 2021, value: 90, source: stats}\n"


def _registry(tmp_path: Path, text: str, csv: str | None = None) -> Path:
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    if csv is not None:
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "road_deaths.csv").write_text(csv, encoding="utf-8")
    return path


def _with_values(tmp_path: Path, *values: float, extra: str = "") -> Path:
    rows = "".join(f"      - {{year: {2018 + i}, value: {v}, source: stats}}\n" for i, v in enumerate(values))
    return _registry(tmp_path, MINIMAL.replace(OBSERVATIONS, rows + extra))


@pytest.mark.parametrize(
    ("values", "flagged"),
    [
        ((100, 1000, 100), "1000 is ten times or more above the values of both neighbouring years (2018: 100, 2020: 100): a typo?"),
        ((100, 1100, 110), "1100 is ten times or more above"),
        ((100, 1000, 110), None),  # ten times one neighbour, 9.1 times the other: no
        ((100, 10, 110), "10 is ten times or more below the values of both neighbouring years (2018: 100, 2020: 110): a typo?"),
        ((1000, 99, 990), "99 is ten times or more below"),
        ((100, 900, 100), None),  # nine times: no
        ((100, 11, 100), None),  # a little over nine times smaller: no
        ((100, 1000, 1000), None),  # a level shift, not a typo: one neighbour agrees
        ((1000, 100, 110), None),  # the first year has one neighbour only
        ((100, 0, 110), None),  # zero is no typo of a ratio
        ((0, 100, 3), None),  # a neighbour at zero: no ratio
    ],
)
def test_a_value_ten_times_off_both_neighbours_is_a_warning(tmp_path: Path, values: tuple[float, ...], flagged: str | None) -> None:
    registry = load_registry(_with_values(tmp_path, *values))
    if flagged is None:
        assert registry.warnings == ()
        return
    [warning] = registry.warnings
    assert flagged in warning.message and warning.hint == "check the digits and the unit"
    assert (warning.line, warning.col, warning.path) == (24, 29, "indicators[road_deaths].observations[1].value")


def test_the_neighbours_are_the_nearest_years_with_a_value_and_partial_years_and_changes_do_not_count(tmp_path: Path) -> None:
    rows = (
        "      - {year: 2010, value: 100, source: stats}\n"
        "      - {year: 2015, value: 5, source: stats}\n"
        "      - {year: 2016, value: 1, source: stats, period: Jan-Mar}\n"
        "      - {year: 2017, value: -90, source: stats, kind: change}\n"
        "      - {year: 2020, value: 120, source: stats}\n"
    )
    registry = load_registry(_registry(tmp_path, MINIMAL.replace(OBSERVATIONS, rows)))
    [warning] = registry.warnings
    assert "5 is ten times or more below the values of both neighbouring years (2010: 100, 2020: 120)" in warning.message
    assert warning.line == 24


def test_a_series_row_is_warned_at_its_line(tmp_path: Path) -> None:
    csv = "year,value,qualifier,source,note\n2018,14500,=,stats,\n2019,145000,=,stats,\n2020,14300,=,stats,\n"
    text = MINIMAL.replace("    observations:\n" + OBSERVATIONS, "    series_file: data/road_deaths.csv\n")
    registry = load_registry(_registry(tmp_path, text, csv))
    [warning] = registry.warnings
    assert str(warning) == (
        "data/road_deaths.csv:3:2: value: 145000 is ten times or more above the values of both neighbouring years "
        "(2018: 14500, 2020: 14300): a typo? (check the digits and the unit)"
    )


def test_a_source_dated_after_as_of_is_a_warning(tmp_path: Path) -> None:
    text = MINIMAL.replace("    url: https://example.org/stats\n", "    url: https://example.org/stats\n    date: 2025-07-01\n")
    [warning] = load_registry(_registry(tmp_path, text)).warnings
    assert str(warning) == (
        "indicators.yaml:11:11: sources[stats].date: the source is dated 2025-07-01, after meta.as_of 2025-06-30 (is the date or `as_of` "
        "wrong?)"
    )
    same_day = MINIMAL.replace("    url: https://example.org/stats\n", "    url: https://example.org/stats\n    date: 2025-06-30\n")
    assert load_registry(_registry(tmp_path, same_day)).warnings == ()


def test_missing_translations_are_warnings_only_once_the_registry_uses_translations(tmp_path: Path) -> None:
    assert load_registry(_registry(tmp_path, MINIMAL)).warnings == ()  # plain texts only: no translation warnings
    text = MINIMAL.replace("    title: Road deaths\n", "    title: {en: Road deaths, ru: Погибшие в ДТП}\n")
    registry = load_registry(_registry(tmp_path, text))
    found = {(w.path, w.message) for w in registry.warnings}
    assert found == {
        (path, "no Russian text")
        for path in (
            "meta.title",
            "sources[stats].title",
            "areas[road_safety].title",
            "indicators[road_deaths].unit",
            "indicators[road_deaths].unit_short",
            "indicators[road_deaths].description",
        )
    }
    unit = next(w for w in registry.warnings if w.path.endswith(".unit"))
    assert (unit.line, unit.col) == (18, 11)
    only_ru = text.replace("{en: Road deaths, ru: Погибшие в ДТП}", "{ru: Погибшие в ДТП}")
    assert ("indicators[road_deaths].title", "no English text") in {
        (w.path, w.message) for w in load_registry(_registry(tmp_path, only_ru)).warnings
    }


def test_a_series_note_without_russian_is_a_warning_once_translations_are_used(tmp_path: Path) -> None:
    csv = "year,value,qualifier,source,note,note_ru\n2020,100,=,stats,revised,уточнено\n2021,90,=,stats,preliminary,\n"
    text = MINIMAL.replace("    observations:\n" + OBSERVATIONS, "    series_file: data/road_deaths.csv\n")
    notes = [w for w in load_registry(_registry(tmp_path, text, csv)).warnings if w.file.endswith(".csv")]
    assert [str(w) for w in notes] == ["data/road_deaths.csv:3:5: note: no Russian text (add a `note_ru` column)"]


def test_warnings_are_capped_and_validate_lists_them_and_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    n = MAX_SHOWN + 50
    sources = "".join(
        f"  - {{id: s{i}, title: {{en: Source {i}}}, publisher: p, url: https://example.org/{i}, date: 2026-01-01}}\n" for i in range(n)
    )
    text = MINIMAL.replace("areas:\n", sources + "areas:\n", 1)
    path = _registry(tmp_path, text)
    registry = load_registry(path)
    assert registry.warning_count == n and len(registry.warnings) == MAX_SHOWN
    assert registry.warnings == tuple(sorted(registry.warnings))
    assert registry.warning_lines()[-1] == "and 50 more warnings"
    assert cli.main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0] == f"{path}: OK (1 indicator, 2 observations, 0 targets, 0 claims)"
    assert all(line.startswith("warning: indicators.yaml:") for line in lines[1:-1]) and len(lines) == MAX_SHOWN + 2
    assert lines[-1] == "warning: and 50 more warnings"
    assert err.strip() == f"{path}: {n} warnings"


def test_a_registry_with_problems_lists_problems_not_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_values(tmp_path, 100, 1000, 100, extra="      - {year: 2021, value: x, source: stats}\n")
    assert cli.main(["validate", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert "warning" not in out and "must be a number" in out
