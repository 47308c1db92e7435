"""Claim checks: each claim against independent data only.

A value whose own source is the claim's source never counts as evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from dashboard.engine.progress import Point, bounds, by_year, implied_unit
from dashboard.engine.vocabulary import MOVED_TEXT, RESULT_TEXT
from dashboard.formatting import number, percent, percent_change, qualified
from dashboard.i18n import _, npgettext
from dashboard.registry.models import ChangeClaim, DirectionClaim, LevelClaim, TargetClaim

AnyClaim = LevelClaim | ChangeClaim | DirectionClaim | TargetClaim

Result = Literal["consistent", "inconsistent", "unverifiable"]
APPROX_TOLERANCE = 0.05  # "about x" accepts x ± 5% (or ± half its rounding unit, if larger)


@dataclass(frozen=True)
class ClaimCheck:
    claim: str
    result: Result
    figure: str  # the computed figure, e.g. "−58.3% (2004: 34,506 → 2024: > 14,400)"
    detail: str
    computed: float | None = None
    evidence: list[str] = field(default_factory=list)  # sources used
    # filled by evidence.check_claims:
    values: list[Point] = field(default_factory=list)  # the values used (levels, published changes, derived values)
    by_stand_in: bool = False  # reached through the claim's stand-in indicator, counted apart from direct verdicts
    stand_in: str | None = None  # the stand-in indicator's id, when used
    per_source: list[str] = field(default_factory=list)  # the verdict against each source, when sources disagree
    missing: str = ""  # for an unverifiable claim: the figure that would settle it
    text: str = ""  # the claim in plain words (evidence.claim_text)
    quote_checked: bool = True  # False: the quote's source has no stored text to check it against
    said_on: str | None = None  # date of the speech, ISO

    @property
    def verdict(self) -> str:
        """'consistent', or 'consistent, by a stand-in: convicted_with_record'."""
        result = _(RESULT_TEXT.get(self.result, self.result))
        return _("{result}, by a stand-in: {indicator}").format(result=result, indicator=self.stand_in) if self.by_stand_in else result


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


def _show(p: Point, decimals: int) -> str:
    return f"{p.year}: {qualified(p.value, p.qualifier, decimals)}"


def years_text(years: list) -> str:
    """'2024', '2004 and 2024' ('2024 г.', '2004 и 2024 гг.')."""
    shown = str(years[0]) if len(years) == 1 else _("{first} and {second}").format(first=", ".join(map(str, years[:-1])), second=years[-1])
    return npgettext("years", "{years}", "{years}", len(years)).format(years=shown)


def no_value(years: list) -> str:
    return _("no independent value for {years}").format(years=years_text(years))


def moved_text(moved: str, direction: str) -> str:
    """'the data moved up, the claim says down'."""
    return _("the data moved {moved}, the claim says {direction}").format(moved=_(MOVED_TEXT[moved]), direction=_(MOVED_TEXT[direction]))


def claimed_change(claim: ChangeClaim) -> str:
    """'ratio < 0.5', '> 20%': the change a claim states."""
    if claim.measure == "ratio":
        return _("ratio {value}").format(value=qualified(claim.value, claim.qualifier, 3))
    return qualified(claim.value, claim.qualifier, 1, "%")


def check_claim(
    claim: LevelClaim | ChangeClaim | DirectionClaim | TargetClaim,
    points: list[Point],
    *,
    decimals: int = 0,
    as_of_year: int,
    target_status: str | None = None,
    lower_is_better: bool = True,
) -> ClaimCheck:
    """Check one claim against the indicator's observations from other sources."""
    independent = by_year([p for p in points if p.source != claim.source])
    if isinstance(claim, LevelClaim):
        p = independent.get(claim.year)
        if p is None:
            return ClaimCheck(claim.id, "unverifiable", "–", no_value([claim.year]))
        result = compare(p.low, p.high, *claim_set(claim.value, claim.qualifier))
        claimed = qualified(claim.value, claim.qualifier, decimals)
        detail = _("{source} gives {value} against the claimed {claimed}").format(
            source=p.source, value=qualified(p.value, p.qualifier, decimals), claimed=claimed
        )
        return ClaimCheck(claim.id, result, _show(p, decimals), detail, p.value, [p.source])
    if isinstance(claim, (ChangeClaim, DirectionClaim)):
        a, b = independent.get(claim.from_year), independent.get(claim.to_year)
        missing = [y for y, p in ((claim.from_year, a), (claim.to_year, b)) if p is None]
        if a is None or b is None:
            return ClaimCheck(claim.id, "unverifiable", "–", no_value(missing))
        evidence = sorted({a.source, b.source})
        pair = f"{_show(a, decimals)} → {_show(b, decimals)}"
        if isinstance(claim, DirectionClaim):
            if b.low > a.high:
                moved = "up"
            elif b.high < a.low or (not a.bounded and not b.bounded and b.value == a.value):
                moved = "down" if b.high < a.low else "flat"
            else:
                return ClaimCheck(claim.id, "unverifiable", pair, _("the bounds of the two values overlap"), None, evidence)
            result = "consistent" if moved == claim.direction else "inconsistent"
            ratio = b.value / a.value if a.value else None
            return ClaimCheck(claim.id, result, f"{percent_change(ratio)} ({pair})", moved_text(moved, claim.direction), ratio, evidence)
        if a.low <= 0:
            return ClaimCheck(claim.id, "unverifiable", pair, _("a ratio needs a positive starting value"), None, evidence)
        ratio = b.value / a.value
        low, high = b.low / a.high, b.high / a.low
        if claim.measure == "percent":
            ratio, low, high = (ratio - 1) * 100, (low - 1) * 100, (high - 1) * 100
        result = compare(low, high, *claim_set(claim.value, claim.qualifier))
        shown = percent_change(b.value / a.value)
        if claim.measure == "percent":
            span = _("computed change {low} to {high}") if low != high else _("computed change {low}")
            span = span.format(low=percent(low, 1), high=percent(high, 1))
        else:
            span = _("computed ratio {low}–{high}") if low != high else _("computed ratio {low}")
            span = span.format(low=number(low, 3), high=number(high, 3))
        detail = _("{computed} against the claimed {claimed}").format(computed=span, claimed=claimed_change(claim))
        return ClaimCheck(claim.id, result, f"{shown} ({pair})", detail.replace("-", "−"), ratio, evidence)
    # target claims: a commitment, checkable only once its year has data
    p = independent.get(claim.year)
    if claim.year > as_of_year or p is None:
        if target_status:
            detail = _("a target for {year}; progress: {status}").format(year=claim.year, status=target_status.replace("_", " "))
        else:
            detail = _("a target for {year}").format(year=claim.year)
        return ClaimCheck(claim.id, "unverifiable", _("due {year}").format(year=claim.year), detail)
    base = independent.get(claim.baseline_year) if claim.baseline_year else None
    goal = claim.value if claim.value is not None else (base.value * claim.ratio if base else None)
    if goal is None:
        return ClaimCheck(claim.id, "unverifiable", "–", _("no independent value for the baseline {year}").format(year=claim.baseline_year))
    # a plain target ("reach 9,700") is met from the better side
    qualifier = claim.qualifier if claim.qualifier != "=" else ("<=" if lower_is_better else ">=")
    low, high = bounds(p.value, p.qualifier)
    result = compare(low, high, *claim_set(goal, qualifier))
    return ClaimCheck(
        claim.id, result, _show(p, decimals), _("target {value}").format(value=qualified(goal, qualifier, decimals)), p.value, [p.source]
    )


