"""Series files: the columns in any order, a page's CSV download read back as it is, located errors,
plain columns at load and DataFrames only when asked for."""

from __future__ import annotations

import csv as csv_module
import dataclasses
import io
import json
import pickle
import random
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from dashboard.registry import RegistryError, load_registry, series_text, yamlfile

from .conftest import ROOT

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
MINIMAL = (VALID / "minimal.yaml").read_text(encoding="utf-8")
INLINE = "    observations:\n      - {year: 2020, value: 100, source: stats}\n      - {year: 2021, value: 90, source: stats}\n"


def _load(tmp_path: Path, csv: str, extra: str = ""):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "road_deaths.csv").write_text(csv, encoding="utf-8")
    path = tmp_path / "indicators.yaml"
    path.write_text(MINIMAL.replace(INLINE, "    series_file: data/road_deaths.csv\n" + extra), encoding="utf-8")
    return load_registry(path)


def _problems(tmp_path: Path, csv: str, extra: str = "") -> list[str]:
    with pytest.raises(RegistryError) as caught:
        _load(tmp_path, csv, extra)
    return [str(p) for p in caught.value.problems]


def test_a_downloaded_csv_is_a_series_file(tmp_path: Path) -> None:
    csv = (
        "year,period,kind,value,qualifier,source,note,quote\r\n"
        "2019,,level,34506,exact,stats,'=1+2,\r\n"
        "2020,,level,12.5,about,stats,'-3 fewer,\r\n"
        "2021,Jan-Jul,level,7,more than,stats,,\r\n"
        "2021,,change,-4.2,less than,stats,'@risk,\r\n"
        "2022,,,8,at least,stats,'plain quote,\r\n"
        "2023,,level,9,at most,stats,,\r\n"
        "2024,,level,10,,stats,,\r\n"
    )
    registry = _load(tmp_path, csv)
    table = registry.series.tables["road_deaths"]
    assert table.qualifier == ["=", "~", ">", "<", ">=", "<=", "="]
    assert table.value == [34506.0, 12.5, 7.0, -4.2, 8.0, 9.0, 10.0]  # a change is a percent: below the minimum 0 is fine
    assert table.period == [None, None, "Jan-Jul", None, None, None, None]
    assert table.kind == ["level", "level", "level", "change", "level", "level", "level"]
    # the spreadsheet guard is dropped before = + - @ tab and CR only
    assert table.note == ["=1+2", "-3 fewer", None, "@risk", "'plain quote", None, None]
    frame = registry.series["road_deaths"]
    assert [p if isinstance(p, str) else None for p in frame["period"]] == table.period  # pandas shows a missing text as NaN
    assert list(frame["kind"]) == table.kind
    assert frame["year"].dtype == "int64" and frame["value"].dtype == "float64"


def test_columns_in_any_order_with_every_optional_one(tmp_path: Path) -> None:
    csv = "note_ru,source,kind,note,value,period,year,qualifier,quote\nуточнено,stats,,revised,100,,2020,=,\n,stats,,,90,Jun,2021,~,\n"
    table = _load(tmp_path, csv).series.tables["road_deaths"]
    assert (table.year, table.value, table.qualifier, table.period) == ([2020, 2021], [100.0, 90.0], ["=", "~"], [None, "Jun"])
    assert (table.note, table.note_ru) == (["revised", None], ["уточнено", None])


