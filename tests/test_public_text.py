"""No internal source id in any public text: the pages (both languages), the claims CSV's prose, the summary, the briefing.

A reader knows a source by its publisher ("Kommersant"), never by the registry's key ("kommersant-8193121").
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.wire import details_payload, page_payload
from dashboard.engine.assessment import localize
from dashboard.i18n import use_language
from dashboard.outputs.datafiles import claims_csv
from dashboard.outputs.report.document import briefing_html
from dashboard.outputs.summary import as_table
from dashboard.web.app import create_app

# keys whose values are addresses, class names or data, never read as text
NOT_TEXT = {"id", "href", "className", "type", "namespace", "src", "style", "lang", "rel", "target", "value", "uid", "customdata"}
URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+(\.[\w-]+)+/\S*")
# CSV columns that are keys (the claim, its indicator and source ids), kept for joins; every other column is prose
KEY_COLUMNS = {
    "claim",
    "indicator",
    "source",
    "evidence_sources",
    "kind",
    "result",
    "course",
    "said_on",
    "quote_language",
    "quote_translation_by",
    "found_in",
    "topic",
}


def texts(node: Any, key: str = "") -> Iterator[str]:
    """Every string a reader may see in a Dash response: children, titles, labels, figure texts."""
    if isinstance(node, str):
        if key not in NOT_TEXT and not key.startswith("data-"):
            yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from texts(v, k)
    elif isinstance(node, list):
        for item in node:
            yield from texts(item, key)


def id_pattern(source_ids: list[str]) -> re.Pattern:
    # an id as a word of its own: "kommersant-8193121", not "Kommersant" (the publisher), not inside an address
    alternatives = "|".join(sorted(map(re.escape, source_ids), key=len, reverse=True))
    return re.compile(rf"(?<![\w./-])({alternatives})(?![\w/-])(?!\.\w)")


def leaks(text: str, pattern: re.Pattern) -> list[str]:
    return pattern.findall(URL.sub(" ", text))


@pytest.fixture(scope="module")
def pattern(frozen_registry: Any) -> re.Pattern:
    return id_pattern([s.id for s in frozen_registry.sources])


@pytest.fixture(scope="module")
def client(frozen_path: Path) -> Any:
    return create_app(frozen_path, settle_seconds=0).server.test_client()


def _pages(registry: Any) -> list[str]:
    days = sorted({str(c.said_on) for c in registry.claims if c.said_on})
    claims = [f"/claim/{c.id}" for c in registry.claims]
    return ["/", "/claims", "/sources", "/speeches", "/methods", "/changes"] + [f"/speech/{d}" for d in days] + claims


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_no_page_names_a_source_by_its_id(client: Any, frozen_registry: Any, pattern: re.Pattern, lang: str) -> None:
    found: dict[str, list[str]] = {}
    paths = _pages(frozen_registry) + [f"/indicator/{i.id}" for i in frozen_registry.indicators]
    for path in paths:
        bodies = [page_payload(path, f"?lang={lang}")]
        if details_payload(path):
            bodies.append(details_payload(path, f"?lang={lang}"))
        for body in bodies:
            response = client.post("/_dash-update-component", json=body)
            assert response.status_code == 200, path
            hits = [hit for text in texts(response.get_json()["response"]) for hit in leaks(text, pattern)]
            if hits:
                found[path] = sorted(set(hits))
    assert not found


def test_the_pattern_finds_an_id_and_spares_a_publisher_and_an_address() -> None:
    pattern = id_pattern(["kommersant-8193121", "tass"])
    assert leaks("kommersant-8193121 gives 16.6", pattern) == ["kommersant-8193121"]
    assert leaks("TASS gives 16.6 (https://tass.ru/x)", pattern) == []
    assert leaks("see tass.ru/obschestvo/123", pattern) == []
    assert leaks("(tass)", pattern) == ["tass"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_claims_csv_prose_names_no_source_id(frozen_assessment: Any, pattern: re.Pattern, lang: str) -> None:
    with use_language(lang):
        rows = list(csv.DictReader(io.StringIO(claims_csv(localize(frozen_assessment, lang)).lstrip("\ufeff"))))
    assert rows
    hits = {(row["claim"], col): leaks(v, pattern) for row in rows for col, v in row.items() if col not in KEY_COLUMNS}
    assert not {k: v for k, v in hits.items() if v}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_summary_and_the_briefing_name_no_source_id(frozen_assessment: Any, pattern: re.Pattern, lang: str) -> None:
    with use_language(lang):
        assessment = localize(frozen_assessment, lang)
        text = as_table(assessment)
        briefing = re.sub(r"<[^>]+>", " ", briefing_html(assessment, list(assessment.views), {}))
    assert len(text) > 1000 and len(briefing) > 1000  # the check reads text, not nothing
    assert not leaks(text, pattern)
    assert not leaks(briefing, pattern)
