"""Claims `/claims`: every claim, grouped by speech, stated in plain words, with its verdict and evidence.

The speech and verdict filters live in the URL (`/claims?speech=2025-03-05&verdict=inconsistent`). The
scorecard of each speech heads the page. A verdict reached through a stand-in indicator counts under its
verdict and says so on its badge: "by a stand-in" is a modifier, never a verdict of its own. The topic filter
(`?topic=cybercrime`) lists every claim on a topic from every speech, the oldest speech first, so a reader
follows it across the years.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.engine.evidence import scorecards
from dashboard.engine.vocabulary import RESULTS, TOPIC_TEXT
from dashboard.formatting import date
from dashboard.i18n import _
from dashboard.web import ids
from dashboard.web.components import claim_card, current_state, href, in_page_language, no_registry, result_text, topic_text
from dashboard.web.scorecard import scorecards as scorecard_grid
from dashboard.web.store import Snapshot, State

VERDICTS = RESULTS
ALL = "all"


def verdict_of(check: Any) -> str:
    return check.result


def verdict_label(verdict: str) -> str:
    return result_text(verdict)


def speeches(snapshot: Snapshot | None) -> list[str]:
    """Speech dates, newest first ('undated' last)."""
    if snapshot is None:
        return []
    days = {c.said_on or "undated" for c in snapshot.localized().checks.values()}
    return sorted(days - {"undated"}, reverse=True) + (["undated"] if "undated" in days else [])


def speech_label(day: str) -> str:
    return _("Speech of {date}").format(date=date(dt.date.fromisoformat(day))) if day != "undated" else _("Undated")


def topic_of(search: object) -> str:
    """`?topic=` of a page's search string (a callback's `search`): a known topic, else "all"."""
    if not isinstance(search, str) or len(search) > 2000:
        return ALL
    found = parse_qs(search.lstrip("?")).get("topic", [ALL])[0]
    return found if found in TOPIC_TEXT else ALL


def _on_topic(snapshot: Snapshot, topic: str) -> set[str]:
    """The ids of the claims on `topic` (every claim for "all")."""
    return {c.id for c in snapshot.localized().registry.claims if topic == ALL or c.topic == topic}


def filter_options(snapshot: Snapshot | None, speech: str = ALL, topic: str = ALL) -> tuple[list[dict], list[dict]]:
    held = _on_topic(snapshot, topic) if snapshot else set()
    checks = [
        c
        for c in (snapshot.localized().checks.values() if snapshot else [])
        if (speech == ALL or (c.said_on or "undated") == speech) and c.claim in held
    ]
    verdicts = [{"label": _("All ({count})").format(count=len(checks)), "value": ALL}] + [
        {"label": f"{verdict_label(v).capitalize()} ({sum(1 for c in checks if verdict_of(c) == v)})", "value": v} for v in VERDICTS
    ]
    speech_options = [{"label": _("All speeches"), "value": ALL}] + [{"label": speech_label(d), "value": d} for d in speeches(snapshot)]
    return speech_options, verdicts


def claim_list(snapshot: Snapshot, verdict: str | None, speech: str | None = ALL, topic: str = ALL) -> list:
    registry = snapshot.localized().registry
    checks = snapshot.localized().checks
    on_topic = _on_topic(snapshot, topic)
    out: list = []
    days = speeches(snapshot)
    if topic != ALL:  # a topic reads across the years: the oldest speech first, undated last
        days = sorted(d for d in days if d != "undated") + [d for d in days if d == "undated"]
    for day in days:
        if speech not in (None, ALL) and day != speech:
            continue
        group = [c for c in registry.claims if (checks[c.id].said_on or "undated") == day and c.id in on_topic]
        shown = [c for c in group if verdict in (None, ALL) or verdict_of(checks[c.id]) == verdict]
        if not shown:
            continue
        out.append(
            html.Section(
                [
                    html.H2(speech_label(day), className="h5 mt-3"),
                    *[claim_card(snapshot.localized(), c, checks[c.id], with_indicator=True) for c in shown],
                ],
                className="speech-group",
                id=f"speech-{day}",
                **{"aria-label": speech_label(day)},
            )
        )
    if not out:
        out.append(html.P(_("No claim matches the filter."), className="text-body-secondary", id="no-claim"))
    return out


def body(state: State, verdict: str | None, speech: str | None = ALL, topic: str = ALL) -> Any:
    if state.snapshot is None:
        return no_registry()
    assessment = state.snapshot.localized()
    cards = [c for c in scorecards(assessment.checks, assessment.registry) if speech in (None, ALL) or c.said_on == speech]
    return [scorecard_grid(cards), *claim_list(state.snapshot, verdict, speech, topic)]


def topic_nav(snapshot: Snapshot | None, topic: str) -> html.Nav:
    """Links to each topic that has claims ("All topics" first); the chosen one is marked as the current page."""
    held = {c.topic for c in snapshot.localized().registry.claims} if snapshot else set()
    items = [(ALL, _("All topics"))] + [(t, topic_text(t)) for t in TOPIC_TEXT if t in held]
    links = [
        html.Li(
            html.A(  # a plain link: dcc.Link takes no aria-current, and a topic is a new list anyway
                text,
                href=href("/claims", topic=None if code == ALL else code),
                className="topic-link" + (" active fw-bold" if code == topic else ""),
                **({"aria-current": "page"} if code == topic else {}),
            ),
            className="list-inline-item",
        )
        for code, text in items
    ]
    return html.Nav(
        [html.Span(_("Topic: "), className="small me-1"), html.Ul(links, className="list-inline d-inline small mb-2")],
        className="topic-nav",
        **{"aria-label": _("Topics")},
    )


@in_page_language
def layout(
    verdict: str | None = None,
    speech: str | None = None,
    lang: str | None = None,
    result: str | None = None,
    topic: str | None = None,
    **_query: Any,
) -> html.Div:
    state = current_state()
    verdict = verdict if verdict in VERDICTS else (result if result in VERDICTS else ALL)  # `result`: the parameter's first name
    speech = speech if isinstance(speech, str) and speech in speeches(state.snapshot) else ALL
    topic = topic if isinstance(topic, str) and topic in TOPIC_TEXT else ALL
    speech_options, verdict_options = filter_options(state.snapshot, speech, topic)
    return html.Div(
        [
            dcc.Store(id=ids.CLAIMS_URL_SYNC),
            html.H1(_("Claims and what the data say"), className="h3"),
            html.P(
                _(
                    "Each claim is checked against values from other sources only: a value whose source is the speech itself never counts "
                    "as evidence. "
                    "A verdict reached through a related indicator (a stand-in) counts under its verdict and says so. "
                    "A commitment not yet due is in the works, on course or off course."
                ),
                className="small text-body-secondary",
            ),
            html.Div(
                [
                    dbc.Label(_("Speech"), html_for="speech-filter", className="me-2 small"),
                    dbc.Select(id=ids.SPEECH_FILTER, options=speech_options, value=speech, className="mb-2 speech-select"),
                    html.Fieldset(
                        [
                            html.Legend(_("Verdict"), className="small mb-1 fs-6"),
                            dbc.RadioItems(id=ids.CLAIM_FILTER, options=verdict_options, value=verdict, inline=True, className="mb-3"),
                        ]
                    ),
                ],
                role="search",
            ),
            topic_nav(state.snapshot, topic),
            html.Div(body(state, verdict, speech, topic), id=ids.CLAIMS_LIST),
        ],
        id="claims-page",
    )