@pytest.mark.parametrize(
    ("csv", "expected"),
    [
        (
            "year,value,qualifier,source,note,period\n2020,1,=,stats,,Jul-Jan\n",
            "data/road_deaths.csv:2:6: period: period runs backwards: write the first month first, e.g. 'Jan-Jul', got 'Jul-Jan'",
        ),
        (
            "year,value,qualifier,source,note,period\n2020,1,=,stats,,July\n",
            "data/road_deaths.csv:2:6: period: period must be months like 'Jan-Jul' or 'Jun', or empty for the full year, got 'July'",
        ),
        (
            "year,value,qualifier,source,note,kind\n2020,1,=,stats,,levels\n",
            "data/road_deaths.csv:2:6: kind: kind must be level or change or direction, or empty for level, got 'levels'",
        ),
        (
            "year,value,qualifier,source,note\n2020,1,roughly,stats,\n",
            "data/road_deaths.csv:2:3: qualifier: qualifier must be one of = ~ > < >= <=, or a word: exact, about, more than, less than, "
            "at least, at most, got 'roughly'",
        ),
        ("year,value,source,note,qualifier,value\n", "data/road_deaths.csv:1:6: bad header: column 'value' given twice (remove one)"),
        ("year,value,qualifier,source,note,peroid\n", "data/road_deaths.csv:1:6: bad header: unknown peroid (did you mean 'period'?)"),
        # a quoted line break and a blank line: the row is placed on the line an editor shows it on
        (
            'year,value,qualifier,source,note\n2019,1,=,stats,"two\nlines"\n\n2020,-5,=,stats,\n',
            "data/road_deaths.csv:5:2: value: value is below the indicator's minimum 0, got '-5'",
        ),
        (
            "year,value,qualifier,source,note\n2020,1,=,stats,\n2020,2,exact,stats,\n",
            "data/road_deaths.csv:3:1: year: a second value for this year from the same source, got '2020'",
        ),
        (
            "year,value,qualifier,source,note\n2020.5,1,=,stats,\n",
            "data/road_deaths.csv:2:1: year: year must be a whole number from 1900 to 2100, got '2020.5'",
        ),
        (
            "year,value,qualifier,source,note\n2020,1_000,=,stats,\n",
            "data/road_deaths.csv:2:2: value: value must be a finite number, got '1_000' (use a dot for decimals)",
        ),
        (
            "year,value,qualifier,source,note\n2020,nan,=,stats,\n",
            "data/road_deaths.csv:2:2: value: value must be a finite number, got 'nan' (use a dot for decimals)",
        ),
    ],
)
def test_bad_cells_are_located(tmp_path: Path, csv: str, expected: str) -> None:
    assert expected in _problems(tmp_path, csv)


HEADER = "year,value,qualifier,source,note"


def _csv_module_columns(text: str) -> list[list[str]]:
    rows = [r for r in list(csv_module.reader(io.StringIO(text)))[1:] if r]  # a blank line is no row, as the loader reads it
    return [list(c) for c in zip(*rows)] if rows else [[] for _ in range(5)]


@pytest.mark.parametrize(
    ("body", "split"),
    [
        ("2020,1,=,stats,\n2021,2.5,~,stats,a note\n", True),
        ("2020,1,=,stats,no line break at the end", True),
        ("", True),  # the header alone
        ("\n", True),  # the header, then one line break: no row, as the csv module reads it
        ("2020, 1 ,=,stats,  spaced  \n", True),  # spaces are the cell's own, as the csv module keeps them
        ("2020,1,=,stats,it's fine\n", True),  # an apostrophe is no quote
        ("2020,1,=,stats,\n\n2021,2,=,stats,\n", False),  # a blank line
        ("2020,1,=,stats\n", False),  # a row too short
        ("2020,1,=,stats,,\n", False),  # a row too long
        ('2020,1,=,stats,"a, quoted"\n', False),
        ('2020,1,=,stats,say "no"\n', False),
        ("2020,1,=,stats,a\0b\n", False),
    ],
)
def test_the_plain_split_reads_what_the_csv_module_reads(body: str, split: bool) -> None:
    text = HEADER + "\n" + body
    columns = series_text.plain_columns(text, 5)
    assert (columns is not None) == split
    if split:
        assert columns == _csv_module_columns(text)


def test_the_plain_split_agrees_with_the_csv_module_on_random_files() -> None:
    rng = random.Random(29)
    split = 0
    for _ in range(4000):
        body = "".join(rng.choice(["1", "a", " ", ",", ",", ",", ",", "\n", "'", '"']) for _ in range(rng.randrange(0, 40)))
        text = HEADER + "\n" + body
        columns = series_text.plain_columns(text, 5)
        if columns is not None:
            split += 1
            assert columns == _csv_module_columns(text), repr(body)
    assert split > 50  # the fast path was taken often enough to have been compared


