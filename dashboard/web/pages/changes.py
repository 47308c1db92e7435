"""What changed `/changes`: every version this server kept in its history folder, newest first, with its
date and what changed from the version before: values, target statuses under each method, claim verdicts."""

from __future__ import annotations

from typing import Any

import flask
from dash import html

from dashboard.engine.changes import Changes
from dashboard.i18n import _, ngettext
from dashboard.outputs.history import History
from dashboard.outputs.history.text import IDS, Names, names_of, status_line, value_line, verdict_line, when
from dashboard.web.components import EXTENSION, current_state, in_page_language

SHOWN = 50  # the newest versions on the page; the CLI's `history` lists them all
MAX_LINES = 200  # per kind of change in one version


def current_history() -> History | None:
    return getattr(flask.current_app.extensions[EXTENSION], "history", None)


def _section(title: str, lines: list[str], css: str) -> list:
    if not lines:
        return []
    shown = lines[:MAX_LINES]
    more = [html.Li(_("and {count} more").format(count=len(lines) - len(shown)))] if len(lines) > len(shown) else []
    return [html.H3(f"{title} ({len(lines)})", className="h6 mt-2"), html.Ul([html.Li(x) for x in shown] + more, className=f"small {css}")]


def change_list(changes: Changes | None, names: Names = IDS) -> list:
    if changes is None:
        return [html.P(_("The first version kept: nothing to compare it with."), className="small text-body-secondary")]
    if changes.empty:
        return [html.P(_("No values, statuses or verdicts changed."), className="small text-body-secondary")]
    out = _section(_("Values"), [value_line(c, names) for c in changes.values], "changed-values")
    out += _section(_("Target statuses"), [status_line(c, names) for c in changes.statuses], "changed-statuses")
    out += _section(_("Claim verdicts"), [verdict_line(c, names) for c in changes.verdicts], "changed-verdicts")
    if not changes.values_recorded:
        out.append(html.P(_("Values were not compared: a record of a very large registry keeps no values."), className="small"))
    return out


def body(history: History | None, names: Names = IDS) -> list:
    if history is None:
        return [html.P(_("This server keeps no history of versions (it was started with the history folder off)."))]
    versions = history.changes(SHOWN)
    problems = history.listing().problems
    out: list = []
    if problems:
        out.append(
            html.Div(
                [html.P(_("Some records could not be read and are left out:"))] + [html.Ul([html.Li(str(p)) for p in problems[:20]])],
                className="alert alert-warning small",
                role="status",
            )
        )
    if not versions:
        out.append(html.P(_("No version has been kept yet.")))
    for record, changes in versions:
        out.append(
            html.Section(
                [
                    html.H2(
                        _("Version {version}, {date}").format(version=record["version"], date=when(str(record["time"]))),
                        className="h5 mt-4",
                        id=f"version-{record['version']}",
                    ),
                    *change_list(changes, names),
                ],
                className="version-changes",
            )
        )
    total = len(history.listing().records)
    if total > len(versions):
        out.append(
            html.P(
                ngettext("{count} older version is not shown.", "{count} older versions are not shown.", total - len(versions)).format(
                    count=total - len(versions)
                ),
                className="small",
            )
        )
    return out


def _names() -> Names:
    """The current registry's names for what changed (a version's ids that it no longer holds are shown as they are)."""
    snapshot = current_state().snapshot
    return names_of(snapshot.localized()) if snapshot else IDS


@in_page_language
def layout(lang: str | None = None, **_query: Any) -> html.Div:
    return html.Div(
        [
            html.H1(_("What changed"), className="h3"),
            html.P(
                _("The versions of the registry this dashboard has published, newest first, each with what changed from the one before."),
                className="small text-body-secondary",
            ),
            *body(current_history(), _names()),
        ],
        id="changes-page",
    )
