"""Full downloads: every value and every claim as CSV, the validated registry as JSON.

Built from the assessment and its frames; pure, no Flask. The CSVs open safely in a spreadsheet and
round-trip: numbers are written in the shortest form that reads back as the same float ("34506",
"9.91214666360468"), qualifiers as words (`QUALIFIER_WORDS`), and only text cells that a spreadsheet
would run as a formula get a leading `'` (`formatting.spreadsheet_safe`). UTF-8 with a byte-order
mark, so that spreadsheet programs read Cyrillic quotes right; CRLF line ends (RFC 4180).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from typing import Any

from dashboard.engine.assessment import Assessment
from dashboard.engine.progress import bounds
from dashboard.formatting import spreadsheet_safe
from dashboard.outputs.frames import frames_of
from dashboard.registry.fields import QUALIFIER_WORDS
from dashboard.registry.models import Registry

# how the qualifier column writes each qualifier; the words read as the figure does: "more than 14,400"
WORD_QUALIFIERS = {word: symbol for symbol, word in QUALIFIER_WORDS.items()}

OBSERVATION_COLUMNS = [
    "indicator", "year", "period", "kind", "value", "qualifier", "low", "high", "derived", "unit",
    "source", "source_publisher", "source_url", "note", "quote",
]
CLAIM_COLUMNS = [
    "claim", "indicator", "indicator_title", "kind", "said_on", "said_by", "source", "source_publisher", "source_url",
    "quote", "quote_checked", "text", "verdict", "result", "figure", "computed", "evidence", "values_used", "missing",
    "detail", "per_source", "period", "note",
]


def csv_number(value: Any) -> str:
    """The shortest text that reads back as the same number: 34506, 0.1, 9.91214666360468; empty for none or not finite."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    number = float(value)
    if not math.isfinite(number):
        return ""
    if number.is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(number)


def _text(value: Any) -> str:
    """Text for a cell: empty for a missing value (None, or pandas' NaN), spreadsheet-safe otherwise."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return spreadsheet_safe(str(value))


def _csv(columns: list[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _sources(registry: Registry, source: str) -> tuple[str, str]:
    """Publishers and URLs of a value's source ids (a derived value names several, ', '-joined)."""
    found = [registry.source(s) for s in source.split(", ") if s]
    return "; ".join(s.publisher for s in found if s), " ".join(s.url for s in found if s)


def observations_csv(assessment: Assessment) -> str:
    """Every value, one row each: inline, from series files, and derived (derived=true, sources of its inputs).

    low/high are the bounds the dashboard reads a qualified value as ("more than 14,400": 14400 to 14500).
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
        rows.append([
            _text(ind_id), str(year), _text(period), _text(kind), csv_number(value), QUALIFIER_WORDS[qualifier], csv_number(low), csv_number(high),
            "true" if derived else "false", _text(indicator.unit if indicator else ""), _text(source), _text(publisher), _text(url),
            _text(note), _text(quote),
        ])
    return _csv(OBSERVATION_COLUMNS, rows)


def claims_csv(assessment: Assessment) -> str:
    """Every claim with its verdict, plain-words text, computed figure, evidence, what is missing and the speech date."""
    registry = assessment.registry
    rows = []
    for claim in registry.claims:
        check = assessment.checks[claim.id]
        indicator = registry.indicator(claim.indicator)
        publisher, url = _sources(registry, claim.source)
        evidence = "; ".join(f"{s} ({registry.source(s).publisher})" if registry.source(s) else s for s in check.evidence)
        used = "; ".join(
            f"{p.year}{' ' + p.period if p.period else ''}: {QUALIFIER_WORDS.get(p.qualifier, p.qualifier)} {csv_number(p.value)}"
            f"{' (published change, %)' if p.kind == 'change' else ''} ({p.source}{', derived' if p.derived else ''})"
            for p in check.values
        )
        rows.append([
            _text(claim.id), _text(claim.indicator), _text(indicator.title if indicator else ""), _text(claim.kind), _text(check.said_on),
            _text(claim.said_by), _text(claim.source), _text(publisher), _text(url), _text(claim.quote),
            "true" if check.quote_checked else "false", _text(check.text), _text(check.verdict), _text(check.result), _text(check.figure),
            csv_number(check.computed), _text(evidence), _text(used), _text(check.missing), _text(check.detail),
            _text("; ".join(check.per_source)), _text(claim.period), _text(claim.note),
        ])
    return _csv(CLAIM_COLUMNS, rows)


def _series_rows(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """Every series file's rows with all their columns (period and kind included: a part-year or change row stays one)."""
    out = {}
    for ind_id, table in registry.series.tables.items():
        columns = {"year": table.year, "period": table.period, "kind": table.kind, "value": table.value, "qualifier": table.qualifier,
                   "source": table.source, "note": table.note, "quote": table.quote}
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
