"""Claims over more than one step of the record: a trend held every year of a span, and a published direction
(only the way a figure moved, as its source says it) for a direction claim. Pure; `evidence` calls them.
"""

from __future__ import annotations

from collections.abc import Callable

from dashboard.engine.claims import ClaimCheck, moved_text, years_text
from dashboard.engine.phrases import Phrase
from dashboard.engine.progress import Point
from dashboard.registry.models import DirectionClaim, TrendClaim

WAYS = {1: "up", -1: "down", 0: "flat"}  # a published direction's value, as the word the claim uses


def _joined(sep: str, items: list) -> Phrase:
    return Phrase.of("join", sep=sep, items=tuple(items))


def published_direction(claim: DirectionClaim, found: list[Point]) -> ClaimCheck:
    """The verdict of the later year's published directions (`found`, one per source) on a direction claim."""
    shown = _joined(
        ", ",
        [
            Phrase.of(
                "change_from_source", value=Phrase.of("word", key=WAYS.get(int(p.value), "flat")), source=p.source, period=p.period or ""
            )
            for p in found
        ],
    )
    figure = Phrase.of("published_direction", year=claim.to_year, values=shown)
    evidence = sorted({p.source for p in found})
    ways = {WAYS.get(int(p.value), "flat") for p in found}
    if len(ways) > 1:
        return ClaimCheck(claim.id, "unverifiable", figure, Phrase.of("published_directions_disagree"), None, evidence, values=found)
    moved = ways.pop()
    result = "consistent" if moved == claim.direction else "inconsistent"
    return ClaimCheck(claim.id, result, figure, moved_text(moved, claim.direction), None, evidence, values=found)


def trend(claim: TrendClaim, check_step: Callable[[DirectionClaim], ClaimCheck]) -> ClaimCheck:
    """Each year-on-year step of the span as a direction claim (`check_step` gives its check, by the same evidence
    as any direction claim): consistent when every step moved the claimed way, inconsistent when one moved the
    other way, else unverifiable, naming the steps no value settles."""
    steps: list[tuple[int, ClaimCheck]] = []
    for year in range(claim.from_year, claim.to_year):
        step = DirectionClaim.model_construct(
            id=claim.id,
            indicator=claim.indicator,
            source=claim.source,
            quote=claim.quote,
            period=claim.period,
            kind="direction",
            from_year=year,
            to_year=year + 1,
            direction=claim.direction,
        )
        steps.append((year + 1, check_step(step)))
    results = [c.result for _, c in steps]
    figure = _joined(
        "; ",
        [Phrase.of("trend_step", first=y - 1, second=y, result=Phrase.of("word", key=c.result), figure=c.figure) for y, c in steps],
    )
    way = Phrase.of("word", key=claim.direction)
    if "inconsistent" in results:
        result, against = "inconsistent", [y for y, c in steps if c.result == "inconsistent"]
        detail = Phrase.of("trend_broken", direction=way, years=years_text(against))
    elif all(r == "consistent" for r in results):
        result, detail = "consistent", Phrase.of("trend_held", direction=way, first=claim.from_year, last=claim.to_year)
    else:
        result = "unverifiable"
        detail = Phrase.of("trend_unsettled", years=years_text([y for y, c in steps if c.result == "unverifiable"]))
    values = list(dict.fromkeys(p for _, c in steps for p in c.values))
    evidence = sorted({s for _, c in steps for s in c.evidence})
    return ClaimCheck(claim.id, result, figure, detail, None, evidence, values=values)
