"""Small building blocks shared by the pages: badges, links, banner, tables.

Every piece of registry text goes into a component as a plain string: Dash
escapes it. Only http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dash_bootstrap_components as dbc
import flask
from dash import dcc, html

from dashboard.engine.vocabulary import (
    FOUND_IN_TEXT,
    PALETTE,
    RESULT_COLOURS,
    RESULT_TEXT,
    STATUS_COLOURS,
    STATUS_TEXT,
    TOPIC_TEXT,
    text_colour,
)
from dashboard.formatting import date
from dashboard.i18n import _, current, ngettext, normalise, use_language
from dashboard.outputs.quotes import quote_of
from dashboard.outputs.rulings import ruling
from dashboard.outputs.wording import publishers, say
from dashboard.registry import Registry
from dashboard.web.share_control import claim_share
from dashboard.web.store import RegistryStore, State


def result_text(result: str) -> str:
    return _(RESULT_TEXT[result]) if result in RESULT_TEXT else result


def status_text(status: str) -> str:
    """A status in the reader's language (the engine's STATUS_TEXT holds the English words, the msgids)."""
    return _(STATUS_TEXT.get(status, status))


_HTTP = re.compile(r"^https?://[^\s<>\"]+$")
EXTENSION = "dashboard"
MAX_PROBLEM_LINES = 200  # the banner and /api/registry list this many problems, then the count of the rest


def in_page_language(layout: Callable[..., Any]) -> Callable[..., Any]:
    """A page layout built in its `?lang=` (normalised), that language ending with the layout: no request inherits it."""

    @functools.wraps(layout)
    def in_language(*args: Any, lang: object = None, **kwargs: Any) -> Any:
        with use_language(normalise(lang)) as code:
            return layout(*args, lang=code, **kwargs)

    return in_language


def first_text(value: object) -> str | None:
    """A query value as a page reads it: the first of a repeated key, None for anything that is not text."""
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return value if isinstance(value, str) else None


def href(path: str, **params: object) -> str:
    """An address inside the app that keeps the reader's language (and any other parameters given)."""
    from urllib.parse import urlencode

    query = {k: v for k, v in params.items() if v not in (None, "")}
    if current() != "en":
        query["lang"] = current()
    return path + ("?" + urlencode(query) if query else "")


def current_store() -> RegistryStore:
    """The store of the app serving this request (every app instance has its own)."""
    return flask.current_app.extensions[EXTENSION].store


def current_state() -> State:
    return current_store().state()


def pill(text: str, colour: str, *, title: str | None = None, class_name: str = "", link: str | None = None) -> Any:
    """A coloured badge; with `link`, a link to it (the badge's paragraph on /methods)."""
    look = {
        "title": title,
        "className": f"badge status-pill {class_name}".strip(),
        "style": {"backgroundColor": colour, "color": text_colour(colour)},
    }
    if link:
        look["className"] += " badge-link"
        return dcc.Link(text, href=link, **look)
    return html.Span(text, **look)


def methods_href(kind: str, code: str) -> str:
    """Where a badge's meaning is explained: '/methods#status-fair' (with the reader's language)."""
    return href("/methods") + f"#{kind}-{code}"


def status_badge(status: str, label: str | None = None, *, title: str | None = None, link: bool = True) -> Any:
    colour = STATUS_COLOURS.get(status, PALETTE["grey"])
    where = methods_href("status", status) if link and status in STATUS_TEXT else None
    return pill(label or status_text(status), colour, title=title, class_name=f"status-{status}", link=where)


def result_badge(result: str, *, stand_in: bool = False, link: bool = True) -> Any:
    text = _("{result}, by a stand-in").format(result=result_text(result)) if stand_in else result_text(result)
    where = methods_href("verdict", result) if link and result in RESULT_TEXT else None
    classes = f"result-{result}" + (" result-stand-in" if stand_in else "")
    return pill(text, RESULT_COLOURS.get(result, PALETTE["grey"]), class_name=classes, link=where)


def external_link(url: str | None, text: str | None = None) -> Any:
    """A link for http(s) URLs only; anything else stays text."""
    if url and _HTTP.match(url):
        return html.A(text or url, href=url, target="_blank", rel="noopener noreferrer")
    return html.Span(text or url or "–")


def source_link(registry: Registry, source_id: str, *, long: bool = False) -> Any:
    source = registry.source(source_id)
    if source is None:
        return html.Span(source_id)
    text = f"{source.publisher}: {source.title}" if long else source.publisher
    return external_link(source.url, text)


def indicator_link(registry: Registry, indicator_id: str) -> Any:
    ind = registry.indicator(indicator_id)
    return dcc.Link(ind.title if ind else indicator_id, href=href(f"/indicator/{indicator_id}"))


