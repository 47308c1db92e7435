"""Share cards: 1200×630 figures for link previews, drawn with plotly and rendered by the export path's browser.

- an indicator's card is its exported tracking chart (export.layout.export_figure) at the card's size;
- a claim's card is its quote (the reader's language first, as the claim card shows it), the speaker, the date
  and the verdict in words on the verdict's colour (engine.vocabulary, as the web badges);
- a speech's card is its scorecard: the stacked bar of its verdicts and their counts.

Every text is measured before the browser draws it (export.layout.text_width) and wrapped; a quote too long for
its lines is cut at a word with an ellipsis, so nothing leaves the card. Registry text is escaped: plotly reads
<b> and <a href> as markup.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.engine.vocabulary import (
    COURSE_COLOURS,
    COURSE_TEXT,
    PALETTE,
    RESULT_COLOURS,
    RESULT_TEXT,
    RESULTS,
    STAND_IN_TEXT,
    text_colour,
)
from dashboard.formatting import date
from dashboard.i18n import _, current, ngettext
from dashboard.outputs.cards.words import SEGMENTS, lead_quote, speaker_of, speech_title
from dashboard.outputs.export.layout import Preset, export_figure, text_width
from dashboard.outputs.figures.style import FONT, text
from dashboard.outputs.wording import verdict

CARD = Preset(1200, 630, 1)  # the size the common networks show a large link preview at: exactly 1200×630 pixels
PAD = 60  # the card's margin on every side
INNER = CARD.width - 2 * PAD
GREY = "#555555"  # 7.5:1 on white
QUOTE_SIZES = (40, 36, 32, 28, 25)


def fit(value: str, size: float, width: float = INNER, max_lines: int = 1) -> tuple[list[str], bool]:
    """`value` in at most `max_lines` lines of at most `width` px at `size` px (unescaped), and whether it was cut.
    A word wider than a line is broken; a cut text ends in an ellipsis that fits its line."""
    pieces: list[str] = []
    for word in value.split():
        while text_width(word, size) > width and len(word) > 1:
            n = len(word)
            while n > 1 and text_width(word[:n], size) > width:
                n -= 1
            pieces.append(word[:n])
            word = word[n:]
        pieces.append(word)
    lines: list[str] = []
    for i, piece in enumerate(pieces):
        if lines and text_width(lines[-1] + " " + piece, size) <= width:
            lines[-1] += " " + piece
        elif len(lines) < max_lines:
            lines.append(piece)
        else:
            last = lines[-1]
            while last and text_width(last + " …", size) > width:
                last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
            lines[-1] = (last + " …").strip()
            return lines, bool(pieces[i:])
    return lines, False


def _canvas() -> go.Figure:
    """A blank card whose data coordinates are its pixels, (0, 0) at the bottom left."""
    fig = go.Figure()
    axis = dict(visible=False, fixedrange=True, showgrid=False, zeroline=False)
    fig.update_layout(
        width=CARD.width,
        height=CARD.height,
        margin=dict(l=0, r=0, t=0, b=0),
        paper_bgcolor="white",
        plot_bgcolor="white",
        font=dict(family=FONT, color="#222222"),
        xaxis=dict(axis, range=[0, CARD.width]),
        yaxis=dict(axis, range=[0, CARD.height]),
        showlegend=False,
        meta={"lang": current(), "card": True},
    )
    return fig


def _write(fig: go.Figure, lines: list[str], x: float, top: float, size: float, **look: Any) -> float:
    """Lines of plain text from `top` (px from the bottom) down; returns where the next block may start."""
    if not lines:
        return top
    fig.add_annotation(
        text="<br>".join(text(line) for line in lines),
        x=x,
        y=top,
        xref="x",
        yref="y",
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font=dict(size=size, **{k: v for k, v in look.items() if k in ("color", "weight")}),
        **{k: v for k, v in look.items() if k in ("bgcolor", "borderpad")},
    )
    return top - len(lines) * size * 1.3 - (2 * look.get("borderpad", 0))


def _head_and_foot(fig: go.Figure, registry: Any) -> None:
    """The dashboard's name at the top, the data's date and the registry version at the bottom."""
    _write(fig, fit(_("Crime statistics: claims and targets"), 18)[0], PAD, CARD.height - 28, 18, color=GREY)
    stamp = _("Data as of {date} · registry {file}, version {version}").format(
        date=registry.meta.as_of.isoformat(), file=Path(registry.path).name, version=registry.version
    )
    _write(fig, fit(stamp, 14)[0], PAD, 44, 14, color=GREY)
    fig.add_shape(type="line", x0=PAD, x1=CARD.width - PAD, y0=62, y1=62, line=dict(color="#DDDDDD", width=1))


def claim_card(assessment: Any, claim_id: str) -> go.Figure:
    """A claim's card: its verdict on the verdict's colour, the quote, who said it and when. KeyError for an unknown id."""
    registry, check = assessment.registry, assessment.checks[claim_id]
    claim = next(c for c in registry.claims if c.id == claim_id)
    fig = _canvas()
    _head_and_foot(fig, registry)
    colour = RESULT_COLOURS.get(check.result, PALETTE["grey"])
    words = _("Verdict: {verdict}").format(verdict=verdict(check))
    [line], _cut = fit(words, 28, INNER - 24)
    top = _write(fig, [line], PAD, CARD.height - 70, 28, color=text_colour(colour), bgcolor=colour, borderpad=10, weight="bold") - 24
    fig.add_shape(type="rect", x0=0, x1=14, y0=0, y1=CARD.height, fillcolor=colour, line=dict(width=0))
    quote, _lang, label = lead_quote(registry, claim, current())
    said = _("Speech of {date}").format(date=date(dt.date.fromisoformat(check.said_on))) if check.said_on else ""
    who = " · ".join(p for p in (speaker_of(registry, claim), said) if p)
    room = top - 170  # below the quote: its label, who said it and when, the footer
    for size in QUOTE_SIZES:  # the largest size at which the whole quote fits; the smallest cuts it
        lines, cut = fit(f"“{quote}”", size, max_lines=max(int(room // (size * 1.3)), 1))
        if not cut:
            break
    top = _write(fig, lines, PAD, top, size) - 12
    top = _write(fig, fit(label, 16)[0], PAD, top, 16, color=GREY) - 22
    _write(fig, fit("— " + who, 24, max_lines=2)[0], PAD, top, 24)
    return fig


def _count_words(card: Any, result: str) -> str:
    """'1 in the works: 1 off course (1 by a stand-in)', as the scorecard's list says it."""
    words = _(RESULT_TEXT[result])
    courses = [c for r, c in SEGMENTS if r == result and c and card.courses[c]]
    if courses and card.counts[result]:
        words = _("{result}: {courses}").format(result=words, courses=", ".join(f"{card.courses[c]} {_(COURSE_TEXT[c])}" for c in courses))
    line = _("{count} {result}").format(count=card.counts[result], result=words)
    stand_in = card.by_stand_in[result]
    return line + (" " + _("({count} {modifier})").format(count=stand_in, modifier=_(STAND_IN_TEXT)) if stand_in else "")


