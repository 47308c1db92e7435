"""Any address that is no page."""

from __future__ import annotations

from typing import Any

from dash import html

from dashboard.i18n import _
from dashboard.web.components import in_page_language, not_found


@in_page_language
def layout(lang: str | None = None, **_query: Any) -> html.Div:
    return not_found(_("There is no page at this address."), [(_("Overview"), "/"), (_("Claims"), "/claims"), (_("Sources"), "/sources")])