def banner(state: State) -> list:
    """The warning about the version shown, and the problems of the registry on disk while the last good version stays on screen.

    At most MAX_PROBLEM_LINES problems are listed, then how many more there are.
    """
    alerts = []
    if state.warning:
        said = [note.say() for note in state.notes] or [state.warning]  # in the reader's language (web/shrink.py)
        alerts.append(dbc.Alert(" ".join(said), color="warning", id="registry-warning", className="registry-banner mb-2"))
    registry = state.snapshot.registry if state.snapshot is not None else None
    if registry is not None and registry.warning_count:
        count = registry.warning_count
        alerts.append(
            html.Details(
                [
                    html.Summary(
                        ngettext(
                            "The registry has {count} warning: worth a look, not an error.",
                            "The registry has {count} warnings: worth a look, not errors.",
                            count,
                        ).format(count=f"{count:,}")
                    ),
                    html.Ul([html.Li(html.Code(line)) for line in registry.warning_lines()], className="problems mb-0 mt-2"),
                ],
                className="alert alert-info registry-banner registry-warnings mb-2 py-2",
                id="registry-warnings",
            )
        )
    if not state.problems:
        return alerts
    count = len(state.problems)
    if state.snapshot is not None:
        snap = state.snapshot
        kept = _("The dashboard keeps showing the last good version (loaded {time} UTC, version {version}).").format(
            time=f"{snap.loaded_at:%Y-%m-%d %H:%M:%S}", version=snap.registry.version
        )
    else:
        kept = _("No good version has been loaded yet.")
    lines = [html.Li(html.Code(str(p)), className="problem") for p in state.problems[:MAX_PROBLEM_LINES]]
    if count > MAX_PROBLEM_LINES:
        lines.append(html.Li(_("… and {count} more").format(count=f"{count - MAX_PROBLEM_LINES:,}"), className="problem-more"))
    alerts.append(
        dbc.Alert(
            [
                html.Strong(
                    ngettext("The registry has {count} problem.", "The registry has {count} problems.", count).format(count=f"{count:,}")
                    + " "
                ),
                html.Span(kept + " " + _("The banner clears when the file is fixed.")),
                html.Ul(lines, className="problems mb-0 mt-2"),
            ],
            color="danger",
            id="registry-problems",
            className="registry-banner mb-0",
        )
    )
    return alerts


def table(
    header: list[str],
    rows: list[list[Any]],
    *,
    class_name: str = "",
    row_classes: list[str] | None = None,
    caption: str | None = None,
    **kwargs: Any,
) -> html.Div:
    """A table; under 600 px each row becomes a card whose cells are labelled by their column's head (`data-label`,
    app.css), so no column is cut off and the page never scrolls sideways."""
    labels = [h if isinstance(h, str) else "" for h in header]
    body = [
        html.Tr(
            [html.Td(c, **{"data-label": labels[j] if j < len(labels) else ""}) for j, c in enumerate(row)],
            className=(row_classes[i] if row_classes else None),
        )
        for i, row in enumerate(rows)
    ]
    parts = ([html.Caption(caption, className="visually-hidden")] if caption else []) + [
        html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
        html.Tbody(body),
    ]
    return html.Div(
        dbc.Table(parts, bordered=False, hover=True, size="sm", className=f"data-table {class_name}".strip(), **kwargs),
        className="table-responsive",
        tabIndex=0,
        role="region",
        **{"aria-label": caption or _("Table")},
    )


def no_registry() -> html.Div:
    return html.Div(
        [
            html.H1(_("No registry loaded")),
            html.P(_("The registry could not be loaded; the banner above lists why. This page updates when the file is fixed.")),
        ],
        className="empty-state",
    )


def not_found(message: str, suggestions: list[tuple[str, str]] | None = None) -> html.Div:
    children: list = [html.H1(_("Page not found")), html.P(message, className="lead")]
    if suggestions:
        children += [html.P(_("Did you mean:")), html.Ul([html.Li(dcc.Link(text, href=href(path))) for text, path in suggestions])]
    children.append(html.P(dcc.Link(_("Back to the overview"), href=href("/"))))
    return html.Div(children, className="not-found", id="not-found")


def footer_text(state: State) -> str:
    if state.snapshot is None:
        return _("No registry loaded.")
    snap = state.snapshot
    name = Path(snap.registry.path).name
    return _("{file} · version {version} · loaded {time} UTC · data as of {date}").format(
        file=name, version=snap.version, time=f"{snap.loaded_at:%Y-%m-%d %H:%M:%S}", date=date(snap.registry.meta.as_of)
    )


def quote_versions(registry: Registry, item: Any, *, found_in: str | None = None) -> list:
    """A claim's or target's quote, the reader's language first, each version saying what it is (original, translation)."""
    quote = quote_of(registry, item, current(), found_in=found_in)
    if quote is None:
        return []
    block: list = []
    for i, version in enumerate(quote.versions):
        block.append(html.P(version.label, className="small text-body-secondary mb-0 mt-2 quote-label"))
        block.append(html.Blockquote(f"“{version.text}”", className="quote" + (" quote-second" if i else ""), lang=version.lang))
    if quote.note:
        block.append(html.P(quote.note, className="small text-body-secondary mb-1 quote-original-missing"))
    return block


