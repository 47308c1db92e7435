"""Full downloads: every value and every claim as CSV, the validated registry as JSON.

Built from the assessment and its frames; pure, no Flask. The CSVs open safely in a spreadsheet and
round-trip: numbers are written in the shortest form that reads back as the same float ("34506",
"9.91214666360468"), qualifiers as words (`QUALIFIER_WORDS`), and only text cells that a spreadsheet
would run as a formula get a leading `'` (`csvfile.spreadsheet_safe`). UTF-8 with a byte-order
mark, so that spreadsheet programs read Cyrillic quotes right; CRLF line ends (RFC 4180).
"""

from __future__ import annotations

import json
import math
from typing import Any

from dashboard.engine.assessment import Assessment, IndicatorView
from dashboard.engine.progress import Point, bounds
from dashboard.outputs import csvfile
from dashboard.outputs.csvfile import number as csv_number
from dashboard.outputs.frames import frames_of
from dashboard.outputs.rulings import ruling_text
from dashboard.outputs.wording import check_words, derivation_text, publishers
from dashboard.registry.fields import QUALIFIER_WORDS
from dashboard.registry.models import Registry
from dashboard.registry.texts import written_in

# how the qualifier column writes each qualifier; the words read as the figure does: "more than 14,400"
WORD_QUALIFIERS = {word: symbol for symbol, word in QUALIFIER_WORDS.items()}

OBSERVATION_COLUMNS = [
    "indicator",
    "year",
    "period",
    "kind",
    "value",
    "qualifier",
    "low",
    "high",
    "derived",
    "unit",
    "source",
    "source_publisher",
    "source_url",
    "note",
    "quote",
    "input_sources",
]
INDICATOR_COLUMNS = ["year", "period", "kind", "value", "qualifier", "source", "note", "quote"]  # a series file's
CLAIM_COLUMNS = [
    "claim",
    "indicator",
    "indicator_title",
    "kind",
    "said_on",
    "said_by",
    "source",
    "source_publisher",
    "source_url",
    "quote",
    "quote_language",
    "quote_translation",
    "quote_translation_by",
    "quote_checked",
    "text",
    "ruling",
    "verdict",
    "result",
    "course",
    "figure",
    "computed",
    "evidence",
    "evidence_sources",
    "values_used",
    "missing",
    "detail",
    "per_source",
    "period",
    "note",
    "found_in",
    "topic",
]

KIND_WORDS = {
    "change": " (published change, %)",
    "direction": " (published direction: 1 rose, -1 fell)",
}  # how a used value reads in a file


def value_rows(registry: Registry, view: IndicatorView) -> list[tuple[Point, str, str]]:
    """(point, note, quote) for every value: the registry's own observations, its series file's rows and derived values."""
    ind = view.indicator
    notes: dict[tuple, tuple[str, str]] = {
        (o.year, o.source, o.period, o.kind, o.value): (o.note or "", o.quote or "") for o in ind.observations
    }
    table = registry.series.tables.get(view.id)
    if table is not None:
        for y, src, period, kind, value, note, quote in zip(
            table.year, table.source, table.period, table.kind, table.value, table.note, table.quote
        ):
            notes[(y, src, period, kind, value)] = (note or "", quote or "")
    out = []
    names = publishers(registry)
    for p in view.points:
        note, quote = notes.get((p.year, p.source, p.period, p.kind, p.value), ("", ""))
        if p.derived:
            found = next((d for d in view.derivations if d.point == p), None)
            note = f"{found.formula}; {derivation_text(found, names)}" if found else ""
        out.append((p, note, quote))
    return sorted(out, key=lambda r: (r[0].year, r[0].period or "", r[0].kind))


def indicator_csv(registry: Registry, view: IndicatorView) -> str:
    """Every published value of one indicator, as a series file: it round-trips, and no cell runs as a formula.

    Derived values are left out: they are computed from other indicators, not published.
    """
    rows = [
        (p.year, p.period, p.kind, p.value, QUALIFIER_WORDS[p.qualifier], p.source, note, quote)
        for p, note, quote in value_rows(registry, view)
        if not p.derived
    ]
    return csvfile.write(INDICATOR_COLUMNS, rows)


def _sources(registry: Registry, source: str) -> tuple[str, str]:
    """Publishers and URLs of a value's source ids (a derived value names several, ', '-joined)."""
    found = [registry.source(s) for s in source.split(", ") if s]
    return "; ".join(s.publisher for s in found if s), " ".join(s.url for s in found if s)