def describe(claim: AnyClaim, decimals: int) -> str:
    """The claim in numbers, as the registry reads it."""
    if isinstance(claim, LevelClaim):
        return _("{value} in {year}").format(value=qualified(claim.value, claim.qualifier, decimals), year=claim.year)
    if isinstance(claim, ChangeClaim):
        return _("change {from_year} → {year}: {measure}").format(
            from_year=claim.from_year, year=claim.to_year, measure=claimed_change(claim)
        )
    if isinstance(claim, DirectionClaim):
        template = _("up from {from_year} to {year}") if claim.direction == "up" else _("down from {from_year} to {year}")
        return template.format(from_year=claim.from_year, year=claim.to_year)
    if claim.value is not None:
        goal = qualified(claim.value, claim.qualifier, decimals)
    else:
        goal = _("{ratio} × the {year} value").format(ratio=number(float(f"{claim.ratio:.3g}"), 0, extra=3), year=claim.baseline_year)
    return _("target {value} by {year}").format(value=goal, year=claim.year)


def check_text(check: ClaimCheck) -> str:
    """'−58.3% (2004: 34,506 → 2024: > 14,400); computed ratio …', or the detail alone when nothing was computed."""
    return check.detail if check.figure in ("", "–") else f"{check.figure}; {check.detail}"
