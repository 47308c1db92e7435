"""What a version of the registry published, as a small record, and what changed between two records.

A record holds, in codes: every published value (indicator, year, source, period, kind → qualifier and
value), every target's status under each method, and every claim's verdict with whether a stand-in
reached it. The verdict is whatever code the claim check returns, so the vocabulary may change
without this module. `diff(old, new)` lists the values added, changed and removed, the targets whose
status changed under any method and the claims whose verdict changed, each with old and new.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from dashboard.engine.assessment import Assessment

RECORD_SCHEMA = 1
# a registry with more published values than this keeps only statuses and verdicts in its records
MAX_RECORDED_VALUES = 50_000


def _number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def value_text(qualifier: str, value: float) -> str:
    """'>13900', '9.1', '~34000': a value as the records and the diff show it."""
    return ("" if qualifier == "=" else qualifier) + _number(value)


def value_key(year: int, source: str, period: str | None, kind: str) -> str:
    return "|".join((str(year), source, period or "", kind))


def split_key(key: str) -> tuple[int, str, str | None, str]:
    year, source, period, kind = (key.split("|") + ["", "", "", ""])[:4]
    return int(year) if year.isdigit() else 0, source, period or None, kind or "level"


def record_of(assessment: Assessment) -> dict[str, Any]:
    """The record of `assessment`'s registry (without its time: the caller's clock adds it)."""
    values: dict[str, dict[str, str]] | None = {}
    count = 0
    for view in assessment:
        own = {value_key(p.year, p.source, p.period, p.kind): value_text(p.qualifier, p.value) for p in view.points if not p.derived}
        count += len(own)
        if own:
            values[view.id] = own
    if count > MAX_RECORDED_VALUES:
        values = None
    targets = {
        f"{view.id}/{tv.target.id}": {method: str(result.status) for method, result in tv.result.methods.items()}
        for view in assessment
        for tv in view.targets
    }
    claims = {
        cid: {"verdict": str(check.result), "stand_in": bool(getattr(check, "by_stand_in", False))}
        for cid, check in assessment.checks.items()
    }
    return {"schema": RECORD_SCHEMA, "version": assessment.registry.version, "claims": claims, "targets": targets, "values": values}


@dataclass(frozen=True)
class ValueChange:
    indicator: str
    year: int
    source: str
    period: str | None
    kind: str
    old: str | None  # None: added
    new: str | None  # None: removed

    @property
    def change(self) -> str:
        return "added" if self.old is None else ("removed" if self.new is None else "changed")


@dataclass(frozen=True)
class StatusChange:
    indicator: str
    target: str
    method: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class VerdictChange:
    claim: str
    old: str | None  # the verdict code; None: the claim is new
    new: str | None  # None: the claim was removed
    old_stand_in: bool = False
    new_stand_in: bool = False


@dataclass(frozen=True)
class Changes:
    old: str  # version
    new: str
    values: list[ValueChange] = field(default_factory=list)
    statuses: list[StatusChange] = field(default_factory=list)
    verdicts: list[VerdictChange] = field(default_factory=list)
    values_recorded: bool = True  # False: one side's record kept no values

    @property
    def empty(self) -> bool:
        return not (self.values or self.statuses or self.verdicts)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        for item in out["values"]:
            item["change"] = "added" if item["old"] is None else ("removed" if item["new"] is None else "changed")
        return out


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def diff(old: dict[str, Any], new: dict[str, Any]) -> Changes:
    """What changed from record `old` to record `new`."""
    values: list[ValueChange] = []
    recorded = old.get("values") is not None and new.get("values") is not None
    if recorded:
        before, after = _dict(old.get("values")), _dict(new.get("values"))
        for ind in sorted(set(before) | set(after)):
            a, b = _dict(before.get(ind)), _dict(after.get(ind))
            for key in sorted(set(a) | set(b), key=lambda k: (split_key(k)[0], k)):
                if a.get(key) != b.get(key):
                    year, source, period, kind = split_key(key)
                    values.append(ValueChange(ind, year, source, period, kind, a.get(key), b.get(key)))
    statuses: list[StatusChange] = []
    before, after = _dict(old.get("targets")), _dict(new.get("targets"))
    for key in sorted(set(before) | set(after)):
        a, b = _dict(before.get(key)), _dict(after.get(key))
        ind, _slash, target = key.partition("/")
        for method in sorted(set(a) | set(b)):
            if a.get(method) != b.get(method):
                statuses.append(StatusChange(ind, target, method, a.get(method), b.get(method)))
    verdicts: list[VerdictChange] = []
    before, after = _dict(old.get("claims")), _dict(new.get("claims"))
    for cid in sorted(set(before) | set(after)):
        a, b = _dict(before.get(cid)), _dict(after.get(cid))
        if (a.get("verdict"), bool(a.get("stand_in"))) != (b.get("verdict"), bool(b.get("stand_in"))):
            verdicts.append(VerdictChange(cid, a.get("verdict"), b.get("verdict"), bool(a.get("stand_in")), bool(b.get("stand_in"))))
    return Changes(str(old.get("version", "")), str(new.get("version", "")), values, statuses, verdicts, recorded)


@dataclass(frozen=True)
class Run:
    """A stretch of versions in which a claim kept one verdict: from `version` (first published at `time`)."""

    verdict: str
    stand_in: bool
    version: str
    time: str
    because: tuple[ValueChange, ...] = ()  # the values of the claim's indicators that changed with this version


def verdict_runs(records: list[dict[str, Any]], claim_id: str, indicators: tuple[str, ...] = ()) -> list[Run]:
    """The claim's verdicts across `records` (oldest first), one Run per stretch of equal verdicts; a Run after
    the first names the values of `indicators` (the claim's, and its stand-in's) that changed with it."""
    runs: list[Run] = []
    before: dict[str, Any] | None = None
    for record in records:
        entry = _dict(_dict(record.get("claims")).get(claim_id))
        if "verdict" not in entry:
            continue
        verdict, stand_in = str(entry["verdict"]), bool(entry.get("stand_in"))
        if not runs or (runs[-1].verdict, runs[-1].stand_in) != (verdict, stand_in):
            because = tuple(c for c in diff(before, record).values if c.indicator in indicators) if before is not None else ()
            runs.append(Run(verdict, stand_in, str(record.get("version", "")), str(record.get("time", "")), because))
        before = record
    return runs
