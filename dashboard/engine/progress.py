"""Progress engine: pure functions over numbers, no pandas, no I/O.

Status vocabulary, best first: target_achieved, on_track, fair, limited,
deterioration; missed (a past-due target whose year's value misses it);
due_awaiting_data (past due, its year's value not yet published);
insufficient_data when a method cannot be applied.

Only full-year levels enter progress: a value for part of a year (`period`)
or a published change (`kind="change"`) never does (see `annual`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, NamedTuple

from dashboard.engine.phrases import NOTHING, Num, Phrase
from dashboard.engine.vocabulary import METHODS, QUALIFIER_RANK, SHORT_TEXT, STATUS_TEXT, STATUSES, Status, qualifier_rank
from dashboard.i18n import _


def implied_unit(value: float) -> float:
    """The rounding unit a stated figure implies: 13,900 -> 100; 28.9 -> 0.1; 23 -> 1."""
    if value == 0:
        return 1.0
    if float(value).is_integer():
        n, k = int(abs(value)), 0
        while n % 10 == 0:
            n //= 10
            k += 1
        return float(10**k)
    exponent = Decimal(repr(float(value))).normalize().as_tuple().exponent
    return float(Decimal(1).scaleb(int(exponent)))


def bounds(value: float, qualifier: str) -> tuple[float, float]:
    """Where a qualified figure places the true value.

    '=' is the value itself; '~' is ± half its rounding unit; '>'/'>=' lie
    between the value and one rounding unit above ("more than 14.4 thousand"
    reads as 14,400-14,500), '<'/'<=' one unit below.
    """
    if qualifier == "=":
        return value, value
    unit = implied_unit(value)
    if qualifier == "~":
        return value - unit / 2, value + unit / 2
    if qualifier in (">", ">="):
        return value, value + unit
    if qualifier in ("<", "<="):
        return value - unit, value
    raise ValueError(f"unknown qualifier {qualifier!r}")


class Point(NamedTuple):
    """One value in one year. A named tuple: a 100,000-row series makes as many (3x cheaper than a frozen dataclass).

    `period` ("Jan-Jul") marks a value for part of the year; `kind="change"` a published percent change
    on the previous year (or on the same period of it); `derived` a value computed by a formula, whose
    `source` lists its inputs' sources (", "-joined) and whose bounds are `lo`/`hi` (interval arithmetic).
    """

    year: int
    value: float
    qualifier: str = "="
    source: str = ""
    period: str | None = None
    kind: str = "level"
    derived: bool = False
    lo: float | None = None
    hi: float | None = None

    @property
    def low(self) -> float:
        return self.lo if self.lo is not None else bounds(self.value, self.qualifier)[0]

    @property
    def high(self) -> float:
        return self.hi if self.hi is not None else bounds(self.value, self.qualifier)[1]

    @property
    def bounded(self) -> bool:
        return self.qualifier != "=" or (self.lo is not None and self.lo != self.hi)

    @property
    def annual(self) -> bool:
        """A full-year level: the only kind of value that progress, latest values and change figures use."""
        return self.period is None and self.kind == "level"

    @property
    def sources(self) -> list[str]:
        """The source ids behind the value: one, or a derived value's inputs' sources."""
        return self.source.split(", ") if self.source else []


def _rank(p: Point) -> int:
    # a published value before a derived one; then exact before approximate before bounds
    return qualifier_rank(p.qualifier) + (10 if p.derived else 0)


def by_year(points: list[Point]) -> dict[int, Point]:
    """One full-year value a year, in one pass, years in order: published before derived, exact before approximate
    before bounds, then registry order. Partial-year values and published changes are left out."""
    best: dict[int, Point] = {}
    rank: dict[int, int] = {}
    ranks = QUALIFIER_RANK  # _rank, inlined, and each point unpacked once: a long series has a point a row
    for p in points:
        year, _value, qualifier, _source, period, kind, derived, _lo, _hi = p
        if period is not None or kind != "level":
            continue
        r = ranks.get(qualifier, 9) + (10 if derived else 0)
        if r < rank.get(year, 100):  # strict: the first of equal rank wins
            best[year], rank[year] = p, r
    return dict(sorted(best.items()))


def met(value: float, target: float, lower_is_better: bool) -> bool:
    return value <= target if lower_is_better else value >= target


def annual_rate(start: float, end: float, years: int, compound: bool) -> float:
    """Compound annual growth rate (end/start)^(1/years) - 1, or linear (end - start)/years."""
    if compound:
        return (end / start) ** (1 / years) - 1
    return (end - start) / years


# Status bands per method: (lowest score, status), best first; below the last, deterioration.
# UNSD Progress Chart: CR >= 0.95 on track, 0.5-0.95 fair, -0.1-0.5 limited, below -0.1 deterioration.
# ESCAP Current Status Index (share of the way over share of time elapsed), our banding: 0.95, 0.5, 0.
# Statistics Canada, as Open SDG's ProgressMeasure passes its thresholds: high 0.95, medium 0.60, then 0.
BANDS: dict[str, tuple[tuple[float, Status], ...]] = {
    "unsd": ((0.95, "on_track"), (0.5, "fair"), (-0.1, "limited")),
    "escap": ((0.95, "on_track"), (0.5, "fair"), (0.0, "limited")),
    "statcan": ((0.95, "on_track"), (0.60, "fair"), (0.0, "limited")),
}


def band(method: str, score: float) -> Status:
    """The status a method gives a score."""
    return next((status for lowest, status in BANDS[method] if score >= lowest), "deterioration")


@dataclass(frozen=True)
class MethodResult:
    method: str
    status: Status
    score: float | None  # CR (UNSD), index (ESCAP), growth ratio (StatCan)
    status_low: Status | None = None  # at each end of a bounded latest value
    status_high: Status | None = None

    @property
    def label(self) -> str:
        """'limited progress', or 'limited to fair progress' when a bound spans two statuses, in the reader's language."""
        ends = {self.status_low, self.status_high} - {None}
        if len(ends) <= 1:
            return _(STATUS_TEXT[self.status])
        worse, better = sorted(ends, key=STATUSES.index, reverse=True)
        if {worse, better} == {"missed", "target_achieved"}:
            return _("achieved or missed: the value's bounds span the target")
        return _("{worse} to {better}").format(worse=_(SHORT_TEXT.get(worse, STATUS_TEXT[worse])), better=_(STATUS_TEXT[better]))