def speech_card(assessment: Any, card: Any) -> go.Figure:
    """A speech's card: its title, how many of its claims have an answer, its verdicts as a stacked bar and as counts."""
    fig = _canvas()
    _head_and_foot(fig, assessment.registry)
    top = _write(fig, fit(speech_title(card.said_on), 44)[0], PAD, CARD.height - 70, 44, weight="bold") - 4
    top = _write(fig, fit(_("Expanded meeting of the Interior Ministry Board"), 24)[0], PAD, top, 24, color=GREY) - 8
    answered = ngettext("{answered} of {total} claim has an answer", "{answered} of {total} claims have an answer", card.total)
    answered = answered.format(answered=card.with_verdict, total=card.total)
    top = _write(fig, fit(answered[:1].upper() + answered[1:], 24)[0], PAD, top, 24) - 18
    bar_top, bar_height = top, 80
    for result, course in SEGMENTS:
        n = card.courses[course] if course else card.counts[result]
        stand_in = 0 if course else card.by_stand_in[result]
        colour = COURSE_COLOURS[course] if course else RESULT_COLOURS[result]
        for part, hatched in ((n - stand_in, False), (stand_in, True)):
            if part:
                fig.add_trace(
                    go.Bar(
                        x=[part],
                        y=[0],
                        orientation="h",
                        xaxis="x2",
                        yaxis="y2",
                        marker=dict(color=colour, line=dict(color="white", width=2), pattern=dict(shape="/" if hatched else "")),
                        hoverinfo="skip",
                    )
                )
    fig.update_layout(
        barmode="stack",
        bargap=0,
        xaxis2=dict(visible=False, fixedrange=True, domain=[PAD / CARD.width, 1 - PAD / CARD.width], range=[0, max(card.total, 1)]),
        yaxis2=dict(visible=False, fixedrange=True, domain=[(bar_top - bar_height) / CARD.height, bar_top / CARD.height]),
    )
    top = bar_top - bar_height - 24
    for result in [r for r in RESULTS if card.counts[r]] or list(RESULTS):
        course = next((c for r, c in SEGMENTS if r == result and c and card.courses[c]), None)
        swatch = COURSE_COLOURS[course] if course else RESULT_COLOURS[result]
        fig.add_shape(type="rect", x0=PAD, x1=PAD + 24, y0=top - 29, y1=top - 5, fillcolor=swatch, line=dict(width=0))
        top = _write(fig, fit(_count_words(card, result), 26, INNER - 40)[0], PAD + 40, top, 26) - 10
    return fig


def indicator_card(assessment: Any, indicator_id: str) -> go.Figure:
    """An indicator's card: its exported chart (title, unit and headline status, the chart, its sources) at the card's size."""
    return export_figure(assessment, indicator_id, CARD)


__all__ = ["CARD", "claim_card", "fit", "indicator_card", "speech_card"]
