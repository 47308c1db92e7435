"""Cross-reference checks that a single model cannot make.

They run on the raw parsed document, item by item, so that a bad reference is
reported together with every type error, not after it is fixed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .validation import Issue
from .yamlfile import is_finite_number

_WS = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """Quotes are matched verbatim, except that any run of whitespace counts as one space."""
    return _WS.sub(" ", text).strip()


def _items(data: dict, section: str) -> list[tuple[int, dict]]:
    items = data.get(section)
    if not isinstance(items, list):
        return []
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)]


def _ids(data: dict, section: str) -> set[str]:
    return {item["id"] for _, item in _items(data, section) if isinstance(item.get("id"), str)}


def _duplicates(data: dict, section: str) -> list[Issue]:
    issues: list[Issue] = []
    first: dict[str, int] = {}
    for i, item in _items(data, section):
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in first:
            issues.append(((section, i, "id"), f"duplicate id {ident!r}", f"already used by {section}[{first[ident]}]", False))
        else:
            first[ident] = i
    return issues


def _ref(loc: tuple, value: Any, known: set[str], what: str) -> list[Issue]:
    if not isinstance(value, str) or value in known:
        return []
    import difflib

    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"add it to `{what}s` first"
    return [(loc, f"unknown {what} {value!r}", hint, False)]


def _bounds(loc: tuple, value: Any, minimum: Any, limit: Any) -> list[Issue]:
    if not is_finite_number(value):
        return []
    if is_finite_number(minimum) and value < minimum:
        hint = "counts cannot be negative" if minimum == 0 else "set the indicator's `minimum` if this is right"
        return [(loc, f"value {value} is below the indicator's minimum {minimum}", hint, False)]
    if is_finite_number(limit) and value > limit:
        return [(loc, f"value {value} is above the indicator's limit {limit}", "check the unit: is it a percentage?", False)]
    return []


class Documents:
    """Reads each source's local document once per load."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self._text: dict[str, str | None] = {}

    def text(self, relative: str) -> str | None:
        if relative not in self._text:
            path = (self.base / relative).resolve()
            try:
                path.relative_to(self.base.resolve())
                self._text[relative] = normalise_text(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, UnicodeDecodeError):
                self._text[relative] = None
        return self._text[relative]


def _verbatim(loc: tuple, item: dict, source_docs: dict[str, str], documents: Documents) -> list[Issue]:
    """Any quote (of a claim, target or value) whose source has a local document must be in it."""
    src_id, quote = item.get("source"), item.get("quote")
    if not (isinstance(src_id, str) and src_id in source_docs and isinstance(quote, str)):
        return []
    if normalise_text(quote) in (documents.text(source_docs[src_id]) or ""):
        return []
    return [(loc + ("quote",), f"quote not found verbatim in the source document {source_docs[src_id]!r}", "copy the words exactly, including apostrophes", False)]


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def cross_check(data: dict, base: Path) -> list[Issue]:
    issues: list[Issue] = []
    for section in ("sources", "areas", "indicators", "claims"):
        issues += _duplicates(data, section)
    sources, areas = _ids(data, "sources"), _ids(data, "areas")
    documents = Documents(base)
    source_docs: dict[str, str] = {}
    for i, src in _items(data, "sources"):
        doc = src.get("document")
        # a path outside data/sources/ is the model's problem to report, not an unreadable file
        if isinstance(doc, str) and Path(doc).parts[:2] == ("data", "sources") and ".." not in Path(doc).parts:
            if documents.text(doc) is None:
                state = "cannot be read" if (base / doc).exists() else "not found"
                issues.append((("sources", i, "document"), f"document {doc!r} {state}", "put a UTF-8 text file there", False))
            elif isinstance(src.get("id"), str):
                source_docs[src["id"]] = doc

    targets_by_indicator: dict[str, set[str]] = {}
    limits: dict[str, tuple[Any, Any]] = {}
    for i, ind in _items(data, "indicators"):
        where = ("indicators", i)
        issues += _ref(where + ("area",), ind.get("area"), areas, "area")
        minimum, limit = ind.get("minimum", 0), ind.get("limit")
        if isinstance(ind.get("id"), str):
            limits[ind["id"]] = (minimum, limit)
        if is_finite_number(minimum) and is_finite_number(limit) and minimum >= limit:
            issues.append((where + ("limit",), f"limit {limit} is not above minimum {minimum}", "", False))
        seen: dict[tuple, int] = {}
        observations = ind.get("observations") if isinstance(ind.get("observations"), list) else []
        for j, obs in enumerate(observations):
            if not isinstance(obs, dict):
                continue
            loc = where + ("observations", j)
            issues += _ref(loc + ("source",), obs.get("source"), sources, "source")
            if obs.get("kind", "level") == "level":  # a published change is a percent, not a value of the indicator
                issues += _bounds(loc + ("value",), obs.get("value"), minimum, limit)
            issues += _verbatim(loc, obs, source_docs, documents)
            key = (obs.get("year"), obs.get("source"), obs.get("period"), obs.get("kind", "level"))
            if key in seen and _year(key[0]) is not None and isinstance(key[1], str):
                issues.append((loc + ("year",), f"a second value for {key[0]} from source {key[1]!r}", f"see observations[{seen[key]}]", False))
            seen.setdefault(key, j)
        if isinstance(ind.get("series_file"), str) and not (base / ind["series_file"]).is_file():
            issues.append((where + ("series_file",), f"series file {ind['series_file']!r} not found", "paths are relative to the registry's folder", False))

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
                    issues.append((loc + ("id",), f"duplicate target id {tid!r}", "", False))
                target_ids.add(tid)
            issues += _ref(loc + ("source",), tgt.get("source"), sources, "source")
            issues += _bounds(loc + ("value",), tgt.get("value"), minimum, limit)
            issues += _verbatim(loc, tgt, source_docs, documents)
            own = tgt.get("baseline") if isinstance(tgt.get("baseline"), dict) else None
            if own is not None:
                issues += _ref(loc + ("baseline", "source"), own.get("source"), sources, "source")
                issues += _bounds(loc + ("baseline", "value"), own.get("value"), minimum, limit)
            base_line = own or baseline
            if tgt.get("ratio") is not None and base_line is None:
                issues.append((loc + ("ratio",), "a relative target needs a baseline", "add `baseline: {year: ...}` to the target or the indicator", False))
            by, ty = _year((base_line or {}).get("year")), _year(tgt.get("year"))
            if by is not None and ty is not None and ty <= by:
                issues.append((loc + ("year",), f"target year {ty} is not after its baseline year {by}", "", False))
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
            issues.append((loc + ("target",), f"indicator {ind_id!r} has no target {tgt!r}", "", False))
        issues += _verbatim(loc, claim, source_docs, documents)
    issues += evidence_checks(data)
    return issues