@dataclass(frozen=True)
class TargetProgress:
    baseline: Point | None
    target_year: int
    target_value: float | None
    latest: Point | None
    lower_is_better: bool
    rate_kind: Literal["compound", "linear"] | None = None
    required_rate: float | None = None
    actual_rate: float | None = None
    share_done: float | None = None
    time_elapsed: float | None = None
    projected_value: float | None = None
    required_path: list[tuple[int, float]] = field(default_factory=list)
    projected_path: list[tuple[int, float]] = field(default_factory=list)
    methods: dict[str, MethodResult] = field(default_factory=dict)
    reason: Phrase = NOTHING  # why a status is what it is (past due, no data): a code with its numbers
    due: bool = False  # past due: the status is decided by the value of the target year
    gap: float | None = None  # past due: that value minus the target value (signed)

    @property
    def methods_disagree(self) -> bool:
        return len({m.label for m in self.methods.values()}) > 1

    @property
    def status(self) -> Status:
        """Headline status: the UNSD method's."""
        return self.methods["unsd"].status if self.methods else "insufficient_data"


def _insufficient(reason: Phrase, **known: object) -> TargetProgress:
    methods = {m: MethodResult(m, "insufficient_data", None) for m in METHODS}
    return TargetProgress(methods=methods, reason=reason, **known)  # type: ignore[arg-type]