def quote_block(registry: Registry, claim: Any, checked: bool) -> list:
    block = quote_versions(registry, claim, found_in=getattr(claim, "found_in", None))
    notes = []
    found_in = getattr(claim, "found_in", None)
    if not checked:
        if found_in == "transcript":
            notes.append(_("Not checked against a stored text: no copy of the transcript is stored."))
        else:
            notes.append(_("Not checked against a stored text: the source is a press report of the speech."))
    if notes:
        block.append(html.P(" ".join(notes), className="small text-body-secondary mb-1 quote-status"))
    for other in getattr(claim, "also_quoted", ()):
        source = registry.source(other.source)
        block.append(
            html.P(
                [
                    _("Also quoted: "),
                    html.Q(other.quote, lang=source.language if source and source.language else None),
                    " (",
                    source_link(registry, other.source),
                    ")",
                ],
                className="small mb-1 also-quoted",
            )
        )
    return block


def verdict_history_text(assessment: Any, claim: Any) -> str:
    """How the claim's verdict went across the versions kept in the history folder; '' without one."""
    from dashboard.engine.changes import verdict_runs
    from dashboard.outputs.history.text import names_of, verdict_history

    history = getattr(flask.current_app.extensions[EXTENSION], "history", None) if flask.has_app_context() else None
    if history is None:
        return ""
    indicators = (claim.indicator, *([claim.stand_in.indicator] if getattr(claim, "stand_in", None) else []))
    return verdict_history(verdict_runs(list(history.listing().records), claim.id, indicators), names_of(assessment))


def ruling_block(assessment: Any, claim: Any) -> html.P:
    """A claim's ruling, its sources linked to their pages."""
    pieces: list = [html.Strong(_("Ruling: "))]
    for sentence in ruling(assessment, claim):
        pieces += [p if isinstance(p, str) else external_link(p.url, p.publisher) for p in sentence] + [" "]
    return html.P(pieces, className="small mb-1 claim-ruling")


def found_in_text(found_in: str | None) -> str:
    """'a direct quote in a press report'; "" when the registry does not say."""
    return _(FOUND_IN_TEXT[found_in]) if found_in in FOUND_IN_TEXT else ""


def topic_text(topic: str | None) -> str:
    return _(TOPIC_TEXT[topic]) if topic in TOPIC_TEXT else ""


def claim_page_link(claim_id: str, text: str) -> Any:
    """The link from a claim's card to its own page: its name says which claim ("Page of this claim: <the claim>")."""
    return dcc.Link(
        [_("Page of this claim"), html.Span(f": {text}", className="visually-hidden")],
        href=href(f"/claim/{claim_id}"),
        className="small ms-2 d-inline-block claim-permalink",  # moves to the next line whole on a phone
    )


def claim_card(assessment: Any, claim: Any, check: Any, *, with_indicator: bool = False, permalink: bool = True) -> dbc.Card:
    """A claim's card: its verdict, the quote in each language, how it was found, its ruling and history; with
    `permalink`, a link to the claim's own page (every card but the one on that page)."""
    registry = assessment.registry
    said = date(dt.date.fromisoformat(check.said_on)) if check.said_on else "–"
    head: list = [result_badge(check.result, stand_in=check.by_stand_in), html.Span(f" {said}", className="ms-2 small text-body-secondary")]
    if permalink:
        head.append(claim_page_link(claim.id, check.text or claim.id))
    lines: list = [
        html.Div(head),
        html.P(html.Strong(check.text or claim.id), className="mt-2 mb-1 claim-text"),
    ]
    lines += quote_block(registry, claim, check.quote_checked)
    how = found_in_text(getattr(claim, "found_in", None))
    if how:
        lines.append(html.P([html.Strong(_("How the quote was found: ")), how], className=f"small mb-1 found-in found-in-{claim.found_in}"))
    topic = topic_text(getattr(claim, "topic", None))
    if topic:
        lines.append(html.P([_("Topic: "), dcc.Link(topic, href=href("/claims", topic=claim.topic))], className="small mb-1 claim-topic"))
    if with_indicator:
        lines.append(html.P([_("Indicator: "), indicator_link(registry, claim.indicator)], className="small mb-1"))
    lines.append(
        html.P(
            [_("Source: "), source_link(registry, claim.source, long=True)] + ([" · ", claim.said_by] if claim.said_by else []),
            className="small mb-1",
        )
    )
    lines.append(ruling_block(assessment, claim))
    if check.per_source:
        names = publishers(registry)
        lines.append(html.Ul([html.Li(say(s, names)) for s in check.per_source], className="small mb-1 per-source"))
    since = verdict_history_text(assessment, claim)
    if since:
        lines.append(html.P([since, " ", dcc.Link(_("What changed"), href=href("/changes"))], className="small mb-1 claim-history"))
    if claim.note:
        lines.append(html.P(claim.note, className="small text-body-secondary mb-0"))
    lines.append(claim_share(claim.id))
    return dbc.Card(dbc.CardBody(lines), className="mb-3 claim-card", id=f"claim-{claim.id}")