# --- evidence: derived formulas and stand-ins (issue 11) -------------------------------------------


def evidence_checks(data: dict) -> list[Issue]:
    """Formulas of derived indicators (syntax, unknown ids, cycles) and claims' stand-ins."""
    from .formula import FormulaError, names

    issues: list[Issue] = []
    indicators = _ids(data, "indicators")
    uses: dict[str, list[str]] = {}
    where: dict[str, tuple] = {}
    for i, ind in _items(data, "indicators"):
        derived = ind.get("derived")
        if not isinstance(derived, dict) or not isinstance(derived.get("formula"), str) or not isinstance(ind.get("id"), str):
            continue
        loc = ("indicators", i, "derived", "formula")
        try:
            found = names(derived["formula"])
        except FormulaError as exc:
            issues.append((loc, f"formula: {exc} (at character {exc.offset + 1})", "e.g. road_deaths / population * 100000", False))
            continue
        unknown = [(n, at) for n, at in found if n not in indicators]
        for name, at in unknown[:1]:
            issues += [(loc, f"{m} in the formula, at character {at + 1}", h, False) for _, m, h, _ in _ref(loc, name, indicators, "indicator")]
        mid = derived.get("mid_year") if isinstance(derived.get("mid_year"), list) else []
        for j, name in enumerate(mid):
            if isinstance(name, str) and name not in {n for n, _ in found}:
                issues.append((("indicators", i, "derived", "mid_year", j), f"{name!r} is not an input of the formula", "", False))
        if not unknown:
            uses[ind["id"]] = [n for n, _ in found]
            where[ind["id"]] = loc
    reported: set[str] = set()
    for start in uses:
        cycle = _cycle(start, uses)
        if cycle and not reported & set(cycle):
            reported |= set(cycle)
            issues.append((where[start], f"the formula is circular: {' -> '.join(cycle)}", "a derived indicator cannot depend on itself", False))
    for i, claim in _items(data, "claims"):
        stand_in = claim.get("stand_in")
        if isinstance(stand_in, dict):
            loc = ("claims", i, "stand_in", "indicator")
            issues += _ref(loc, stand_in.get("indicator"), indicators, "indicator")
            if stand_in.get("indicator") == claim.get("indicator") and isinstance(claim.get("indicator"), str):
                issues.append((loc, "a stand-in must be another indicator than the claim's own", "", False))
    return issues


def _cycle(start: str, uses: dict[str, list[str]]) -> list[str]:
    """The first path from `start` back to itself through derived indicators, or []."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for nxt in uses.get(node, []):
            if nxt == start:
                return path + [start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, path + [nxt]))
    return []