def _statuses(
    b: Point, by: int, ty: int, target: float, year: int, value: float, lower: bool
) -> tuple[dict[str, tuple[Status, float | None]], dict]:
    compound = b.value > 0 and target > 0 and value > 0
    required = annual_rate(b.value, target, ty - by, compound)
    actual = annual_rate(b.value, value, year - by, compound)
    rates = {"rate_kind": "compound" if compound else "linear", "required_rate": required, "actual_rate": actual}
    if met(value, target, lower):
        return {m: ("target_achieved", None) for m in METHODS}, rates
    if met(b.value, target, lower):
        # the baseline already met the target ("stay below 120") and the value has crossed it since:
        # rates would read as progress (both point away from the baseline), so it is deterioration
        return {m: ("deterioration", None) for m in METHODS}, rates
    # T != B here, but a target within rounding of the baseline can still make the rate 0
    ratio = actual / required if required else -math.inf
    share = (value - b.value) / (target - b.value)
    elapsed = (year - by) / (ty - by)
    index = share / elapsed
    scores = {"unsd": ratio, "escap": index, "statcan": ratio}
    results = {m: (band(m, score), score) for m, score in scores.items()}
    return results, {
        "rate_kind": "compound" if compound else "linear",
        "required_rate": required,
        "actual_rate": actual,
        "share_done": share,
        "time_elapsed": elapsed,
    }


def assess(
    points: list[Point],
    baseline_year: int | None,
    target_year: int,
    *,
    lower_is_better: bool,
    target_value: float | None = None,
    target_ratio: float | None = None,
    baseline_value: float | None = None,
    as_of_year: int | None = None,
    yearly: dict[int, Point] | None = None,
) -> TargetProgress:
    """Progress of one indicator towards one target (`yearly`: `by_year(points)` when the caller has it).

    Past due (the target year is before `as_of_year`, or its value is
    published): the status is the value *of the target year* against the
    target, "target_achieved" or "missed" (with `gap`), or
    "due_awaiting_data" while that value is not published; the methods'
    scores stay as extra information when a baseline value exists.

    Required rate r* = (T/B)^(1/(t_T - t_0)) - 1 and actual rate
    r = (x_t/B)^(1/(t - t_0)) - 1 (compound annual rates; linear annual
    changes when any value is zero or negative). UNSD and Statistics Canada
    rate the ratio r/r*; ESCAP rates the share of the way done
    (x_t - B)/(T - B) against the share of time elapsed. The latest value is
    the last year after the baseline; a bounded value is rated at both ends.
    """
    yearly = by_year(points) if yearly is None else yearly
    known: dict = {"target_year": target_year, "lower_is_better": lower_is_better, "target_value": target_value}
    if target_year in yearly or (as_of_year is not None and target_year < as_of_year):
        return _past_due(yearly, baseline_year, target_year, target_value, target_ratio, baseline_value, lower_is_better)
    if baseline_year is None:
        return _insufficient(Phrase.of("no_baseline_year"), baseline=None, latest=None, **known)
    base_point = Point(baseline_year, baseline_value, "=") if baseline_value is not None else yearly.get(baseline_year)
    if base_point is None:
        return _insufficient(
            Phrase.of("no_baseline_value", year=baseline_year), baseline=None, latest=_latest(yearly, baseline_year), **known
        )
    if target_value is None:
        if target_ratio is None:
            raise ValueError("give target_value or target_ratio")
        target_value = base_point.value * target_ratio
        known["target_value"] = target_value
    latest = _latest(yearly, baseline_year)
    required_path = _line(baseline_year, base_point.value, target_year, target_value)
    if latest is None:
        return _insufficient(
            Phrase.of("no_value_after_baseline", year=baseline_year), baseline=base_point, latest=None, required_path=required_path, **known
        )
    if target_year <= baseline_year:
        return _insufficient(Phrase.of("target_not_after_baseline"), baseline=base_point, latest=latest, **known)

    central, info = _statuses(base_point, baseline_year, target_year, target_value, latest.year, latest.value, lower_is_better)
    ends: list[dict] = []
    if latest.bounded:
        for end in (latest.low, latest.high):
            ends.append(_statuses(base_point, baseline_year, target_year, target_value, latest.year, end, lower_is_better)[0])
    methods = {
        m: MethodResult(m, central[m][0], central[m][1], ends[0][m][0] if ends else None, ends[1][m][0] if ends else None) for m in METHODS
    }
    rate, compound = info["actual_rate"], info["rate_kind"] == "compound"

    def project(year: int) -> float:
        steps = year - baseline_year
        return base_point.value * (1 + rate) ** steps if compound else base_point.value + rate * steps

    projected_value = project(target_year)
    projected_path = [(y, project(y)) for y in range(latest.year, max(target_year, latest.year) + 1)]
    return TargetProgress(
        baseline=base_point,
        latest=latest,
        required_path=required_path,
        projected_value=projected_value,
        projected_path=projected_path,
        methods=methods,
        **known,
        **info,
    )


