"""`python -m dashboard set`: one value added or corrected in place, every other byte of the file kept.

Every test edits a copy of the frozen registry (`registry_copy`); the bytes outside the inserted lines are
compared with the original's, so a changed comment, blank line, quote or indentation fails.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.registry import load_registry
from dashboard.registry.editing import EditError, Editor, NewSource, NewValue
from dashboard.registry.editing.yamltext import split_lines, yaml_string

ROAD_RATE = ["road_death_rate", "2026", "9.1", "--source", "news-mail", "--quote", "9,1 погибших на 100 тысяч"]


def only_inserted(before: bytes, after: bytes) -> list[str]:
    """The lines `after` adds to `before`; fails when any line of `before` was changed or removed."""
    a, b = before.decode().splitlines(keepends=True), after.decode().splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"lines {i1 + 1}-{i2} were {tag}d: {a[i1:i2]!r} -> {b[j1:j2]!r}"
        if tag == "insert":
            added += b[j1:j2]
    return added


def run(argv: list[str], registry: Path) -> int:
    return cli.main(["set", *argv, "--registry", str(registry)])


def test_set_adds_an_inline_value_and_keeps_every_other_byte(registry_copy: Path, capsys) -> None:
    before = registry_copy.read_bytes()
    assert run(ROAD_RATE, registry_copy) == 0
    after = registry_copy.read_bytes()
    added = only_inserted(before, after)
    assert [line.strip() for line in added] == ["- year: 2026", "value: 9.1", "source: news-mail", 'quote: "9,1 погибших на 100 тысяч"']
    assert added[0].startswith("      - year")  # the indentation of the other observations
    registry = load_registry(registry_copy)
    values = [(o.year, o.value, o.source) for o in registry.indicator("road_death_rate").observations]
    assert (2026, 9.1, "news-mail") in values
    out = capsys.readouterr().out
    assert out.startswith("--- a/indicators.yaml\n+++ b/indicators.yaml\n") and "+      - year: 2026" in out


def test_dry_run_prints_the_diff_and_writes_nothing(registry_copy: Path, capsys) -> None:
    before = registry_copy.read_bytes()
    assert run([*ROAD_RATE, "--dry-run"], registry_copy) == 0
    assert registry_copy.read_bytes() == before
    assert "+        value: 9.1" in capsys.readouterr().out


def test_a_series_indicator_gets_a_row_of_its_csv(registry_copy: Path) -> None:
    csv_path = registry_copy.parent / "data" / "road_deaths.csv"
    yaml_before, csv_before = registry_copy.read_bytes(), csv_path.read_bytes()
    assert run(["road_deaths", "2026", "13000", "--qualifier", ">", "--source", "news-mail", "--quote", "x"], registry_copy) == 0
    assert registry_copy.read_bytes() == yaml_before
    assert only_inserted(csv_before, csv_path.read_bytes()) == ["2026,13000,>,news-mail,,x,\n"]


@pytest.mark.parametrize(
    ("argv", "located"),
    [
        (["road_death_rate", "1800", "9.1", "--source", "news-mail"], "indicators.yaml:"),  # the year rule of the model
        (["road_death_rate", "2026", "9.1", "--source", "news-mailx"], "unknown source 'news-mailx'"),
        (["cybercrime_solve_rate", "2026", "130", "--source", "tass"], "indicators.yaml:"),  # over the indicator's limit of 100
    ],
)
def test_an_edit_that_breaks_the_registry_writes_nothing_and_says_where(registry_copy: Path, capsys, argv, located) -> None:
    before = registry_copy.read_bytes()
    assert run(argv, registry_copy) == 1
    assert registry_copy.read_bytes() == before
    out = capsys.readouterr().out
    assert located in out
    problem = next(line for line in out.splitlines() if line.startswith("indicators.yaml:"))
    _file, line, col, _rest = problem.split(":", 3)
    assert line.isdigit() and col.isdigit()


def test_an_unknown_source_is_hinted_with_the_closest_ids(registry_copy: Path, capsys) -> None:
    assert run(["road_death_rate", "2026", "9.1", "--source", "news-mailx"], registry_copy) == 1
    assert "closest: news-mail" in capsys.readouterr().out


def test_an_unknown_indicator_is_refused_with_the_closest_ids(registry_copy: Path, capsys) -> None:
    before = registry_copy.read_bytes()
    assert run(["road_deth_rate", "2026", "9.1", "--source", "news-mail"], registry_copy) == 1
    assert registry_copy.read_bytes() == before
    assert "closest: road_death_rate" in capsys.readouterr().err


def test_a_value_for_a_year_and_source_that_has_one_needs_replace(registry_copy: Path, capsys) -> None:
    before = registry_copy.read_bytes()
    argv = ["cybercrime_damage", "2024", "195", "--source", "kommersant", "--quote", "x"]
    assert run(argv, registry_copy) == 1
    assert registry_copy.read_bytes() == before
    assert "--replace" in capsys.readouterr().err
    assert run([*argv, "--replace"], registry_copy) == 0
    after = registry_copy.read_text(encoding="utf-8")
    values = [
        (o.year, o.value) for o in load_registry(registry_copy).indicator("cybercrime_damage").observations if o.source == "kommersant"
    ]
    assert values == [(2024, 195), (2025, 189.5)]
    assert len(split_lines(after)) == len(split_lines(before.decode())) - 3  # the entry's seven lines (with its note) became four


def test_the_same_value_again_is_already_present(registry_copy: Path, capsys) -> None:
    before = registry_copy.read_bytes()
    assert run(["cybercrime_damage", "2024", "205", "--source", "kommersant"], registry_copy) == 0
    assert registry_copy.read_bytes() == before
    assert "already present" in capsys.readouterr().out


def test_add_source_registers_it_in_the_same_edit(registry_copy: Path) -> None:
    before = registry_copy.read_bytes()
    spec = 'new-page,example.org,https://example.org/page,"Page, quoted",2026-01-02'
    assert run(["road_death_rate", "2026", "9.1", "--add-source", spec, "--quote", "9,1"], registry_copy) == 0
    added = only_inserted(before, registry_copy.read_bytes())
    assert "  - id: new-page\n" in added and '    title: "Page, quoted"\n' in added and "    date: 2026-01-02\n" in added
    registry = load_registry(registry_copy)
    assert registry.source("new-page").url == "https://example.org/page"
    assert any(o.source == "new-page" for o in registry.indicator("road_death_rate").observations)


@pytest.mark.parametrize("written", ["absent", "observations: []"])
def test_an_indicator_without_observations_gets_the_list(registry_copy: Path, written: str) -> None:
    text = registry_copy.read_text(encoding="utf-8")
    bare = "crimes_solved_selected"  # `observations: []` in the frozen registry
    assert "    observations: []\n" in text
    if written == "absent":
        registry_copy.write_text(text.replace("    observations: []\n", "", 1), encoding="utf-8")
    before = registry_copy.read_bytes()
    assert run([bare, "2025", "10", "--source", "news-mail"], registry_copy) == 0
    if written == "absent":
        added = only_inserted(before, registry_copy.read_bytes())
    else:  # the one line `observations: []` becomes the list
        added = only_inserted(before.replace(b"    observations: []\n", b"", 1), registry_copy.read_bytes())
    assert [line.strip() for line in added] == ["observations:", "- year: 2025", "value: 10", "source: news-mail"]
    assert [o.year for o in load_registry(registry_copy).indicator(bare).observations] == [2025]


def test_crlf_line_ends_and_comments_are_kept(registry_copy: Path) -> None:
    text = registry_copy.read_text(encoding="utf-8").replace("\n", "\r\n")
    registry_copy.write_bytes(text.encode("utf-8"))
    before = registry_copy.read_bytes()
    assert run(ROAD_RATE, registry_copy) == 0
    after = registry_copy.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n")
    assert len(only_inserted(before, after)) == 4


@pytest.mark.parametrize(
    ("value", "why"),
    [
        (dict(value="1,5"), "plain decimal"),
        (dict(value="1e"), "plain decimal"),
        (dict(value="5", qualifier="about"), "qualifier"),
        (dict(value="5", period="Sept"), "period"),
        (dict(value="5", kind="ratio"), "kind"),
    ],
)
def test_a_malformed_value_is_refused_before_any_edit(value, why) -> None:
    with pytest.raises(EditError, match=why):
        NewValue("x", 2025, source="s", **value)


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        (("Bad", "p", "https://a.b", "t"), "source id"),
        (("ok", "p", "javascript:alert(1)", "t"), "http"),
        (("ok", "p", "https://a.b", "t", "2026/01/01"), "date"),
    ],
)
def test_a_malformed_source_is_refused(fields, why) -> None:
    with pytest.raises(EditError, match=why):
        NewSource(*fields)


@pytest.mark.parametrize(
    "text", ["plain", 'with "quotes" and \\ backslash', "line\nbreak", "tab\there", "кириллица: «ёлка»", "# not a comment"]
)
def test_strings_are_emitted_as_yaml_that_reads_back_the_same(text: str) -> None:
    import yaml

    assert yaml.safe_load(f"k: {yaml_string(text)}") == {"k": text}


def test_the_editor_plans_many_values_and_validates_them_once(registry_copy: Path) -> None:
    editor = Editor(registry_copy)
    assert editor.put(NewValue("road_death_rate", 2027, "9", "news-mail")) == "added"
    assert editor.put(NewValue("road_death_rate", 2026, "9.1", "news-mail")) == "added"
    assert editor.put(NewValue("road_death_rate", 2026, "9.1", "news-mail")) == "present"
    assert editor.put(NewValue("road_death_rate", 2026, "9.2", "news-mail")) == "conflicting"
    changes = editor.changes()
    registry = editor.validate(changes)
    years = [o.year for o in registry.indicator("road_death_rate").observations]
    assert years[-2:] == [2026, 2027]  # in year order
    assert registry_copy.read_bytes() == Path(registry_copy).read_bytes()  # validation wrote nothing here


def test_help_has_an_example(capsys) -> None:
    for command in ("set", "import", "diff", "record", "history"):
        with pytest.raises(SystemExit) as done:
            cli.main([command, "--help"])
        assert done.value.code == 0
        assert "example:\n  python -m dashboard " + command in capsys.readouterr().out
