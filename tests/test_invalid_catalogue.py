"""The bad-input catalogue: every malformed registry gets one located, one-line answer and exit 1.

The expectations live in one table, tests/fixtures/invalid/EXPECTED.csv (see the README there).
"""

from __future__ import annotations

import csv
import re
import shutil
import tracemalloc
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.registry import RegistryError, load_registry
from dashboard.registry.loader import MAX_BYTES

INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
ROWS = list(csv.DictReader((INVALID / "EXPECTED.csv").open(encoding="utf-8")))
KINDS = {
    # issue 6's catalogue: every kind must have at least one fixture
    "tab indentation": "syntax_tab_indent",
    "unclosed quote": "syntax_unclosed_quote",
    "unclosed bracket": "syntax_unclosed_bracket",
    "duplicate key, top level": "duplicate_key_top_level",
    "duplicate key, indicator": "duplicate_key_indicator",
    "duplicate key, observation": "duplicate_key_observation",
    "duplicate indicator id": "duplicate_indicator_id",
    "duplicate claim id": "duplicate_claim_id",
    "alias bomb": "hostile_billion_laughs",
    "python object tag": "hostile_python_object",
    "custom tag": "hostile_custom_tag",
    "value as a string": "value_comma_decimal",
    ".nan": "value_nan",
    ".inf": "value_inf",
    "huge integer": "value_huge_integer",
    "negative count": "value_negative_count",
    "percentage over its limit": "value_percent_over_limit",
    "year 1700": "year_1700",
    "year 3000": "year_3000",
    "target before baseline": "target_before_baseline",
    "relative target without baseline": "relative_target_without_baseline",
    "unknown area": "unknown_area",
    "unknown source": "unknown_source",
    "unknown indicator": "unknown_indicator",
    "unknown field": "unknown_field",
    "qualifier typo": "qualifier_typo",
    "quote not verbatim": "quote_not_verbatim",
    "series file missing": "series_file_missing",
    "series bad column": "series_bad_column",
    "series bad row": "series_bad_row",
    "empty file": "file_empty",
    "comments only": "file_comments_only",
    "list at top level": "file_list_top_level",
    "binary garbage": "file_binary_garbage",
    "UTF-16": "file_utf16",
    "BOM plus an error": "file_bom_plus_error",
    "unterminated last line": "file_unterminated_last_line",
    # issue 9's registry items: side files, number forms, control characters, quotes
    "series file outside data/": "series_outside_data",
    "document is a folder": "document_folder",
    "document leaves data/sources/": "document_leaves_folder",
    "CSV parser error": "series_extra_field",
    "base 60": "value_base_60",
    "hexadecimal": "year_hex",
    "digit separator": "year_underscore",
    "octal": "value_octal",
    "escape sequence": "text_escape_control",
    "bidi override": "text_bidi_override",
    "empty quote": "quote_empty",
    "CSV quote not verbatim": "series_quote_not_verbatim",
    "CSV year also inline": "series_year_also_inline",
    # issue 11: derived values and periods
    "unknown id in a formula": "formula_unknown_id",
    "cycle of formulas": "formula_cycle",
    "formula not arithmetic": "formula_not_arithmetic",
    "period on a target": "target_period",
    "period running backwards": "period_backwards",
    # issues 12 and 13: plain-words messages, texts in two languages
    "comma splitting a number in a flow mapping": "value_comma_thousands_flow",
    "CSV stray comma at its real line": "series_stray_comma",
    "unknown language of a text": "text_unknown_language",
}


def _id(row: dict) -> str:
    return row["fixture"].removesuffix(".yaml")


def test_the_table_and_the_folder_agree() -> None:
    listed = [row["fixture"] for row in ROWS]
    assert len(listed) == len(set(listed)), "a fixture is listed twice"
    assert sorted(listed) == sorted(p.name for p in INVALID.glob("*.yaml"))
    assert len(listed) >= 40
    missing = {kind for kind, stem in KINDS.items() if f"{stem}.yaml" not in listed}
    assert not missing


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_one_located_problem(row: dict) -> None:
    with pytest.raises(RegistryError, match=re.escape(row["message"])) as caught:
        load_registry(INVALID / row["fixture"])
    problems = caught.value.problems
    assert len(problems) == 1, caught.value.lines()
    problem = problems[0]
    expected = f"{row['file'] or row['fixture']}:{row['line']}:{row['col']}"
    assert f"{problem.file}:{problem.line}:{problem.col}" == expected
    text = str(problem)
    assert "\n" not in text and text.startswith(expected + ": ")
    assert len(text) < 400, "one line a person can read"


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_validate_exits_1_without_traceback(row: dict, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(INVALID / row["fixture"])]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    place = f"{row['file'] or row['fixture']}:{row['line']}:{row['col']}: "
    assert [line for line in out.splitlines() if line] == [line for line in out.splitlines() if line.startswith(place)]
    assert row["message"] in out
    assert err.strip().endswith("1 problem")


def test_python_object_tag_runs_nothing(tmp_path: Path) -> None:
    marker = Path("/tmp/registry-pwned")  # the path the fixture's os.system call would create
    marker.unlink(missing_ok=True)
    with pytest.raises(RegistryError, match="python/object/apply:os.system"):
        load_registry(INVALID / "hostile_python_object.yaml")
    assert not marker.exists()


def test_a_50_mb_file_is_refused_before_parsing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "indicators.yaml"
    chunk = b"# padding line of a huge registry, generated by the test\n" * 1024
    with big.open("wb") as handle:
        handle.write(b"schema_version: 1\n")
        while handle.tell() < 50 * 2**20:
            handle.write(chunk)
    assert big.stat().st_size > 3 * MAX_BYTES
    tracemalloc.start()
    try:
        with pytest.raises(RegistryError, match="over 16 MB") as caught:
            load_registry(big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < MAX_BYTES * 2, f"peak {peak / 2**20:.1f} MB: the file was read whole"
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (0, 0)  # a whole-file problem
    assert cli.main(["validate", str(big)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "indicators.yaml:0:0: the file is over 16 MB" in out


def test_unreadable_path_is_a_problem_not_a_crash(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (tmp_path / "missing.yaml", tmp_path):
        with pytest.raises(RegistryError, match="cannot read the registry"):
            load_registry(path)
        assert cli.main(["validate", str(path)]) == 1
    assert "Traceback" not in "".join(capsys.readouterr())


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Three unrelated mistakes in one file give three problems, in line order."""
    text = (INVALID / "unknown_area.yaml").read_text(encoding="utf-8")
    text = text.replace("        value: 90\n", "        value: .nan\n").replace("    kind: level\n", "    kind: levels\n")
    (tmp_path / "indicators.yaml").write_text(text, encoding="utf-8")
    shutil.copytree(INVALID / "data", tmp_path / "data")
    with pytest.raises(RegistryError) as caught:
        load_registry(tmp_path / "indicators.yaml")
    found = [(p.line, p.col, p.path) for p in caught.value.problems]
    assert found == [
        (32, 16, "indicators[road_deaths].observations[1].value"),
        (42, 11, "indicators[solve_rate].area"),
        (54, 11, "claims[solve_rate_23].kind"),
    ]
    assert str(caught.value).startswith("3 problems in the registry\n")
