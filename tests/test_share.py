"""Sharing: citations, embed codes, spreadsheet-safe cells, and full downloads that round-trip."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.engine.assessment import build
from dashboard.outputs import datafiles
from dashboard.outputs.csvfile import spreadsheet_safe
from dashboard.outputs.datafiles import QUALIFIER_WORDS, WORD_QUALIFIERS, claims_csv, csv_number, observations_csv, registry_json
from dashboard.outputs.share import citation, embed_code
from dashboard.outputs.wording import publishers, say, verdict
from dashboard.registry.models import Registry


def read_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"), newline="")))


# ------------------------------------------------------------------ spreadsheet-safe cells


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("=", "'="),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+1+1", "'+1+1"),
        ("-3% notes", "'-3% notes"),
        ("-", "'-"),
        ("--1", "'--1"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-3", "-3"),
        ("-3%", "-3%"),
        ("+25.5", "+25.5"),
        ("-0.7", "-0.7"),
        ("-1e-05", "-1e-05"),
        ("road deaths = 14,504", "road deaths = 14,504"),
        ("", ""),
        ("более 20", "более 20"),
        (34506.0, 34506.0),
        (-3, -3),
        (None, None),
    ],
)
def test_spreadsheet_safe(cell: object, expected: object) -> None:
    assert spreadsheet_safe(cell) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (34506.0, "34506"),
        (34506, "34506"),
        (-0.7, "-0.7"),
        (0.1, "0.1"),
        (9.91214666360468, "9.91214666360468"),
        (1e-05, "1e-05"),
        (2.0**60, "1.152921504606847e+18"),
        (0.0, "0"),
        (None, ""),
        (float("nan"), ""),
        (float("inf"), ""),
    ],
)
def test_csv_number_is_the_shortest_text_that_reads_back(value: object, text: str) -> None:
    assert csv_number(value) == text


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_csv_number_round_trips_every_float(value: float) -> None:
    assert float(csv_number(value)) == value
    assert spreadsheet_safe(csv_number(value)) == csv_number(value)  # a number cell is never neutralised


# ------------------------------------------------------------------ observations.csv


def test_observations_csv_gives_back_every_registry_value_exactly(frozen_registry, frozen_assessment) -> None:
    rows = read_csv(observations_csv(frozen_assessment))
    assert list(rows[0]) == datafiles.OBSERVATION_COLUMNS
    read = Counter(
        (r["indicator"], int(r["year"]), float(r["value"]), WORD_QUALIFIERS[r["qualifier"]], r["source"], r["period"] or None, r["kind"])
        for r in rows
        if r["derived"] == "false"
    )
    expected = Counter(
        (ind.id, o.year, o.value, o.qualifier, o.source, o.period, o.kind) for ind in frozen_registry.indicators for o in ind.observations
    )
    for ind_id, frame in frozen_registry.series.items():
        expected.update(
            (ind_id, y, v, q, s, None, "level")
            for y, v, q, s in zip(*(frame[c].tolist() for c in ("year", "value", "qualifier", "source")))
        )
    assert read == expected
    assert sum(expected.values()) > 100  # inline and series values both present
    derived = [r for r in rows if r["derived"] == "true"]
    assert len(derived) == sum(len(v.derivations) for v in frozen_assessment)
    for r in derived:  # a derived value names its inputs' sources (and no source of its own) and reads back as computed
        view = frozen_assessment.view(r["indicator"])
        [d] = [d for d in view.derivations if d.point.year == int(r["year"])]
        assert float(r["value"]) == d.point.value and float(r["low"]) == d.point.low and float(r["high"]) == d.point.high
        assert r["source"] == "" and r["input_sources"] == d.point.source
        assert r["source_publisher"].count(";") == r["input_sources"].count(",")
    assert all(r["input_sources"] == "" for r in rows if r["derived"] == "false")


def test_observations_csv_writes_numbers_as_numbers_and_qualifiers_as_words(frozen_assessment) -> None:
    rows = read_csv(observations_csv(frozen_assessment))
    assert {r["qualifier"] for r in rows} <= set(QUALIFIER_WORDS.values())
    road = {(int(r["year"]), r["kind"]): r for r in rows if r["indicator"] == "road_deaths" and r["derived"] == "false"}
    first = road[(2004, "level")]
    assert first["value"] == csv_number(frozen_assessment.view("road_deaths").yearly[2004].value)
    assert "." not in first["value"]  # 34506, not 34506.0
    for r in rows:
        assert r["value"] == csv_number(float(r["value"]))
        low, high = float(r["low"]), float(r["high"])
        assert low <= float(r["value"]) <= high or r["derived"] == "true"


def _hostile(registry: Registry) -> Registry:
    data = registry.model_dump(mode="json")
    obs = data["indicators"][0].get("observations") or data["indicators"][1]["observations"]
    obs[0]["note"] = '=HYPERLINK("http://evil","x")'
    obs[0]["quote"] = "-3% notes"
    data["claims"][0]["quote"] = "@SUM(1)"
    data["meta"]["title"] = "Title\nwith a line break"
    return Registry.model_validate(data)


def test_formula_text_is_neutralised_and_numbers_are_not(frozen_registry) -> None:
    assessment = build(_hostile(frozen_registry))
    rows = read_csv(observations_csv(assessment))
    [row] = [r for r in rows if r["note"].startswith("'=HYPERLINK")]
    assert row["quote"] == "'-3% notes"
    assert any(r["value"].startswith("-") for r in rows)  # published changes: negative numbers stay numbers
    claims = read_csv(claims_csv(assessment))
    assert claims[0]["quote"] == "'@SUM(1)"


# ------------------------------------------------------------------ claims.csv and registry.json


def test_claims_csv_has_every_claim_with_its_verdict(frozen_registry, frozen_assessment) -> None:
    rows = read_csv(claims_csv(frozen_assessment))
    assert list(rows[0]) == datafiles.CLAIM_COLUMNS
    assert [r["claim"] for r in rows] == [c.id for c in frozen_registry.claims]
    for r in rows:
        check = frozen_assessment.checks[r["claim"]]
        assert (r["verdict"], r["result"], r["text"], r["said_on"]) == (verdict(check), check.result, check.text, check.said_on or "")
        names = publishers(frozen_registry)
        assert r["missing"] == say(check.missing, names) and r["figure"] == spreadsheet_safe(say(check.figure, names))
        assert r["ruling"].startswith("Claimed: ") and r["course"] == (check.course or "")
        assert r["computed"] == csv_number(check.computed)
        assert r["evidence_sources"].split(";") == (check.evidence or [""])
        assert r["evidence"].split("; ") == (list(dict.fromkeys(names[s] for s in check.evidence)) or [""])


def test_registry_json_validates_back_into_the_same_registry(frozen_registry) -> None:
    doc = json.loads(registry_json(frozen_registry, "v1"))
    assert (doc["version"], doc["sha256"], doc["as_of"]) == ("v1", frozen_registry.sha256, frozen_registry.meta.as_of.isoformat())
    again = Registry.model_validate(doc["registry"])
    assert again.model_dump() == frozen_registry.model_dump()
    assert again.indicators == frozen_registry.indicators and again.claims == frozen_registry.claims
    assert again.meta == frozen_registry.meta and again.sources == frozen_registry.sources
    for ind_id, frame in frozen_registry.series.items():
        assert [(r["year"], r["value"], r["qualifier"], r["source"]) for r in doc["series"][ind_id]] == list(
            zip(*(frame[c].tolist() for c in ("year", "value", "qualifier", "source")))
        )


# ------------------------------------------------------------------ citation and embed code


def test_citation_names_title_sources_dashboard_version_date_and_url(frozen_registry, frozen_assessment) -> None:
    view = frozen_assessment.view("road_deaths")
    text = citation(frozen_assessment, "road_deaths", url="http://host/indicator/road_deaths")
    assert text.startswith(view.indicator.title + ". Sources: ")
    for source_id in view.sources:
        assert frozen_registry.source(source_id).publisher in text
    assert frozen_registry.meta.title in text
    assert f"(registry {frozen_registry.version}, data as of {frozen_registry.meta.as_of.isoformat()})" in text
    assert text.endswith(" http://host/indicator/road_deaths") and "\n" not in text
    assert frozen_registry.version != frozen_registry.sha256[:12]  # the series files and the documents count too
    assert citation(frozen_assessment, "road_deaths") == text.removesuffix(" http://host/indicator/road_deaths")


def test_citation_is_one_line_and_refuses_unknown_ids(frozen_registry) -> None:
    assessment = build(_hostile(frozen_registry))
    ind = frozen_registry.indicators[0].id
    assert "\n" not in citation(assessment, ind) and "Title with a line break" in citation(assessment, ind)
    assert "(registry unknown," in citation(assessment, ind)  # not read from a file: no hash to quote
    with pytest.raises(KeyError):
        citation(assessment, "nope")


def test_embed_code_is_an_escaped_lazy_full_width_iframe() -> None:
    code = embed_code("https://example.org/dash/", "road_deaths", title='Road "deaths" <b>')
    assert code.startswith('<iframe src="https://example.org/dash/embed/road_deaths" ')
    assert 'title="Road &quot;deaths&quot; &lt;b&gt;"' in code
    assert 'loading="lazy"' in code and 'width="100%"' in code and 'height="560"' in code and code.endswith("></iframe>")
    assert 'src="http://h/embed/a%22%3E%3Cscript%3E"' in embed_code("http://h", 'a"><script>')


@pytest.mark.parametrize("base", ["javascript:alert(1)", "//evil", "http://a b", "ftp://x", ""])
def test_embed_code_refuses_a_base_that_is_not_http(base: str) -> None:
    with pytest.raises(ValueError):
        embed_code(base, "road_deaths")
