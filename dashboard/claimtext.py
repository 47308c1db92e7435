"""Claims in plain words: "Road traffic deaths fell by more than half between 2004 and 2024"."""

from __future__ import annotations

from fractions import Fraction

from .formatting import number
from .registry.models import ChangeClaim, DirectionClaim, Indicator, LevelClaim, TargetClaim

WORDS = {"=": "", "~": "about ", ">": "more than ", "<": "less than ", ">=": "at least ", "<=": "at most "}
# a fall's qualifier is the reverse of the ratio's: a ratio below 0.5 is a fall by more than half
REVERSED = {"=": "=", "~": "~", ">": "<", "<": ">", ">=": "<=", "<=": ">="}
FRACTIONS = {Fraction(1, 2): "half", Fraction(1, 3): "one-third", Fraction(2, 3): "two-thirds", Fraction(1, 4): "a quarter", Fraction(3, 4): "three-quarters"}


def subject(title: str) -> str:
    """'Road traffic deaths' -> 'road traffic deaths'; 'IT crimes' stays."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _share(value: float) -> str:
    """0.5 -> 'half'; 0.3333 -> 'one-third'; 0.42 -> '42%'."""
    for frac, word in FRACTIONS.items():
        if abs(value - float(frac)) < 1e-6:
            return word
    return f"{value * 100:.3g}%"


def _amount(value: float, ind: Indicator | None) -> str:
    decimals = ind.decimals if ind else 0
    if not float(value).is_integer():
        decimals = max(decimals, len(repr(float(value)).split(".")[1]))
    text = number(value, decimals)
    unit = ind.unit_short if ind else ""
    return text + ("%" if unit == "%" else f" {unit}" if unit else "")


def _when(claim: LevelClaim | ChangeClaim | DirectionClaim) -> str:
    if isinstance(claim, LevelClaim):
        return f"in {claim.period + ' ' if claim.period else ''}{claim.year}"
    if claim.period:
        return f"in {claim.period} {claim.to_year} against {claim.period} {claim.from_year}"
    return f"between {claim.from_year} and {claim.to_year}"


def claim_text(claim: LevelClaim | ChangeClaim | DirectionClaim | TargetClaim, indicator: Indicator | None) -> str:
    """The claim in plain words, from its fields (not its quote)."""
    title = indicator.title if indicator else claim.indicator
    if isinstance(claim, LevelClaim):
        return f"{title} was {WORDS.get(claim.qualifier, '')}{_amount(claim.value, indicator)} {_when(claim)}"
    if isinstance(claim, DirectionClaim):
        return f"{title} {'rose' if claim.direction == 'up' else 'fell'} {_when(claim)}"
    if isinstance(claim, ChangeClaim):
        ratio = claim.value if claim.measure == "ratio" else 1 + claim.value / 100
        if ratio < 1:
            return f"{title} fell by {WORDS[REVERSED[claim.qualifier]]}{_share(1 - ratio)} {_when(claim)}"
        if claim.measure == "percent":
            return f"{title} rose by {WORDS[claim.qualifier]}{claim.value:g}% {_when(claim)}"
        return f"{title} rose to {WORDS[claim.qualifier]}{ratio:g} times its {claim.from_year} level {_when(claim)}"
    lower = indicator is None or indicator.direction != "higher_is_better"
    if claim.ratio is not None:
        way = "fall" if claim.ratio < 1 else "rise"
        qualifier = REVERSED[claim.qualifier] if claim.ratio < 1 else claim.qualifier
        words = WORDS.get(qualifier, "") if qualifier != "=" else ""
        return f"{title} must {way} by {words}{_share(abs(1 - claim.ratio))} from its {claim.baseline_year} level by {claim.year}"
    qualifier = claim.qualifier if claim.qualifier != "=" else ("<=" if lower else ">=")
    return f"{title} must be {WORDS[qualifier]}{_amount(claim.value or 0, indicator)} by {claim.year}"
