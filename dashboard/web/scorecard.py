"""The scorecard of a speech: its claims counted by verdict, as a stacked bar and as a list of links.

The same scorecard heads the Overview, the Claims page and each speech's page. The bar is a picture of
the list beside it (hidden from screen readers, which read the list); each count links to the Claims page
filtered to it. A verdict reached through a stand-in is a hatch inside its verdict's colour, never an
outcome of its own.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.engine.evidence import Scorecard
from dashboard.engine.vocabulary import COURSE_COLOURS, COURSE_TEXT, RESULT_COLOURS, RESULT_TEXT, RESULTS, STAND_IN_TEXT
from dashboard.i18n import _, ngettext
from dashboard.outputs.cards.words import SEGMENTS, speech_title
from dashboard.web.components import href


def _colour(result: str, course: str | None) -> str:
    return COURSE_COLOURS[course] if course else RESULT_COLOURS[result]


def _count(card: Scorecard, result: str, course: str | None) -> int:
    return card.courses[course] if course else card.counts[result]


def _bar(card: Scorecard) -> html.Div:
    parts = []
    for result, course in SEGMENTS:
        n = _count(card, result, course)
        if not n:
            continue
        stand_in = 0 if course else card.by_stand_in[result]
        inner = [html.Span(className="hatch", style={"width": f"{100 * stand_in / n:.4g}%"})] if stand_in else []
        parts.append(
            html.Span(
                inner,
                className=f"segment verdict-{result}" + (f" course-{course}" if course else ""),
                style={"flexGrow": n, "backgroundColor": _colour(result, course)},
            )
        )
    return html.Div(parts, className="scorecard-bar", **{"aria-hidden": "true"})


def _item(card: Scorecard, result: str, courses: list[str]) -> html.Li:
    n = card.counts[result]
    label = _("{count} {result}").format(count=n, result=_(RESULT_TEXT[result]))
    if courses and n:  # "1 in the works: 1 off course"; "в работе — 1: отстаёт от графика — 1"
        counted = [_("{count} {result}").format(count=card.courses[c], result=_(COURSE_TEXT[c])) for c in courses if card.courses[c]]
        label = _("{result}: {courses}").format(result=label, courses=", ".join(counted))
    stand_in = card.by_stand_in[result]
    extra = " " + _("({count} {modifier})").format(count=stand_in, modifier=_(STAND_IN_TEXT)) if stand_in else ""  # "(1 by a stand-in)"
    swatch_colour = _colour(result, next((c for c in courses if card.courses[c]), None) if courses else None)
    label += extra
    body = dcc.Link(label, href=href("/claims", speech=card.said_on, verdict=result)) if n else html.Span(label)
    return html.Li(
        [html.Span(className="swatch" + (" hatched" if stand_in else ""), style={"backgroundColor": swatch_colour}), body],
        className=f"count verdict-{result}" + (" empty" if not n else ""),
    )


def scorecard(card: Scorecard, *, heading_level: int = 2, link_title: str | None = None) -> html.Section:
    """One speech's scorecard: its title (linked to `link_title` when given), "7 of 10 claims answered", the bar and the counts."""
    title = speech_title(card.said_on)
    heading = getattr(html, f"H{heading_level}")
    answered = ngettext("{answered} of {total} claim has an answer", "{answered} of {total} claims have an answer", card.total).format(
        answered=card.with_verdict, total=card.total
    )
    items = [_item(card, result, [c for r, c in SEGMENTS if r == result and c]) for result in RESULTS]
    return html.Section(
        [
            heading(dcc.Link(title, href=link_title) if link_title else title, className="h6 mb-1 scorecard-title"),
            html.P(answered, className="small mb-1 scorecard-answered"),
            _bar(card),
            html.Ul(items, className="scorecard-counts small list-unstyled"),
        ],
        className="scorecard",
        id=f"scorecard-{card.said_on}",
        **{"aria-label": _("Scorecard: {speech}").format(speech=title)},  # the claims list below names its groups by the speech alone
    )


def scorecards(cards: list[Scorecard], *, newest_first: bool = True) -> html.Div:
    """Every speech's scorecard, newest first: the answer a reader came for, before any filter."""
    shown = sorted(cards, key=lambda c: (c.said_on != "undated", c.said_on), reverse=newest_first)
    return html.Div([scorecard(c) for c in shown], className="scorecards")