def test_a_file_with_every_cell_quoted_reads_the_same_as_the_plain_one(tmp_path: Path) -> None:
    rows = [["year", "value", "qualifier", "source", "note", "period", "kind"]]
    rows += [[str(2000 + i), f"{i * 1.5}", ["=", "~", ">"][i % 3], "stats", "" if i % 2 else f"note {i}", "", ""] for i in range(20)]
    plain = "\n".join(",".join(r) for r in rows) + "\n"
    quoted = io.StringIO()
    csv_module.writer(quoted, quoting=csv_module.QUOTE_ALL, lineterminator="\n").writerows(rows)
    assert series_text.plain_columns(plain, 7) is not None and series_text.plain_columns(quoted.getvalue(), 7) is None
    first = _load(tmp_path, plain).series.tables["road_deaths"]
    second = _load(tmp_path, quoted.getvalue()).series.tables["road_deaths"]
    assert dataclasses.replace(first, sha256="") == dataclasses.replace(second, sha256="")
    assert first.note[:2] == ["note 0", None] and len(first) == 20


def test_a_level_and_a_change_or_a_part_of_the_year_are_not_duplicates(tmp_path: Path) -> None:
    csv = "year,value,qualifier,source,note,period,kind\n2020,100,=,stats,,,\n2020,-3,=,stats,,,change\n2020,50,=,stats,,Jan-Jun,\n"
    assert len(_load(tmp_path, csv).series["road_deaths"]) == 3
    inline = "    observations:\n      - {year: 2020, value: -3, source: stats, kind: change}\n"
    assert "registry gives inline too" in " ".join(_problems(tmp_path, csv, inline))


def test_perf_contract_via_private_frames_a_series_row_is_not_a_frame_until_asked_and_pickles(tmp_path: Path) -> None:
    registry = _load(tmp_path, "year,value,qualifier,source,note\n2020,100,=,stats,\n2021,90,=,stats,\n")
    assert registry.series._frames == {}
    again = pickle.loads(pickle.dumps(registry))
    assert (again.path, again.sha256, again.series, again.warnings) == (registry.path, registry.sha256, registry.series, registry.warnings)
    assert again.series["road_deaths"]["value"].tolist() == [100.0, 90.0]
    assert registry.series.rows == 2 and "road_deaths" in registry.series and registry.series.get("other") is None


def test_loading_the_frozen_registry_imports_no_pandas() -> None:
    code = (
        "import sys; from dashboard.registry import load_registry; r = load_registry('tests/fixtures/registry/indicators.yaml'); "
        "assert r.series.rows > 0; assert 'pandas' not in sys.modules, 'pandas imported'; "
        "r.series['road_deaths']; assert 'pandas' in sys.modules"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def _published(registry) -> Counter:
    from dashboard.engine.assessment import build

    return Counter(
        (ind_id, p.year, p.value, p.qualifier, p.source, p.period, p.kind)
        for ind_id, view in build(registry).views.items()
        for p in view.points
        if not p.derived
    )


def test_every_indicator_downloaded_and_dropped_in_as_its_series_file_gives_the_same_values(
    frozen_registry,
    frozen_path: Path,
    tmp_path: Path,
) -> None:
    from dashboard.engine.assessment import build
    from dashboard.outputs.datafiles import indicator_csv

    shutil.copytree(frozen_path.parent / "data", tmp_path / "data")
    document, _, problems = yamlfile.parse(frozen_path.read_text(encoding="utf-8"), frozen_path.name)
    assert not problems
    assessment = build(frozen_registry)
    before = _published(frozen_registry)
    for i, ind in enumerate(frozen_registry.indicators):
        relative = f"data/downloaded/{ind.id}.csv"
        (tmp_path / relative).parent.mkdir(exist_ok=True)
        (tmp_path / relative).write_text(indicator_csv(frozen_registry, assessment.views[ind.id]), encoding="utf-8", newline="")
        item = document["indicators"][i]
        item.pop("observations", None)
        item["series_file"] = relative
    path = tmp_path / "indicators.yaml"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML
    downloaded = load_registry(path)
    assert all(not ind.observations for ind in downloaded.indicators)
    assert _published(downloaded) == before


def test_a_series_edit_is_a_new_version(registry_copy) -> None:
    from dashboard.registry import load_registry

    before = load_registry(registry_copy)
    series = registry_copy.parent / "data" / "road_deaths.csv"
    series.write_text(series.read_text(encoding="utf-8").replace(",13900,", ",13800,"), encoding="utf-8")
    after = load_registry(registry_copy)
    assert after.sha256 == before.sha256  # the YAML file is the same ...
    assert after.version != before.version and len(after.version) == 12  # ... the content is not, and citations say so
