"""Claims `/claims`: every claim, grouped by speech, stated in plain words, with its verdict and evidence.

The speech and verdict filters live in the URL (`/claims?speech=2025-03-05&verdict=inconsistent`). The
scorecard of each speech heads the page. A verdict reached through a stand-in indicator counts under its
verdict and says so on its badge: "by a stand-in" is a modifier, never a verdict of its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.engine.evidence import scorecards
from dashboard.engine.vocabulary import RESULTS
from dashboard.formatting import date
from dashboard.i18n import _
from dashboard.web import ids
from dashboard.web.components import claim_card, current_state, in_page_language, no_registry, result_text
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


def filter_options(snapshot: Snapshot | None, speech: str = ALL) -> tuple[list[dict], list[dict]]:
    checks = [c for c in (snapshot.localized().checks.values() if snapshot else []) if speech == ALL or (c.said_on or "undated") == speech]
    verdicts = [{"label": _("All ({count})").format(count=len(checks)), "value": ALL}] + [
        {"label": f"{verdict_label(v).capitalize()} ({sum(1 for c in checks if verdict_of(c) == v)})", "value": v} for v in VERDICTS
    ]
    speech_options = [{"label": _("All speeches"), "value": ALL}] + [{"label": speech_label(d), "value": d} for d in speeches(snapshot)]
    return speech_options, verdicts


def claim_list(snapshot: Snapshot, verdict: str | None, speech: str | None = ALL) -> list:
    registry = snapshot.localized().registry
    checks = snapshot.localized().checks
    out: list = []
    for day in speeches(snapshot):
        if speech not in (None, ALL) and day != speech:
            continue
        group = [c for c in registry.claims if (checks[c.id].said_on or "undated") == day]
        shown = [c for c in group if verdict in (None, ALL) or verdict_of(checks[c.id]) == verdict]
        if not shown:
            continue
        out.append(
            html.Section(
                [
                    html.H2(speech_label(day), className="h5 mt-3"),
                    *[claim_card(registry, c, checks[c.id], with_indicator=True) for c in shown],
                ],
                className="speech-group",
                id=f"speech-{day}",
                **{"aria-label": speech_label(day)},
            )
        )
    if not out:
        out.append(html.P(_("No claim matches the filter."), className="text-body-secondary", id="no-claim"))
    return out


def body(state: State, verdict: str | None, speech: str | None = ALL) -> Any:
    if state.snapshot is None:
        return no_registry()
    assessment = state.snapshot.localized()
    cards = [c for c in scorecards(assessment.checks, assessment.registry) if speech in (None, ALL) or c.said_on == speech]
    return [scorecard_grid(cards), *claim_list(state.snapshot, verdict, speech)]


@in_page_language
def layout(
    verdict: str | None = None, speech: str | None = None, lang: str | None = None, result: str | None = None, **_query: Any
) -> html.Div:
    state = current_state()
    verdict = verdict if verdict in VERDICTS else (result if result in VERDICTS else ALL)  # `result`: the parameter's first name
    speech = speech if isinstance(speech, str) and speech in speeches(state.snapshot) else ALL
    speech_options, verdict_options = filter_options(state.snapshot, speech)
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
            html.Div(body(state, verdict, speech), id=ids.CLAIMS_LIST),
        ],
        id="claims-page",
    )
