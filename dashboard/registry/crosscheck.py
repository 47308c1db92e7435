"""Checks across the document that a single model cannot make.

References (areas, sources, indicators, targets), duplicate ids and years, values within their
indicator's bounds, quotes found in their source's document, and the files the registry names.
They run on the raw parsed document, item by item, so that a bad reference is reported together
with every type error, not after it is fixed.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import Any

from . import files
from .errors import Issue
from .evidence_checks import evidence_checks
from .fields import DOCUMENT_PATTERN, SERIES_PATTERN
from .quotes import QuoteIndex, normalise_text
from .raw import ids as _ids
from .raw import items as _items
from .raw import ref as _ref

__all__ = ["Documents", "cross_check", "is_number", "normalise_text"]


def is_number(value: Any, *, whole: bool = False) -> bool:
    """A finite int or float (a whole one when `whole`), not a bool: YAML's true/false are ints to Python."""
    if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)):
        return False
    return math.isfinite(value)


def _duplicates(data: dict, section: str) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[str, int] = {}
    for i, item in _items(data, section):
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            issues.append(Issue((section, i, "id"), f"duplicate id {ident!r}", f"already used by {section}[{first[ident]}]"))
        else:
            first[ident] = i
    return issues


def _bounds(loc: tuple, value: Any, minimum: Any, limit: Any) -> list[Issue]:
    if not is_number(value):
        return []
    if is_number(minimum) and value < minimum:
        hint = "counts cannot be negative" if minimum == 0 else "set the indicator's `minimum` if this is right"
        return [Issue(loc, f"value {value} is below the indicator's minimum {minimum}", hint)]
    if is_number(limit) and value > limit:
        return [Issue(loc, f"value {value} is above the indicator's limit {limit}", "check the unit: is it a percentage?")]
    return []


class Documents:
    """Each source's local document, read once per load; the quotes to look up in them, all at once."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._index: dict[str, QuoteIndex | files.FileRefused] = {}
        self.by_source: dict[str, QuoteIndex] = {}  # source id -> its readable document
        self.paths: dict[str, str] = {}  # source id -> the document's path as the registry gives it
        self._pending: list[tuple[tuple, str, str]] = []  # (place, source id, normalised quote)
        self.sha256: dict[str, str] = {}  # relative path -> sha256 of the bytes read: part of the content version

    def load(self, relative: str) -> QuoteIndex:
        """The document's index; raises FileRefused (naming the path only) when it cannot be used."""
        if relative not in self._index:
            try:
                data = files.read(self.base, relative, "data/sources")
                self.sha256[relative] = hashlib.sha256(data).hexdigest()
                text = data.decode("utf-8-sig")
                self._index[relative] = QuoteIndex(text)
            except files.FileRefused as exc:
                self._index[relative] = exc
            except UnicodeDecodeError:
                self._index[relative] = files.FileRefused(f"{relative!r} is not UTF-8 text", "save it as UTF-8")
        found = self._index[relative]
        if isinstance(found, files.FileRefused):
            raise found
        return found

    def expect(self, loc: tuple, source_id: str, quote: str) -> None:
        self._pending.append((loc, source_id, quote))

    def missing(self) -> list[Issue]:
        """A problem for every expected quote not in its source's document."""
        by_source: dict[str, set[str]] = {}
        for _, source_id, quote in self._pending:
            by_source.setdefault(source_id, set()).add(quote)
        found = {s: self.by_source[s].found(quotes) for s, quotes in by_source.items()}
        return [
            Issue(
                loc + ("quote",),
                f"quote not found verbatim in the source document {self.paths[s]!r}",
                "copy the words exactly, including apostrophes",
            )
            for loc, s, quote in self._pending
            if quote not in found[s]
        ]

    def attach(self, source_id: str, relative: str) -> None:
        if source_id not in self.by_source:
            self.by_source[source_id], self.paths[source_id] = self.load(relative), relative


def _verbatim(loc: tuple, item: dict, documents: Documents) -> list[Issue]:
    """Any quote (of a claim, target or value) must hold words, and be in its source's document when it has one."""
    src_id, quote = item.get("source"), item.get("quote")
    if not isinstance(quote, str):
        return []
    text = normalise_text(quote)
    if not text:
        return [Issue(loc + ("quote",), "the quote is empty", "copy the source's words, or remove the field")]
    if isinstance(src_id, str) and src_id in documents.by_source:
        documents.expect(loc, src_id, text)
    return []


def _translation_source(loc: tuple, item: dict, sources: set[str]) -> list[Issue]:
    translation = item.get("translation")
    if not isinstance(translation, dict) or translation.get("source") is None:
        return []
    return _ref(loc + ("translation", "source"), translation.get("source"), sources, "source")


def _year(value: Any) -> int | None:
    return value if is_number(value, whole=True) else None


