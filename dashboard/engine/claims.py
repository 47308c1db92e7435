"""Claim checks: each claim against independent data only.

A value whose own source is the claim's source never counts as evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from dashboard.engine.phrases import NOTHING, Num, Phrase, Said
from dashboard.engine.progress import MethodResult, Point, bounds, by_year, implied_unit
from dashboard.engine.vocabulary import HEADLINE_METHOD, Course, Result, course_of
from dashboard.registry.models import ChangeClaim, DirectionClaim, LevelClaim, TargetClaim, TrendClaim

AnyClaim = LevelClaim | ChangeClaim | DirectionClaim | TrendClaim | TargetClaim

APPROX_TOLERANCE = 0.05  # "about x" accepts x ± 5% (or ± half its rounding unit, if larger)


@dataclass(frozen=True)
class ClaimCheck:
    """A claim's verdict and why, in codes and numbers: `figure`, `detail` and `missing` are phrases
    (`engine.phrases`) that `outputs/wording` says in a language; "–" is the figure when nothing was computed."""

    claim: str
    result: Result
    figure: Said  # the computed figure, e.g. "−58.3% (2004: 34,506 → 2024: > 14,400)"
    detail: Said
    computed: float | None = None
    evidence: list[str] = field(default_factory=list)  # sources used
    # filled by evidence.check_claims:
    values: list[Point] = field(default_factory=list)  # the values used (levels, published changes, derived values)
    by_stand_in: bool = False  # reached through the claim's stand-in indicator, counted apart from direct verdicts
    stand_in: str | None = None  # the stand-in indicator's id, when used
    per_source: list[Said] = field(default_factory=list)  # the verdict against each source, when sources disagree
    missing: Said = NOTHING  # for an unverifiable claim: the figure that would settle it
    text: str = ""  # the claim in plain words (evidence.claim_text)
    quote_checked: bool = True  # False: the quote's source has no stored text to check it against
    said_on: str | None = None  # date of the speech, ISO
    # a commitment in the works: its course by the headline method, and by each method (they may disagree)
    course: Course | None = None
    courses: dict[str, Course] = field(default_factory=dict)

    @property
    def methods_disagree(self) -> bool:
        return len(set(self.courses.values())) > 1


NONE_COMPUTED = "–"  # the figure of a check that computed nothing


def claim_set(value: float, qualifier: str) -> tuple[float, float]:
    """Values that make a claim true."""
    if qualifier in (">", ">="):
        return value, math.inf
    if qualifier in ("<", "<="):
        return -math.inf, value
    half = implied_unit(value) / 2
    if qualifier == "~":
        half = max(half, abs(value) * APPROX_TOLERANCE)
    return value - half, value + half


def compare(low: float, high: float, claim_low: float, claim_high: float) -> Result:
    if claim_low <= low and high <= claim_high:
        return "consistent"
    if high < claim_low or low > claim_high:
        return "inconsistent"
    return "unverifiable"


def source_ref(source: str) -> Phrase:
    """A source named in a phrase: said by its publisher's name where the reader sees it (an envelope's ids are ", "-joined)."""
    return Phrase.of("source", id=source)


def _show(p: Point, decimals: int) -> Phrase:
    return Phrase.of("point", year=p.year, value=Num(p.value, "qualified", decimals, p.qualifier), derived=False)


def years_text(years: list) -> Phrase:
    """'2024', '2004 and 2024' ('2024 г.', '2004 и 2024 гг.')."""
    return Phrase.of("years", years=tuple(years))


def no_value(years: list) -> Phrase:
    return Phrase.of("no_independent_value", years=years_text(years))


def moved_text(moved: str, direction: str) -> Phrase:
    """'the data moved up, the claim says down'."""
    return Phrase.of("moved", moved=Phrase.of("word", key=moved), direction=Phrase.of("word", key=direction))


def claimed_change(claim: ChangeClaim) -> Phrase | Num:
    """'ratio < 0.5', '> 20%': the change a claim states."""
    if claim.measure == "ratio":
        return Phrase.of("ratio_value", value=Num(claim.value, "qualified", 3, claim.qualifier))
    return Num(claim.value, "qualified", 1, claim.qualifier, "%")


def check_claim(
    claim: LevelClaim | ChangeClaim | DirectionClaim | TargetClaim,
    points: list[Point],
    *,
    decimals: int = 0,
    as_of_year: int,
    methods: dict[str, MethodResult] | None = None,
    lower_is_better: bool = True,
) -> ClaimCheck:
    """Check one claim against the indicator's observations from other sources (`methods`: the target's result
    by each method, which gives a target claim not yet due its course)."""
    pool = [p for p in points if p.source != claim.source]
    if claim.period is not None:  # a part-year claim: the values of its months, read as that year's
        pool = [p._replace(period=None) for p in pool if p.period == claim.period and p.kind == "level"]
    independent = by_year(pool)
    if isinstance(claim, LevelClaim):
        p = independent.get(claim.year)
        if p is None:
            return ClaimCheck(claim.id, "unverifiable", NONE_COMPUTED, no_value([claim.year]))
        result = compare(p.low, p.high, *claim_set(claim.value, claim.qualifier))
        detail = Phrase.of(
            "source_gives",
            source=source_ref(p.source),
            value=Num(p.value, "qualified", decimals, p.qualifier),
            claimed=Num(claim.value, "qualified", decimals, claim.qualifier),
        )
        return ClaimCheck(claim.id, result, _show(p, decimals), detail, p.value, [p.source])
    if isinstance(claim, (ChangeClaim, DirectionClaim)):
        a, b = independent.get(claim.from_year), independent.get(claim.to_year)
        missing = [y for y, p in ((claim.from_year, a), (claim.to_year, b)) if p is None]
        if a is None or b is None:
            return ClaimCheck(claim.id, "unverifiable", NONE_COMPUTED, no_value(missing))
        evidence = sorted({a.source, b.source})
        pair = Phrase.of("join", sep=" → ", items=(_show(a, decimals), _show(b, decimals)))
        if isinstance(claim, DirectionClaim):
            if b.low > a.high:
                moved = "up"
            elif b.high < a.low or (not a.bounded and not b.bounded and b.value == a.value):
                moved = "down" if b.high < a.low else "flat"
            else:
                return ClaimCheck(claim.id, "unverifiable", pair, Phrase.of("bounds_overlap"), None, evidence)
            result = "consistent" if moved == claim.direction else "inconsistent"
            ratio = b.value / a.value if a.value else None
            figure = Phrase.of("with_values", shown=Num(ratio, "change"), values=pair)
            return ClaimCheck(claim.id, result, figure, moved_text(moved, claim.direction), ratio, evidence)
        if a.low <= 0:
            return ClaimCheck(claim.id, "unverifiable", pair, Phrase.of("ratio_needs_positive"), None, evidence)
        ratio = b.value / a.value
        low, high = b.low / a.high, b.high / a.low
        if claim.measure == "percent":
            ratio, low, high = (ratio - 1) * 100, (low - 1) * 100, (high - 1) * 100
        result = compare(low, high, *claim_set(claim.value, claim.qualifier))
        style = "percent" if claim.measure == "percent" else "ratio"
        ends = (Num(low, style, 1), Num(high, style, 1))
        if claim.measure == "percent":
            span = (
                Phrase.of("computed_change_range", low=ends[0], high=ends[1]) if low != high else Phrase.of("computed_change", low=ends[0])
            )
        else:
            span = Phrase.of("computed_ratio_range", low=ends[0], high=ends[1]) if low != high else Phrase.of("computed_ratio", low=ends[0])
        detail = Phrase.of("minus", text=Phrase.of("computed_against", computed=span, claimed=claimed_change(claim)))
        figure = Phrase.of("with_values", shown=Num(b.value / a.value, "change"), values=pair)
        return ClaimCheck(claim.id, result, figure, detail, ratio, evidence)
    # target claims: a commitment, checkable only once its year has data
    p = independent.get(claim.year)
    if claim.year > as_of_year and p is None:
        return in_works(claim.id, claim.year, methods or {})
    if p is None:
        return ClaimCheck(claim.id, "unverifiable", Phrase.of("due_year", year=claim.year), Phrase.of("target_for", year=claim.year))
    base = independent.get(claim.baseline_year) if claim.baseline_year else None
    goal = claim.value if claim.value is not None else (base.value * claim.ratio if base else None)
    if goal is None:
        return ClaimCheck(claim.id, "unverifiable", NONE_COMPUTED, Phrase.of("no_independent_baseline", year=claim.baseline_year))
    # a plain target ("reach 9,700") is met from the better side
    qualifier = claim.qualifier if claim.qualifier != "=" else ("<=" if lower_is_better else ">=")
    low, high = bounds(p.value, p.qualifier)
    result = compare(low, high, *claim_set(goal, qualifier))
    detail = Phrase.of("target_value", value=Num(goal, "qualified", decimals, qualifier))
    return ClaimCheck(claim.id, result, _show(p, decimals), detail, p.value, [p.source])


def in_works(claim_id: str, year: int, methods: dict[str, MethodResult]) -> ClaimCheck:
    """A commitment whose year has not come: in the works, on course or off course by the headline method."""
    courses = {m: course_of(r.status) for m, r in methods.items()}
    course = courses.get(HEADLINE_METHOD, "too_early")
    head = methods.get(HEADLINE_METHOD)
    word = Phrase.of("word", key=course)
    detail = Phrase.of("in_works", year=year, course=word, status=head) if head else Phrase.of("in_works_no_status", year=year, course=word)
    return ClaimCheck(claim_id, "in_works", Phrase.of("due_year", year=year), detail, course=course, courses=courses)
