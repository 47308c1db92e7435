"""`python -m dashboard import FILE.csv`: every row reported; the good ones added once, validated once, written once.

The input is tests/fixtures/import/figures-2021-2025.csv, a copy of the reference file with those columns.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.registry import load_registry

FIGURES = Path(__file__).parent / "fixtures" / "import" / "figures-2021-2025.csv"
HEADER = "indicator,year,value,qualifier,unit,source_url,quote,note"
REPORT = re.compile(r"^figures-2021-2025\.csv:(\d+): \S+ \d+: (added|replaced|present|conflicting|refused): ")


def run(argv: list[str], registry: Path) -> int:
    return cli.main(["import", *argv, "--registry", str(registry)])


def test_dry_run_reports_every_row_and_writes_nothing(registry_copy: Path, capsys) -> None:
    before = registry_copy.read_bytes()
    rows = list(csv.DictReader(FIGURES.open(encoding="utf-8")))
    run([str(FIGURES), "--dry-run"], registry_copy)
    assert registry_copy.read_bytes() == before
    captured = capsys.readouterr()
    reported = [REPORT.match(line) for line in captured.out.splitlines()]
    lines = [int(m.group(1)) for m in reported if m]
    assert lines == list(range(2, len(rows) + 2)), "one report line per row, in order"
    assert f"{len(rows)} rows: " in captured.out
    assert f"{len(rows)} of {len(rows)} rows" in captured.err  # the progress line
    outcomes = [m.group(2) for m in reported if m]
    assert "added" in outcomes and "refused" in outcomes


def test_the_real_import_adds_the_rows_of_existing_indicators_and_validates(registry_copy: Path, capsys) -> None:
    run([str(FIGURES)], registry_copy)
    out = capsys.readouterr().out
    added = [line for line in out.splitlines() if ": added: " in line]
    assert added
    registry = load_registry(registry_copy)  # validate says OK
    offenders = registry.indicator("offenders_identified")
    assert any(o.year == 2025 and o.value == 595000 and o.qualifier == "~" for o in offenders.observations)
    source = next(o.source for o in offenders.observations if o.year == 2025 and o.value == 595000)
    assert registry.source(source).url == "https://tass.ru/obschestvo/26279033"
    # run again: every row that was added is now already present, and nothing changes
    before = registry_copy.read_bytes()
    run([str(FIGURES)], registry_copy)
    again = capsys.readouterr().out
    assert again.count(": present: ") == len(added) and ": added: " not in again
    assert registry_copy.read_bytes() == before


def _one_row(tmp_path: Path, row: str, *, header: str = HEADER) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


URL = "https://example.org/a"


@pytest.mark.parametrize(
    ("row", "why"),
    [
        (f"road_deaths,2026,13000,>,persons,{URL},q,", "unit 'persons' is not the indicator's"),
        (f"road_deaths_change,2026,-3.5,=,percent change on previous year,{URL},q,", "--map road_deaths_change=road_deaths:change"),
        (f"no_such_indicator,2026,1,=,crimes,{URL},q,", "unknown indicator"),
        (f"registered_crimes,20x6,1,=,crimes,{URL},q,", "not a year"),
        (f"registered_crimes,2026,1 000,=,crimes,{URL},q,", "plain decimal"),
        (f"registered_crimes,2026,1000,about,crimes,{URL},q,", "qualifier"),
        (f"registered_crimes,2026,1000,=,crimes,{URL},q,January-September 2026 only", "part of a year"),
        ("registered_crimes,2026,1000,=,crimes,,q,", "no source_url"),
    ],
)
def test_a_row_is_refused_with_its_reason(tmp_path: Path, registry_copy: Path, capsys, row: str, why: str) -> None:
    before = registry_copy.read_bytes()
    assert run([str(_one_row(tmp_path, row))], registry_copy) == 1
    assert registry_copy.read_bytes() == before
    out = capsys.readouterr().out
    assert ": refused: " in out and why in out


def test_a_mapped_change_becomes_a_published_change(tmp_path: Path, registry_copy: Path) -> None:
    row = f"registered_crimes_change,2026,-1.9,=,percent change on previous year,{URL},q,"
    assert run([str(_one_row(tmp_path, row)), "--map", "registered_crimes_change=registered_crimes:change"], registry_copy) == 0
    obs = [o for o in load_registry(registry_copy).indicator("registered_crimes").observations if o.year == 2026]
    assert [(o.value, o.kind) for o in obs] == [(-1.9, "change")]


def test_a_row_refused_by_its_file_makes_no_source(tmp_path: Path, registry_copy: Path, capsys) -> None:
    row = f"road_deaths_change,2026,-3.5,=,percent change on previous year,{URL},q,"  # road_deaths.csv has no kind column
    before = registry_copy.read_bytes()
    assert run([str(_one_row(tmp_path, row)), "--map", "road_deaths_change=road_deaths:change"], registry_copy) == 1
    assert "no kind column" in capsys.readouterr().out
    assert registry_copy.read_bytes() == before


def test_a_period_column_keeps_a_part_year_value_part_year(tmp_path: Path, registry_copy: Path) -> None:
    row = f"registered_crimes,2026,1000,=,crimes,{URL},q,January-September 2026 only,Jan-Sep"
    assert run([str(_one_row(tmp_path, row, header=HEADER + ",period"))], registry_copy) == 0
    obs = [o for o in load_registry(registry_copy).indicator("registered_crimes").observations if o.year == 2026]
    assert [(o.value, o.period) for o in obs] == [(1000, "Jan-Sep")]


def test_a_conflicting_row_is_reported_and_not_written(tmp_path: Path, registry_copy: Path, capsys) -> None:
    registry = load_registry(registry_copy)
    obs = registry.indicator("cybercrime_damage").observations[1]
    url = registry.source(obs.source).url  # matched by URL: no new source
    row = f"cybercrime_damage,{obs.year},999,=,billion rubles,{url},q,"
    before = registry_copy.read_bytes()
    assert run([str(_one_row(tmp_path, row))], registry_copy) == 1
    assert ": conflicting: " in capsys.readouterr().out
    assert registry_copy.read_bytes() == before


@pytest.mark.parametrize(
    ("content", "why"),
    [("indicator,year\nx,1\n", "no column"), ("", "no column")],
)
def test_a_file_without_the_columns_is_refused(tmp_path: Path, registry_copy: Path, capsys, content: str, why: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    assert run([str(path)], registry_copy) == 1
    assert why in capsys.readouterr().err


@pytest.mark.parametrize("spec", ["nomap", "a=", "=b", "a=b:ratio"])
def test_a_malformed_map_is_refused(tmp_path: Path, registry_copy: Path, spec: str) -> None:
    assert run([str(_one_row(tmp_path, f"road_deaths,2026,1,=,deaths,{URL},q,")), "--map", spec], registry_copy) == 1
