"""Claim checks: each claim against independent data only.

A value whose own source is the claim's source never counts as evidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from .formatting import percent_change, qualified
from .progress import Point, bounds, by_year, implied_unit
from .registry.models import ChangeClaim, DirectionClaim, LevelClaim, TargetClaim

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
        return f"{self.result}, by a stand-in: {self.stand_in}" if self.by_stand_in else self.result


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
            return ClaimCheck(claim.id, "unverifiable", "–", f"no independent value for {claim.year}")
        result = compare(p.low, p.high, *claim_set(claim.value, claim.qualifier))
        claimed = qualified(claim.value, claim.qualifier, decimals)
        return ClaimCheck(claim.id, result, _show(p, decimals), f"{p.source} gives {qualified(p.value, p.qualifier, decimals)} against the claimed {claimed}", p.value, [p.source])
    if isinstance(claim, (ChangeClaim, DirectionClaim)):
        a, b = independent.get(claim.from_year), independent.get(claim.to_year)
        missing = [str(y) for y, p in ((claim.from_year, a), (claim.to_year, b)) if p is None]
        if a is None or b is None:
            return ClaimCheck(claim.id, "unverifiable", "–", f"no independent value for {' and '.join(missing)}")
        evidence = sorted({a.source, b.source})
        pair = f"{_show(a, decimals)} → {_show(b, decimals)}"
        if isinstance(claim, DirectionClaim):
            if b.low > a.high:
                moved = "up"
            elif b.high < a.low or (not a.bounded and not b.bounded and b.value == a.value):
                moved = "down" if b.high < a.low else "flat"
            else:
                return ClaimCheck(claim.id, "unverifiable", pair, "the bounds of the two values overlap", None, evidence)
            result = "consistent" if moved == claim.direction else "inconsistent"
            ratio = b.value / a.value if a.value else None
            return ClaimCheck(claim.id, result, f"{percent_change(ratio)} ({pair})", f"the data moved {moved}, the claim says {claim.direction}", ratio, evidence)
        if a.low <= 0:
            return ClaimCheck(claim.id, "unverifiable", pair, "a ratio needs a positive starting value", None, evidence)
        ratio = b.value / a.value
        low, high = b.low / a.high, b.high / a.low
        if claim.measure == "percent":
            ratio, low, high = (ratio - 1) * 100, (low - 1) * 100, (high - 1) * 100
        result = compare(low, high, *claim_set(claim.value, claim.qualifier))
        shown = percent_change(b.value / a.value)
        claimed = f"ratio {qualified(claim.value, claim.qualifier, 3)}" if claim.measure == "ratio" else f"{qualified(claim.value, claim.qualifier, 1)}%"
        if claim.measure == "percent":
            span = f"computed change {low:+.1f}%" + (f" to {high:+.1f}%" if low != high else "")
        else:
            span = f"computed ratio {low:.3f}" + (f"–{high:.3f}" if low != high else "")
        return ClaimCheck(claim.id, result, f"{shown} ({pair})", f"{span} against the claimed {claimed}".replace("-", "−"), ratio, evidence)
    # target claims: a commitment, checkable only once its year has data
    p = independent.get(claim.year)
    if claim.year > as_of_year or p is None:
        status = f"; progress: {target_status.replace('_', ' ')}" if target_status else ""
        return ClaimCheck(claim.id, "unverifiable", f"due {claim.year}", f"a target for {claim.year}{status}")
    base = independent.get(claim.baseline_year) if claim.baseline_year else None
    goal = claim.value if claim.value is not None else (base.value * claim.ratio if base else None)
    if goal is None:
        return ClaimCheck(claim.id, "unverifiable", "–", f"no independent value for the baseline {claim.baseline_year}")
    # a plain target ("reach 9,700") is met from the better side
    qualifier = claim.qualifier if claim.qualifier != "=" else ("<=" if lower_is_better else ">=")
    low, high = bounds(p.value, p.qualifier)
    result = compare(low, high, *claim_set(goal, qualifier))
    return ClaimCheck(claim.id, result, _show(p, decimals), f"target {qualified(goal, qualifier, decimals)}", p.value, [p.source])


def describe(claim: AnyClaim, decimals: int) -> str:
    """The claim in numbers, as the registry reads it."""
    if isinstance(claim, LevelClaim):
        return f"{qualified(claim.value, claim.qualifier, decimals)} in {claim.year}"
    if isinstance(claim, ChangeClaim):
        measure = f"ratio {qualified(claim.value, claim.qualifier, 3)}" if claim.measure == "ratio" else f"{qualified(claim.value, claim.qualifier, 1)}%"
        return f"change {claim.from_year} → {claim.to_year}: {measure}"
    if isinstance(claim, DirectionClaim):
        return f"{'up' if claim.direction == 'up' else 'down'} from {claim.from_year} to {claim.to_year}"
    goal = qualified(claim.value, claim.qualifier, decimals) if claim.value is not None else f"{claim.ratio:.3g} × the {claim.baseline_year} value"
    return f"target {goal} by {claim.year}"


def check_text(check: ClaimCheck) -> str:
    """'−58.3% (2004: 34,506 → 2024: > 14,400); computed ratio …', or the detail alone when nothing was computed."""
    return check.detail if check.figure in ("", "–") else f"{check.figure}; {check.detail}"
