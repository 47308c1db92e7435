"""Any address that is no page."""

from __future__ import annotations

from typing import Any

from dash import html

from ..components import not_found


def layout(**_query: Any) -> html.Div:
    return not_found("There is no page at this address.", [("Overview", "/"), ("Claims", "/claims"), ("Sources", "/sources")])