def observations_csv(assessment: Assessment) -> str:
    """Every value, one row each: inline, from series files, and derived (derived=true, sources of its inputs).

    low/high are the bounds the dashboard reads a qualified value as ("more than 14,400": 14400 to 14500).
    A derived value has no source of its own (`source` empty, so that the column is a plain reference to a source);
    `input_sources` names its inputs' sources, and `source_publisher`/`source_url` theirs.
    """
    registry = assessment.registry
    frame = frames_of(assessment).observations
    columns = ("indicator", "year", "period", "kind", "value", "qualifier", "low", "high", "derived", "source", "note", "quote")
    rows = []
    for ind_id, year, period, kind, value, qualifier, low, high, derived, source, note, quote in zip(*(frame[c].tolist() for c in columns)):
        if low is None or (isinstance(low, float) and math.isnan(low)):
            low, high = bounds(value, qualifier)
        indicator = registry.indicator(ind_id)
        publisher, url = _sources(registry, source)
        rows.append(
            [
                csvfile.cell(ind_id),
                str(year),
                csvfile.cell(period),
                csvfile.cell(kind),
                csv_number(value),
                QUALIFIER_WORDS[qualifier],
                csv_number(low),
                csv_number(high),
                "true" if derived else "false",
                csvfile.cell(indicator.unit if indicator else ""),
                "" if derived else csvfile.cell(source),
                csvfile.cell(publisher),
                csvfile.cell(url),
                csvfile.cell(note),
                csvfile.cell(quote),
                csvfile.cell(source) if derived else "",
            ]
        )
    return csvfile.write(OBSERVATION_COLUMNS, rows)


def claims_csv(assessment: Assessment) -> str:
    """Every claim with its verdict, plain-words text, computed figure, evidence, what is missing and the speech date."""
    registry = assessment.registry
    names = publishers(registry)
    rows = []
    for claim in registry.claims:
        check = assessment.checks[claim.id]
        words = check_words(check, names)
        indicator = registry.indicator(claim.indicator)
        publisher, url = _sources(registry, claim.source)
        evidence = "; ".join(dict.fromkeys(names.get(s, s) for s in check.evidence))  # prose: publishers; the ids follow

        def by(p: Point) -> str:
            return ", ".join(names.get(i, i) for i in p.sources) + (", derived" if p.derived else "")

        used = "; ".join(
            f"{p.year}{' ' + p.period if p.period else ''}: {QUALIFIER_WORDS.get(p.qualifier, p.qualifier)} {csv_number(p.value)}"
            f"{KIND_WORDS.get(p.kind, '')} ({by(p)})"
            for p in check.values
        )
        rows.append(
            [
                csvfile.cell(claim.id),
                csvfile.cell(claim.indicator),
                csvfile.cell(indicator.title if indicator else ""),
                csvfile.cell(claim.kind),
                csvfile.cell(check.said_on),
                csvfile.cell(claim.said_by),
                csvfile.cell(claim.source),
                csvfile.cell(publisher),
                csvfile.cell(url),
                csvfile.cell(claim.quote),
                written_in(claim.quote),
                csvfile.cell(claim.translation.text if claim.translation else ""),
                claim.translation.by if claim.translation else "",
                "true" if check.quote_checked else "false",
                csvfile.cell(check.text),
                csvfile.cell(ruling_text(assessment, claim)),
                csvfile.cell(words["verdict"]),
                csvfile.cell(check.result),
                csvfile.cell(check.course),
                csvfile.cell(words["figure"]),
                csv_number(check.computed),
                csvfile.cell(evidence),
                csvfile.cell(";".join(check.evidence)),
                csvfile.cell(used),
                csvfile.cell(words["missing"]),
                csvfile.cell(words["detail"]),
                csvfile.cell("; ".join(words["per_source"])),
                csvfile.cell(claim.period),
                csvfile.cell(claim.note),
                csvfile.cell(claim.found_in),
                csvfile.cell(claim.topic),
            ]
        )
    return csvfile.write(CLAIM_COLUMNS, rows)


def _series_rows(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """Every series file's rows with all their columns (period and kind included: a part-year or change row stays one)."""
    out = {}
    for ind_id, table in registry.series.tables.items():
        columns = {
            "year": table.year,
            "period": table.period,
            "kind": table.kind,
            "value": table.value,
            "qualifier": table.qualifier,
            "source": table.source,
            "note": table.note,
            "quote": table.quote,
        }
        if table.note_ru is not None:
            columns["note_ru"] = table.note_ru
        names = list(columns)
        out[ind_id] = [dict(zip(names, row)) for row in zip(*columns.values())]
    return out


def registry_document(registry: Registry, version: str) -> dict[str, Any]:
    """The validated registry (`registry`, which `Registry.model_validate` reads back), the values of its series files
    (`series`), the app's content version, the SHA-256 of the YAML file and the data-as-of date."""
    return {
        "version": version,
        "sha256": registry.sha256,
        "as_of": registry.meta.as_of.isoformat(),
        "registry": registry.model_dump(mode="json"),
        "series": _series_rows(registry),
    }


def registry_json(registry: Registry, version: str) -> str:
    return json.dumps(registry_document(registry, version), ensure_ascii=False, indent=1, allow_nan=False) + "\n"