def cross_check(data: dict, base: Path, documents: Documents | None = None) -> list[Issue]:
    """Every cross-reference problem; ``documents`` is left holding each source's readable document."""
    issues: list[Issue] = []
    for section in ("sources", "areas", "indicators", "claims"):
        issues += _duplicates(data, section)
    sources, areas = _ids(data, "sources"), _ids(data, "areas")
    documents = documents or Documents(base)
    for i, src in _items(data, "sources"):
        doc = src.get("document")
        # a path the pattern refuses is the model's problem to report
        if isinstance(doc, str) and re.fullmatch(DOCUMENT_PATTERN, doc):
            try:
                documents.load(doc)
            except files.FileRefused as exc:
                issues.append(Issue(("sources", i, "document"), f"document {exc.message}", exc.hint or "put a UTF-8 text file there"))
                continue
            if isinstance(src.get("id"), str):
                documents.attach(src["id"], doc)

    targets_by_indicator: dict[str, set[str]] = {}
    limits: dict[str, tuple[Any, Any]] = {}
    for i, ind in _items(data, "indicators"):
        where = ("indicators", i)
        issues += _ref(where + ("area",), ind.get("area"), areas, "area")
        minimum, limit = ind.get("minimum", 0), ind.get("limit")
        if isinstance(ind.get("id"), str):
            limits[ind["id"]] = (minimum, limit)
        if is_number(minimum) and is_number(limit) and minimum >= limit:
            issues.append(Issue(where + ("limit",), f"limit {limit} is not above minimum {minimum}"))
        seen: dict[tuple, int] = {}
        observations = ind.get("observations") if isinstance(ind.get("observations"), list) else []
        for j, obs in enumerate(observations):
            if not isinstance(obs, dict):
                continue
            loc = where + ("observations", j)
            issues += _ref(loc + ("source",), obs.get("source"), sources, "source")
            if obs.get("kind", "level") == "level":  # a published change is a percent, not a value of the indicator
                issues += _bounds(loc + ("value",), obs.get("value"), minimum, limit)
            issues += _verbatim(loc, obs, documents)
            key = (obs.get("year"), obs.get("source"), obs.get("period"), obs.get("kind", "level"))
            if key in seen and _year(key[0]) is not None and isinstance(key[1], str):
                issues.append(
                    Issue(loc + ("year",), f"a second value for {key[0]} from source {key[1]!r}", f"see observations[{seen[key]}]")
                )
            seen.setdefault(key, j)
        breaks = ind.get("breaks") if isinstance(ind.get("breaks"), list) else []
        first_break: dict[int, int] = {}
        for j, brk in enumerate(breaks):
            year = _year(brk.get("year")) if isinstance(brk, dict) else None
            if year is None:
                continue
            if year in first_break:
                issues.append(
                    Issue(
                        where + ("breaks", j, "year"),
                        f"a second break in {year}",
                        f"see breaks[{first_break[year]}]; give one break a year",
                    )
                )
            else:
                first_break[year] = j
        series_file = ind.get("series_file")
        if isinstance(series_file, str) and re.fullmatch(SERIES_PATTERN, series_file):
            try:
                files.resolve(base, series_file, "data")
            except files.FileRefused as exc:
                issues.append(Issue(where + ("series_file",), f"series file {exc.message}", exc.hint))

        baseline = ind.get("baseline") if isinstance(ind.get("baseline"), dict) else None
        if baseline is not None:
            issues += _ref(where + ("baseline", "source"), baseline.get("source"), sources, "source")
            issues += _bounds(where + ("baseline", "value"), baseline.get("value"), minimum, limit)
        target_ids: set[str] = set()
        targets = ind.get("targets") if isinstance(ind.get("targets"), list) else []
        for j, tgt in enumerate(targets):
            if not isinstance(tgt, dict):
                continue
            loc = where + ("targets", j)
            tid = tgt.get("id")
            if isinstance(tid, str):
                if tid in target_ids:
                    issues.append(Issue(loc + ("id",), f"duplicate target id {tid!r}"))
                target_ids.add(tid)
            issues += _ref(loc + ("source",), tgt.get("source"), sources, "source")
            issues += _bounds(loc + ("value",), tgt.get("value"), minimum, limit)
            issues += _verbatim(loc, tgt, documents)
            issues += _translation_source(loc, tgt, sources)
            own = tgt.get("baseline") if isinstance(tgt.get("baseline"), dict) else None
            if own is not None:
                issues += _ref(loc + ("baseline", "source"), own.get("source"), sources, "source")
                issues += _bounds(loc + ("baseline", "value"), own.get("value"), minimum, limit)
            base_line = own or baseline
            if tgt.get("ratio") is not None and base_line is None:
                issues.append(
                    Issue(
                        loc + ("ratio",), "a relative target needs a baseline", "add `baseline: {year: ...}` to the target or the indicator"
                    )
                )
            by, ty = _year((base_line or {}).get("year")), _year(tgt.get("year"))
            if by is not None and ty is not None and ty <= by:
                issues.append(Issue(loc + ("year",), f"target year {ty} is not after its baseline year {by}"))
        if isinstance(ind.get("id"), str):
            targets_by_indicator[ind["id"]] = target_ids

    indicators = _ids(data, "indicators")
    for i, claim in _items(data, "claims"):
        loc = ("claims", i)
        issues += _ref(loc + ("indicator",), claim.get("indicator"), indicators, "indicator")
        issues += _ref(loc + ("source",), claim.get("source"), sources, "source")
        ind_id = claim.get("indicator")
        if claim.get("kind") == "level" and isinstance(ind_id, str) and ind_id in limits:
            issues += _bounds(loc + ("value",), claim.get("value"), *limits[ind_id])
        tgt = claim.get("target")
        if isinstance(tgt, str) and isinstance(ind_id, str) and ind_id in targets_by_indicator and tgt not in targets_by_indicator[ind_id]:
            issues.append(Issue(loc + ("target",), f"indicator {ind_id!r} has no target {tgt!r}"))
        issues += _verbatim(loc, claim, documents)
        issues += _translation_source(loc, claim, sources)
        also = claim.get("also_quoted") if isinstance(claim.get("also_quoted"), list) else []
        for j, other in enumerate(also):
            if isinstance(other, dict):
                issues += _ref(loc + ("also_quoted", j, "source"), other.get("source"), sources, "source")
                issues += _verbatim(loc + ("also_quoted", j), other, documents)

    return issues + documents.missing() + evidence_checks(data)
