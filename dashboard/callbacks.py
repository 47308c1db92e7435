"""Callbacks: thin wrappers over plain functions of the registry state.

Each `*_view` function takes a `State` (and the inputs) and returns what the
callback sends, so tests call them without a browser or a server.
"""

from __future__ import annotations

import logging
from typing import Any

import dash
import flask
from dash import Input, Output, State, dcc, no_update
from dash.exceptions import PreventUpdate

from .components import EXTENSION, banner, current_state, footer_text
from .export.service import ExportUnavailable
from .pages import claims, indicator, overview, sources
from .store import State as RegistryState

log = logging.getLogger(__name__)


def poll_view(state: RegistryState, version: str | None, problems_token: str | None) -> tuple:
    """(version, problems token, banner, footer): unchanged parts are `no_update`; nothing changed raises PreventUpdate."""
    version_changed = state.version != version
    problems_changed = state.problems_token != problems_token
    if not version_changed and not problems_changed:
        raise PreventUpdate
    return (
        state.version if version_changed else no_update,
        state.problems_token if problems_changed else no_update,
        banner(state) if problems_changed else no_update,
        footer_text(state) if version_changed else no_update,
    )


def overview_view(state: RegistryState) -> tuple[Any, list[dict]]:
    return overview.body(state), overview.area_options(state.snapshot)


def cards_view(state: RegistryState, area: str | None, query: str | None) -> list:
    if state.snapshot is None:
        return []
    return overview.cards(state.snapshot, area or None, query or None)


def indicator_view(state: RegistryState, indicator_id: str | None) -> Any:
    return indicator.body(state, indicator_id or "")


def csv_view(state: RegistryState, indicator_id: str | None, clicks: int | None = 1) -> dict:
    """The download for the CSV button: every value of the indicator, formula-safe."""
    if not clicks:  # a re-rendered page brings a fresh button: not a click
        raise PreventUpdate
    if state.snapshot is None or not indicator_id or state.snapshot.registry.indicator(indicator_id) is None:
        raise PreventUpdate
    return dcc.send_string(indicator.indicator_csv(state.snapshot, indicator_id), filename=f"{indicator_id}.csv", type="text/csv")


def png_view(state: RegistryState, indicator_id: str | None, exporter: Any, clicks: int | None = 1) -> tuple[Any, str]:
    """(download, message) for the PNG button; a missing exporter or browser gives a message, not an error."""
    if not clicks:
        raise PreventUpdate
    if state.snapshot is None or not indicator_id or state.snapshot.registry.indicator(indicator_id) is None:
        return no_update, "Nothing to export: the indicator is not in the registry."
    try:
        data = exporter.render(state.snapshot.assessment, indicator_id)
    except ExportUnavailable as exc:
        return no_update, str(exc)
    except Exception as exc:
        log.exception("PNG export failed")
        return no_update, f"PNG export failed: {type(exc).__name__}: {exc}"
    return dcc.send_bytes(data, filename=f"{indicator_id}.png", type="image/png"), f"{indicator_id}.png: {len(data) / 1024:.0f} KB"


def claims_view(state: RegistryState, result: str | None) -> tuple[Any, list[dict]]:
    return claims.body(state, result), claims.filter_options(state.snapshot)


def sources_view(state: RegistryState) -> Any:
    return sources.body(state)


def register_callbacks(app: dash.Dash) -> None:
    """Attach every callback to this app (not to Dash's global callback list)."""

    @app.callback(
        Output("registry-version", "data"),
        Output("registry-problems-token", "data"),
        Output("registry-banner", "children"),
        Output("footer-version", "children"),
        Input("reload-poll", "n_intervals"),
        State("registry-version", "data"),
        State("registry-problems-token", "data"),
        prevent_initial_call=True,
    )
    def poll(_n: int, version: str, problems_token: str) -> tuple:
        return poll_view(current_state(), version, problems_token)

    @app.callback(
        Output("overview-body", "children"),
        Output("area-filter", "options"),
        Input("registry-version", "data"),
        prevent_initial_call=True,
    )
    def overview_body(_version: str) -> tuple:
        return overview_view(current_state())

    @app.callback(
        Output("overview-cards", "children"),
        Input("registry-version", "data"),
        Input("area-filter", "value"),
        Input("title-search", "value"),
        prevent_initial_call=True,
    )
    def overview_cards(_version: str, area: str | None, query: str | None) -> list:
        return cards_view(current_state(), area, query)

    @app.callback(
        Output("indicator-body", "children"),
        Input("registry-version", "data"),
        State("indicator-id", "data"),
        prevent_initial_call=True,
    )
    def indicator_body(_version: str, indicator_id: str) -> Any:
        return indicator_view(current_state(), indicator_id)

    @app.callback(
        Output("csv-download", "data"),
        Input("csv-button", "n_clicks"),
        State("indicator-id", "data"),
        prevent_initial_call=True,
    )
    def download_csv(clicks: int | None, indicator_id: str) -> dict:
        return csv_view(current_state(), indicator_id, clicks)

    @app.callback(
        Output("png-download", "data"),
        Output("png-message", "children"),
        Input("png-button", "n_clicks"),
        State("indicator-id", "data"),
        prevent_initial_call=True,
    )
    def download_png(clicks: int | None, indicator_id: str) -> tuple:
        return png_view(current_state(), indicator_id, flask.current_app.extensions[EXTENSION].exporter, clicks)

    @app.callback(
        Output("claims-list", "children"),
        Output("claim-filter", "options"),
        Input("registry-version", "data"),
        Input("claim-filter", "value"),
        prevent_initial_call=True,
    )
    def claims_list(_version: str, result: str | None) -> tuple:
        return claims_view(current_state(), result)

    @app.callback(Output("sources-body", "children"), Input("registry-version", "data"), prevent_initial_call=True)
    def sources_body(_version: str) -> Any:
        return sources_view(current_state())
