"""What a share card and a link preview say: a speech's verdict counts in one line, a claim's verdict, its speaker.

Pure functions over an assessment in the scope's language; the card figures (cards/figures.py) and the
pages' link previews (web/previews.py) say the same counts in the same words.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dashboard.engine.evidence import Scorecard, scorecards
from dashboard.engine.vocabulary import COURSES, RESULT_TEXT, RESULTS, STAND_IN_TEXT
from dashboard.formatting import date
from dashboard.i18n import _, ngettext
from dashboard.outputs.quotes import quote_of

# a scorecard's segments in reading order: what held, what did not, what is still in the works, what cannot be told
SEGMENTS: tuple[tuple[str, str | None], ...] = (
    ("consistent", None),
    ("inconsistent", None),
    ("in_works", "on_course"),
    ("in_works", "off_course"),
    ("in_works", "too_early"),
    ("unverifiable", None),
)


def speech_title(said_on: str) -> str:
    """'Speech of 4 March 2026'; 'Undated claims' for the claims without a date."""
    if said_on == "undated":
        return _("Undated claims")
    return _("Speech of {date}").format(date=date(dt.date.fromisoformat(said_on)))


def dated_scorecards(assessment: Any) -> list[Scorecard]:
    """Every dated speech's scorecard, the oldest first."""
    return [c for c in scorecards(assessment.checks, assessment.registry) if c.said_on != "undated"]


def scorecard_of(assessment: Any, said_on: str) -> Scorecard | None:
    return next((c for c in dated_scorecards(assessment) if c.said_on == said_on), None)


def counts_line(card: Scorecard) -> str:
    """'10 claims: 7 consistent, 1 inconsistent, 1 in the works, 1 unverifiable (1 by a stand-in).' (verdicts with none left out)."""
    parts = [_("{count} {result}").format(count=card.counts[r], result=_(RESULT_TEXT[r])) for r in RESULTS if card.counts[r]]
    stand_in = sum(card.by_stand_in.values())
    claims = ngettext("{count} claim", "{count} claims", card.total).format(count=card.total)
    line = _("{claims}: {counts}").format(claims=claims, counts=", ".join(parts)) if parts else claims
    if stand_in:
        line += " " + _("({count} {modifier})").format(count=stand_in, modifier=_(STAND_IN_TEXT))
    return line + "."


def overall_line(assessment: Any) -> str:
    """Every claim's verdicts counted in one line, across the speeches."""
    cards = scorecards(assessment.checks, assessment.registry)
    if not cards:
        return _("No claims recorded yet.")
    total = Scorecard(
        "all",
        {r: sum(c.counts[r] for c in cards) for r in RESULTS},
        {r: sum(c.by_stand_in[r] for c in cards) for r in RESULTS},
        {k: sum(c.courses[k] for c in cards) for k in COURSES},
        tuple(i for c in cards for i in c.claims),
    )
    return counts_line(total)


def speaker_of(registry: Any, claim: Any) -> str:
    """Who said it: the registry's `said_by`, else the publisher of the speech's text the claim quotes."""
    if claim.said_by:
        return " ".join(str(claim.said_by).split())
    source = registry.source(claim.source)
    return " ".join(source.publisher.split()) if source is not None else ""


def lead_quote(registry: Any, claim: Any, lang: str) -> tuple[str, str, str]:
    """(the quote in the reader's language first, its language, what that wording is: original or whose translation)."""
    quote = quote_of(registry, claim, lang, found_in=getattr(claim, "found_in", None))
    if quote is None:
        return "", lang, ""
    lead = quote.lead
    return " ".join(lead.text.split()), lead.lang, lead.label


__all__ = ["SEGMENTS", "counts_line", "dated_scorecards", "lead_quote", "overall_line", "scorecard_of", "speaker_of", "speech_title"]