def _latest(yearly: dict[int, Point], after: int) -> Point | None:
    later = [p for y, p in yearly.items() if y > after]
    return later[-1] if later else None


def _line(y0: int, v0: float, y1: int, v1: float) -> list[tuple[int, float]]:
    """The straight required path from baseline to target, one value a year."""
    if y1 <= y0:
        return []
    return [(y, v0 + (v1 - v0) * (y - y0) / (y1 - y0)) for y in range(y0, y1 + 1)]


def _past_due(
    yearly: dict[int, Point],
    baseline_year: int | None,
    target_year: int,
    target_value: float | None,
    target_ratio: float | None,
    baseline_value: float | None,
    lower: bool,
) -> TargetProgress:
    base = None
    if baseline_year is not None:
        base = Point(baseline_year, baseline_value, "=") if baseline_value is not None else yearly.get(baseline_year)
    known: dict = {"target_year": target_year, "lower_is_better": lower, "due": True}
    if target_value is None:
        if base is None:
            return _insufficient(
                Phrase.of("due_no_baseline_value", year=baseline_year),
                baseline=None,
                latest=yearly.get(target_year),
                target_value=None,
                **known,
            )
        target_value = base.value * (target_ratio or 1)
    point = yearly.get(target_year)
    known |= {"target_value": target_value, "baseline": base}
    if point is None:
        methods = {m: MethodResult(m, "due_awaiting_data", None) for m in METHODS}
        after = [p for y, p in yearly.items() if y > target_year]
        if after:
            reason = Phrase.of("due_unpublished_later_published", year=target_year, later=after[-1].year)
        else:
            reason = Phrase.of("due_unpublished", year=target_year)
        return TargetProgress(latest=None, methods=methods, reason=reason, **known)

    def decide(value: float) -> Status:
        return "target_achieved" if met(value, target_value, lower) else "missed"

    status = decide(point.value)
    low, high = (decide(point.low), decide(point.high)) if point.bounded else (None, None)
    scores: dict[str, float | None] = dict.fromkeys(METHODS)
    info: dict = {}
    if base is not None and target_year > base.year and status == "missed":
        central, info = _statuses(base, base.year, target_year, target_value, target_year, point.value, lower)
        scores = {m: central[m][1] for m in METHODS}
    methods = {m: MethodResult(m, status, scores[m], low, high) for m in METHODS}
    gap = point.value - target_value
    if status == "target_achieved":
        reason = Phrase.of("due_met", year=target_year, value=Num(point.value))
    else:
        reason = Phrase.of("due_missed", year=target_year, value=Num(point.value), target=Num(target_value), gap=Num(abs(gap)))
    return TargetProgress(latest=point, methods=methods, reason=reason, gap=gap, **known, **info)
