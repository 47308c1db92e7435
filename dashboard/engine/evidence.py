"""Evidence for claims: the best independent figure the registry holds, and what is missing (pure).

`check_claims(registry, points_by_indicator)` checks every claim, in this order:

1. direct evidence on the claim's indicator: full-year levels (or values for the
   claim's own `period`) from sources other than the claim's; a derived value
   only where no published one exists for that year;
2. for `direction` and `change` claims between consecutive years, a published
   change (`kind: change`) of the later year, when the levels cannot decide; for
   `direction` claims then a published direction (`kind: direction`: only the
   way it moved, as the source says it);
3. a `trend` claim is each of its year-on-year steps checked as a `direction`
   claim: consistent when every step moved the claimed way, inconsistent when
   one moved the other way, else unverifiable, naming the steps not settled;
4. when still unverifiable, the same on the claim's `stand_in` (a related
   indicator, or the same months of each year for a full-year claim): the
   check then says "by a stand-in" and is counted apart (`by_stand_in`).

When sources disagree (several values for one year), the verdict is taken on
the range they span, and `per_source` gives the verdict against each.
A partial-year value is never evidence for a full-year claim, nor the reverse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from itertools import product

from dashboard.engine.claims import (
    NONE_COMPUTED,
    ClaimCheck,
    check_claim,
    claim_set,
    claimed_change,
    compare,
    moved_text,
    no_value,
    source_ref,
    years_text,
)
from dashboard.engine.derived import with_derived
from dashboard.engine.phrases import Num, Phrase, Said
from dashboard.engine.progress import Point, TargetProgress
from dashboard.engine.spans import published_direction, trend
from dashboard.engine.vocabulary import COURSES, RESULTS, qualifier_rank
from dashboard.i18n import ngettext
from dashboard.registry.formula import FormulaError, names
from dashboard.registry.models import ChangeClaim, DirectionClaim, Indicator, LevelClaim, Registry, TargetClaim, TrendClaim

AnyClaim = LevelClaim | ChangeClaim | DirectionClaim | TrendClaim | TargetClaim
STALE_AFTER_YEARS = 3

__all__ = [
    "STALE_AFTER_YEARS",
    "Scorecard",
    "Staleness",
    "candidates",
    "check_claims",
    "disagreements",
    "scorecards",
    "staleness",
    "verdict_counts",
]


@dataclass(frozen=True)
class Staleness:
    """Age of an indicator's latest full-year value against the registry's `as_of`."""

    latest_year: int | None
    age_years: int | None
    stale: bool  # more than STALE_AFTER_YEARS years older than as_of

    @property
    def text(self) -> str:
        if not self.stale:
            return ""
        return ngettext("latest value is {age} year old ({year})", "latest value is {age} years old ({year})", self.age_years or 0).format(
            age=self.age_years, year=self.latest_year
        )


def staleness(yearly: dict[int, Point], as_of: dt.date) -> Staleness:
    """How old the latest full-year value (of `by_year(points)`) is on `as_of`."""
    if not yearly:
        return Staleness(None, None, False)
    latest = max(yearly)
    age = as_of.year - latest
    return Staleness(latest, age, age > STALE_AFTER_YEARS)


def disagreements(points: list[Point]) -> dict[int, list[Point]]:
    """Years in which published full-year values from different sources do not overlap (within rounding)."""
    best: dict[int, dict[str, tuple[int, int, Point]]] = {}
    for i, p in enumerate(points):  # one pass: each year's best value per source, as `candidates` picks them
        if p.period is not None or p.kind != "level" or p.derived:
            continue
        year = best.get(p.year)
        if year is None:
            year = best[p.year] = {}
        r, held = qualifier_rank(p.qualifier), year.get(p.source)
        if held is None or r < held[0]:
            year[p.source] = (r, i, p)
    out: dict[int, list[Point]] = {}
    for y in sorted(best):
        if len(best[y]) > 1:
            vals = _ranked(best[y])
            ends = [(p.value, p.value) if p.lo is None and p.qualifier == "=" else (p.low, p.high) for p in vals]
            if min(high for _, high in ends) < max(low for low, _ in ends):
                out[y] = vals
    return out


def candidates(points: list[Point], year: int, *, period: str | None = None, kind: str = "level", exclude: str = "") -> list[Point]:
    """The values for a year (and period, and kind), one per source, best qualifier first; derived only if nothing is published."""
    pts = [p for p in points if p.year == year and p.period == period and p.kind == kind and exclude not in p.sources]
    published = [p for p in pts if not p.derived]
    return _per_source(published or pts)


def _per_source(pts: list[Point]) -> list[Point]:
    """One value per source: an exact value before an approximate one before a bound, then the first given."""
    best: dict[str, Point] = {}
    for p in sorted(pts, key=lambda q: qualifier_rank(q.qualifier)):
        best.setdefault(p.source, p)
    return list(best.values())


def _ranked(best: dict[str, tuple[int, int, Point]]) -> list[Point]:
    """The values of (rank, place, value) per source in the order of rank, then place: as `_per_source` orders them."""
    return [p for _, _, p in sorted(best.values(), key=lambda held: held[:2])]


def _envelope(pts: list[Point]) -> Point:
    if len(pts) == 1:
        return pts[0]
    low, high = min(p.low for p in pts), max(p.high for p in pts)
    return Point(pts[0].year, (low + high) / 2, "~", ", ".join(p.source for p in pts), pts[0].period, pts[0].kind, False, low, high)


def _show(p: Point, decimals: int) -> Phrase:
    if p.lo is not None and p.lo != p.hi:
        value: Phrase | Num = Phrase.of("span", low=Num(p.lo, "qualified", decimals), high=Num(p.hi, "qualified", decimals))
    else:
        value = Num(p.value, "qualified", decimals, p.qualifier)
    return Phrase.of("point", year=p.year, value=value, derived=p.derived)


def _levels(claim: AnyClaim, points: list[Point], ind: Indicator | None, as_of_year: int, status: object) -> ClaimCheck:
    decimals = ind.decimals if ind else 0
    lower = ind.direction != "higher_is_better" if ind else True
    period = claim.period
    if isinstance(claim, TargetClaim):
        independent = [p for p in points if claim.source not in p.sources]
        check = check_claim(claim, independent, decimals=decimals, as_of_year=as_of_year, methods=status, lower_is_better=lower)
        used = [p for p in independent if p.annual and p.year in (claim.year, claim.baseline_year) and p.source in check.evidence]
        return replace(check, values=used)
    if isinstance(claim, LevelClaim):
        found = candidates(points, claim.year, period=period, exclude=claim.source)
        if not found:
            return ClaimCheck(claim.id, "unverifiable", "–", no_value([claim.year]))
        checks = [check_claim(claim, [p], decimals=decimals, as_of_year=as_of_year) for p in found]
        return _combine(
            claim,
            checks,
            [[p] for p in found],
            lambda: check_claim(claim, [_envelope(found)], decimals=decimals, as_of_year=as_of_year),
            decimals,
        )
    a = candidates(points, claim.from_year, period=period, exclude=claim.source)
    b = candidates(points, claim.to_year, period=period, exclude=claim.source)
    if not a or not b:
        missing = [y for y, c in ((claim.from_year, a), (claim.to_year, b)) if not c]
        return ClaimCheck(claim.id, "unverifiable", "–", no_value(missing))
    pairs = list(product(a, b))
    checks = [check_claim(claim, [x, y], decimals=decimals, as_of_year=as_of_year) for x, y in pairs]
    return _combine(
        claim,
        checks,
        [list(p) for p in pairs],
        lambda: check_claim(claim, [_envelope(a), _envelope(b)], decimals=decimals, as_of_year=as_of_year),
        decimals,
    )


def _combine(claim: AnyClaim, checks: list[ClaimCheck], used: list[list[Point]], on_range, decimals: int) -> ClaimCheck:
    """One check, or the verdict on the range when several sources give values (with the verdict against each)."""
    if len(checks) == 1:
        return replace(checks[0], values=used[0])
    values = list(dict.fromkeys(p for pts in used for p in pts))
    per_source: list[Said] = [
        Phrase.of(
            "against",
            result=Phrase.of("word", key=c.result),
            values=_joined(" → ", [Phrase.of("from_source", value=_show(p, decimals), source=source_ref(p.source)) for p in pts]),
        )
        for c, pts in zip(checks, used)
    ]
    results = {c.result for c in checks}
    overall = on_range()
    result = results.pop() if len(results) == 1 else overall.result
    years = sorted({p.year for p in values})
    ranges = [_envelope([p for p in values if p.year == y]) for y in years]
    figure: Phrase = _joined(" → ", [_show(p, decimals) for p in ranges])
    if len(ranges) == 2 and ranges[0].low > 0:
        a, b = ranges
        span = Phrase.of("range_to", low=Num(b.low / a.high, "change"), high=Num(b.high / a.low, "change"))
        figure = Phrase.of("with_values", shown=span, values=figure)
    counts = {y: len([p for p in values if p.year == y]) for y in years}
    spans = _joined("; ", [Phrase.of("sources_count", year=y, count=n) for y, n in counts.items()])
    evidence = sorted({s for p in values for s in p.sources})
    detail = Phrase.of("sources_disagree", spans=spans, detail=overall.detail)
    return ClaimCheck(claim.id, result, figure, detail, overall.computed, evidence, values=values, per_source=per_source)


def _changes(claim: ChangeClaim | DirectionClaim, points: list[Point]) -> ClaimCheck | None:
    """A published change of the later year as evidence for a claim between consecutive years."""
    if claim.to_year != claim.from_year + 1:
        return None
    found = candidates(points, claim.to_year, period=claim.period, kind="change", exclude=claim.source)
    if not found:
        return None
    low, high = min(p.low for p in found), max(p.high for p in found)
    shown = _joined(
        ", ",
        [
            Phrase.of("change_from_source", value=_signed(p.value, p.qualifier), source=source_ref(p.source), period=p.period or "")
            for p in found
        ],
    )
    figure = Phrase.of("published_change", year=claim.to_year, values=shown)
    if len(found) > 1:
        span: Phrase | Num = Phrase.of("range_to", low=_signed(low), high=_signed(high)) if low != high else _signed(low)
    else:
        span = _signed(found[0].value, found[0].qualifier)
    evidence = sorted({p.source for p in found})
    if isinstance(claim, DirectionClaim):
        moved = "up" if low > 0 else "down" if high < 0 else None
        if moved is None:
            detail = Phrase.of("published_change_unclear", change=span)
            return ClaimCheck(claim.id, "unverifiable", figure, detail, None, evidence, values=found)
        result = "consistent" if moved == claim.direction else "inconsistent"
        detail = Phrase.of("published_change_moved", change=span, moved=moved_text(moved, claim.direction))
        return ClaimCheck(claim.id, result, figure, detail, (low + high) / 2, evidence, values=found)
    if claim.measure == "ratio":
        lo, hi = 1 + low / 100, 1 + high / 100
    else:
        lo, hi = low, high
    result = compare(lo, hi, *claim_set(claim.value, claim.qualifier))
    detail = Phrase.of("minus", text=Phrase.of("published_change_against", change=span, claimed=claimed_change(claim)))
    return ClaimCheck(claim.id, result, figure, detail, (lo + hi) / 2, evidence, values=found)


def _signed(value: float, qualifier: str = "=") -> Num:
    """'+5.2%', 'about −3.0%'; Russian '+5,2 %', 'около −3,0 %'."""
    return Num(value, "signed", 1, qualifier)


def _joined(sep: str, items: list) -> Phrase:
    return Phrase.of("join", sep=sep, items=tuple(items))


def _directions(claim: DirectionClaim, points: list[Point]) -> ClaimCheck | None:
    """A published direction of the later year ("the solve rate declined") as evidence for a direction claim."""
    if claim.to_year != claim.from_year + 1:
        return None
    found = candidates(points, claim.to_year, period=claim.period, kind="direction", exclude=claim.source)
    return published_direction(claim, found) if found else None


def _evaluate(claim: AnyClaim, points: list[Point], ind: Indicator | None, as_of_year: int, status: object) -> ClaimCheck:
    if isinstance(claim, TrendClaim):
        return trend(claim, lambda step: _evaluate(step, points, ind, as_of_year, None))
    check = _levels(claim, points, ind, as_of_year, status)
    if check.result == "unverifiable" and isinstance(claim, (ChangeClaim, DirectionClaim)):
        published = _changes(claim, points)
        if published is not None and (published.result != "unverifiable" or check.figure == NONE_COMPUTED):
            return published
        way = _directions(claim, points) if isinstance(claim, DirectionClaim) else None
        if way is not None and (way.result != "unverifiable" or (published is None and check.figure == NONE_COMPUTED)):
            return way
        if published is not None:
            return published
    return check


def _missing(claim: AnyClaim, registry: Registry, ind: Indicator | None) -> Phrase:
    """The figure that would settle an unverifiable claim."""
    what: Said = Phrase.of("subject", title=ind.title) if ind else claim.indicator
    period = f" ({claim.period})" if claim.period else ""
    if isinstance(claim, TargetClaim):
        return Phrase.of("settled_by_year", year=claim.year, what=what)
    if isinstance(claim, TrendClaim):
        return Phrase.of("needs_each_year", what=what, first=claim.from_year, last=claim.to_year, period=period)
    years = [claim.year] if isinstance(claim, LevelClaim) else [claim.from_year, claim.to_year]
    if len(years) == 1:
        parts: list[Phrase] = [Phrase.of("needs_year", what=what, year=years[0], period=period)]
    else:
        parts = [Phrase.of("needs_years", what=what, first=years[0], second=years[1], period=period)]
    if not isinstance(claim, LevelClaim) and claim.to_year == claim.from_year + 1:
        parts.append(Phrase.of("or_published_change", year=claim.to_year))
    if ind is not None and ind.derived is not None:
        try:
            inputs = list(dict.fromkeys(n for n, _kind in names(ind.derived.formula)))
        except FormulaError:
            inputs = []
        if inputs:
            titled = [Phrase.of("subject", title=other.title) if (other := registry.indicator(n)) else n for n in inputs]
            parts.append(Phrase.of("or_inputs", inputs=_joined(", ", titled), years=years_text(years)))
    return parts[0] if len(parts) == 1 else _joined("", parts)


def check_claims(
    registry: Registry,
    points_by_indicator: dict[str, list[Point]],
    results: dict[tuple[str, str], TargetProgress] | None = None,
) -> dict[str, ClaimCheck]:
    """Every claim's check, by claim id. `points_by_indicator` holds published points (derived ones are added here
    when missing); `results` (target progress by (indicator, target)) gives target claims their progress status."""
    pts = points_by_indicator
    if any(ind.derived and not any(p.derived for p in pts.get(ind.id, [])) for ind in registry.indicators):
        pts = with_derived(registry, points_by_indicator)
    as_of_year = registry.meta.as_of.year
    out: dict[str, ClaimCheck] = {}
    for claim in registry.claims:
        ind = registry.indicator(claim.indicator)
        status = None
        if isinstance(claim, TargetClaim) and claim.target and results and (claim.indicator, claim.target) in results:
            status = results[(claim.indicator, claim.target)].methods
        check = _evaluate(claim, pts.get(claim.indicator, []), ind, as_of_year, status)
        stand_in = claim.stand_in
        if check.result == "unverifiable" and stand_in is not None and not isinstance(claim, TargetClaim):
            other_id = stand_in.indicator or claim.indicator
            other = registry.indicator(other_id)
            # a part-year stand-in: the claim read on the same months of each of its years, never on a full year
            proxy_claim = claim.model_copy(update={"period": stand_in.period}) if stand_in.period else claim
            proxy = _evaluate(proxy_claim, pts.get(other_id, []), other, as_of_year, None)
            if proxy.result != "unverifiable":
                subject = Phrase.of("subject", title=other.title if other else other_id)
                if stand_in.period:
                    detail = Phrase.of("by_stand_in_period", indicator=subject, period=stand_in.period, detail=proxy.detail)
                else:
                    detail = Phrase.of("by_stand_in", indicator=subject, detail=proxy.detail)
                check = replace(proxy, by_stand_in=True, stand_in=other_id, detail=detail)
        if check.result == "unverifiable" and not check.missing:
            missing = _missing(claim, registry, ind)
            check = replace(check, missing=missing, detail=_joined("; ", [check.detail, Phrase.of("would_settle", missing=missing)]))
        source = registry.source(claim.source)
        said_on = claim.said_on or (source.date if source else None)
        out[claim.id] = replace(
            check,
            quote_checked=bool(source and source.document),
            said_on=said_on.isoformat() if said_on else None,
        )
    return out


@dataclass(frozen=True)
class Scorecard:
    """One speech's claims counted by verdict: each verdict's count includes its stand-in verdicts (`by_stand_in`
    says how many of them), and the commitments in the works are split by course."""

    said_on: str  # the speech's date, ISO, or "undated"
    counts: dict[str, int]  # verdict -> claims, every verdict of RESULTS present
    by_stand_in: dict[str, int]  # verdict -> how many of its claims were reached through a stand-in
    courses: dict[str, int]  # course -> commitments in the works on it
    claims: tuple[str, ...]  # the speech's claim ids, in registry order

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def with_verdict(self) -> int:
        """Claims that have an answer: every verdict but unverifiable."""
        return self.total - self.counts["unverifiable"]

    def as_dict(self) -> dict:
        return {
            "said_on": self.said_on,
            "total": self.total,
            "with_verdict": self.with_verdict,
            "counts": dict(self.counts),
            "by_stand_in": dict(self.by_stand_in),
            "in_works_by_course": dict(self.courses),
        }


def scorecards(checks: dict[str, ClaimCheck], registry: Registry) -> list[Scorecard]:
    """One scorecard per speech, oldest first; claims without a date last, as "undated"."""
    days: dict[str, list[ClaimCheck]] = {}
    for claim in registry.claims:
        check = checks[claim.id]
        days.setdefault(check.said_on or "undated", []).append(check)
    out = []
    for day in sorted(days, key=lambda d: (d == "undated", d)):
        found = days[day]
        out.append(
            Scorecard(
                day,
                {r: sum(c.result == r for c in found) for r in RESULTS},
                {r: sum(c.result == r and c.by_stand_in for c in found) for r in RESULTS},
                {k: sum(c.result == "in_works" and c.course == k for c in found) for k in COURSES},
                tuple(c.claim for c in found),
            )
        )
    return out


def verdict_counts(checks: dict[str, ClaimCheck], registry: Registry) -> dict[str, dict]:
    """Per speech date, its scorecard as plain data (the summary's and the data files' shape)."""
    return {card.said_on: card.as_dict() for card in scorecards(checks, registry)}
