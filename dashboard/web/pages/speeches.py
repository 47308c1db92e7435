"""The speeches: `/speeches`, one row a meeting with its scorecard (the six-year record at a glance), and
`/speech/<date>`, one meeting's date, where its words were read (the transcript or the press reports), its
scorecard and its claims with their rulings.

A speech is a date some claim was said on (`ClaimCheck.said_on`); its scorecard is `engine.evidence.scorecards`'s.
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.engine.evidence import Scorecard, scorecards
from dashboard.i18n import _, ngettext
from dashboard.web.components import claim_card, current_state, href, in_page_language, no_registry, not_found, source_link
from dashboard.web.scorecard import scorecard, speech_title
from dashboard.web.store import Snapshot


def cards(snapshot: Snapshot) -> list[Scorecard]:
    """Every dated speech's scorecard, the oldest first."""
    assessment = snapshot.localized()
    return [c for c in scorecards(assessment.checks, assessment.registry) if c.said_on != "undated"]


def where_read(snapshot: Snapshot, card: Scorecard) -> tuple[list[str], list[str]]:
    """The speech's sources: those its transcript quotes come from, then the press reports, each once in claim order."""
    registry = snapshot.localized().registry
    claims = [c for c in registry.claims if c.id in set(card.claims)]

    def from_transcript(claim: Any) -> bool:  # said so, or (not said) its source is a stored text of the speech
        source = registry.source(claim.source)
        return claim.found_in == "transcript" or (claim.found_in is None and source is not None and source.document is not None)

    transcripts = list(dict.fromkeys(c.source for c in claims if from_transcript(c)))
    press = [
        s for s in dict.fromkeys([c.source for c in claims] + [a.source for c in claims for a in c.also_quoted]) if s not in transcripts
    ]
    return transcripts, press


def _sources_line(snapshot: Snapshot, card: Scorecard) -> list:
    registry = snapshot.localized().registry
    transcripts, press = where_read(snapshot, card)
    out: list = []
    if transcripts:
        out.append(
            html.P([html.Strong(_("Transcript: ")), *_joined([source_link(registry, s, long=True) for s in transcripts])], className="mb-1")
        )
    if press:
        label = ngettext("Press report: ", "Press reports: ", len(press))
        out.append(html.P([html.Strong(label), *_joined([source_link(registry, s) for s in press])], className="mb-1 press-reports"))
    return out


def _joined(items: list) -> list:
    out: list = []
    for i, item in enumerate(items):
        out += ([" · "] if i else []) + [item]
    return out


def _how(snapshot: Snapshot, card: Scorecard) -> str:
    transcripts, press = where_read(snapshot, card)
    if transcripts and press:
        return _("transcript and press reports")
    return _("transcript") if transcripts else _("press reports")


def index_body(snapshot: Snapshot) -> list:
    """One row a speech, the oldest first: its scorecard (its title linked to its page) and where its words were read."""
    rows = [
        html.Li(
            [
                scorecard(card, heading_level=2, link_title=href(f"/speech/{card.said_on}")),
                html.P(_("Words read from: {where}").format(where=_how(snapshot, card)), className="small text-body-secondary mb-0"),
            ],
            className="speech-row border-bottom py-2",
            id=f"speech-row-{card.said_on}",
        )
        for card in cards(snapshot)
    ]
    return [html.Ol(rows, className="list-unstyled speech-rows", **{"aria-label": _("The Board speeches, oldest first")})]


@in_page_language
def index_layout(lang: str | None = None, **_query: Any) -> html.Div:
    state = current_state()
    return html.Div(
        [
            html.H1(_("The Board speeches, year by year"), className="h3"),
            html.P(
                _(
                    "Each year the President speaks at the expanded meeting of the Interior Ministry Board. Each row is one speech: "
                    "how many of its claims the published figures can rule on, and how."
                ),
                className="small text-body-secondary",
            ),
            html.Div(no_registry() if state.snapshot is None else index_body(state.snapshot), id="speeches-body"),
        ],
        id="speeches-page",
    )


def index_title(**_kwargs: Any) -> str:
    return _("Speeches")


def find(snapshot: Snapshot | None, day: object) -> Scorecard | None:
    if snapshot is None or not isinstance(day, str):
        return None
    return next((c for c in cards(snapshot) if c.said_on == day), None)


def speech_body(snapshot: Snapshot, card: Scorecard) -> list:
    assessment = snapshot.localized()
    registry, checks = assessment.registry, assessment.checks
    shown = set(card.claims)
    claims = [c for c in registry.claims if c.id in shown]
    return [
        html.H1(speech_title(card.said_on), className="h3"),
        html.P(_("Expanded meeting of the Interior Ministry Board"), className="text-body-secondary mb-2"),
        *_sources_line(snapshot, card),
        html.Section([html.H2(_("Scorecard"), className="h5 mt-3"), scorecard(card, heading_level=3)], className="speech-scorecard"),
        html.Section(
            [
                html.H2(ngettext("{count} claim", "{count} claims", len(claims)).format(count=len(claims)), className="h5 mt-3"),
                *[claim_card(assessment, c, checks[c.id], with_indicator=True) for c in claims],
            ],
            className="speech-claims",
        ),
        html.P(dcc.Link(_("All speeches"), href=href("/speeches")), className="mt-3"),
    ]


@in_page_language
def speech_layout(day: str | None = None, lang: str | None = None, **_query: Any) -> html.Div:
    state = current_state()
    if state.snapshot is None:
        return html.Div(no_registry(), id="speech-page")
    card = find(state.snapshot, day)
    if card is None:
        return not_found(_("There is no speech of that date in the registry."), [(_("Speeches"), "/speeches")])
    return html.Div(speech_body(state.snapshot, card), id="speech-page")


def speech_title_of(day: str = "", **_kwargs: Any) -> str:
    state = current_state()
    card = find(state.snapshot, day)
    return _("{title} · Speeches").format(title=speech_title(card.said_on)) if card else _("Speech not found")
