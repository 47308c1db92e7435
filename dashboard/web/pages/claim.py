"""One claim, `/claim/<claim_id>`: its full card (verdict, the quote with its translation, ruling, history), the
speech it was said at, its indicator and the sources of its evidence. Every claim card elsewhere links here
(components.claim_page_link); the page's head carries the claim's ClaimReview (web/jsonld.py).

A claim id the assessment has no check of is the not-found page, with a 404 (routes._status_of_pages).
"""

from __future__ import annotations

from typing import Any

from dash import dcc, html

from dashboard.i18n import _
from dashboard.web.components import (
    claim_card,
    current_state,
    href,
    in_page_language,
    indicator_link,
    no_registry,
    not_found,
    source_link,
)
from dashboard.web.scorecard import speech_title
from dashboard.web.store import Snapshot


def find(snapshot: Snapshot | None, claim_id: object) -> tuple[Any, Any] | None:
    """(claim, check) of the localized assessment, or None for an id it has no check of."""
    if snapshot is None or not isinstance(claim_id, str):
        return None
    assessment = snapshot.localized()
    check = assessment.checks.get(claim_id)
    claim = next((c for c in assessment.registry.claims if c.id == claim_id), None)
    return (claim, check) if claim is not None and check is not None else None


def _context(snapshot: Snapshot, claim: Any, check: Any) -> html.Ul:
    """Where the claim belongs: its speech, its indicator (and the stand-in's), every claim."""
    registry = snapshot.localized().registry
    items: list = []
    if check.said_on:
        items.append(html.Li([_("Said at: "), dcc.Link(speech_title(check.said_on), href=href(f"/speech/{check.said_on}"))]))
    items.append(html.Li([_("Indicator: "), indicator_link(registry, claim.indicator)]))
    if check.by_stand_in and check.stand_in:
        items.append(html.Li([_("Stand-in indicator: "), indicator_link(registry, check.stand_in)]))
    items.append(html.Li(dcc.Link(_("All claims"), href=href("/claims"))))
    return html.Ul(items, className="list-unstyled small mb-3 claim-context")


def _evidence(snapshot: Snapshot, check: Any) -> html.Section:
    registry = snapshot.localized().registry
    used = list(dict.fromkeys(check.evidence))
    body: Any = (
        html.Ul([html.Li(source_link(registry, s, long=True)) for s in used], className="small claim-evidence")
        if used
        else html.P(_("No independent source gives a value that tests it."), className="small text-body-secondary claim-evidence")
    )
    return html.Section([html.H2(_("Sources of the evidence"), className="h5 mt-3"), body], className="claim-evidence-section")


def body(snapshot: Snapshot, claim: Any, check: Any) -> list:
    assessment = snapshot.localized()
    return [
        html.H1(check.text or claim.id, className="h3"),
        _context(snapshot, claim, check),
        claim_card(assessment, claim, check, permalink=False),
        _evidence(snapshot, check),
        html.P(
            [_("How the verdicts are reached: "), dcc.Link(_("Methods"), href=href("/methods") + "#verdicts")],
            className="small mt-3",
        ),
    ]


@in_page_language
def layout(claim_id: str | None = None, lang: str | None = None, **_query: Any) -> html.Div:
    state = current_state()
    if state.snapshot is None:
        return html.Div(no_registry(), id="claim-page")
    found = find(state.snapshot, claim_id)
    if found is None:
        return not_found(_("There is no claim of that id in the registry."), [(_("Claims"), "/claims")])
    return html.Div(body(state.snapshot, *found), id="claim-page")


def title(claim_id: str = "", **_kwargs: Any) -> str:
    found = find(current_state().snapshot, claim_id)
    return _("{claim} · Claims").format(claim=found[1].text or found[0].id) if found else _("Claim not found")
