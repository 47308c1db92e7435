"""Any address that is no page."""

from __future__ import annotations

from typing import Any

from dash import html

from ..components import not_found
from ..i18n import _, set_language


def layout(lang: str | None = None, **_query: Any) -> html.Div:
    set_language(lang or "en")
    return not_found(_("There is no page at this address."), [(_("Overview"), "/"), (_("Claims"), "/claims"), (_("Sources"), "/sources")])
