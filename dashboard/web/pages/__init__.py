"""The app's pages, registered explicitly by `register_pages()` from the app factory.

Layout functions read the store of the app serving the request, so several
app instances in one process (tests) can share Dash's page registry.
"""

from __future__ import annotations

import dash

from dashboard.web.pages import changes, claim, claims, indicator, methods, not_found_404, overview, sources, speeches


def register_pages() -> None:
    dash.register_page("dashboard.web.pages.overview", path="/", name="Overview", title="Overview", layout=overview.layout, order=0)
    dash.register_page(
        "dashboard.web.pages.indicator",
        path_template="/indicator/<indicator_id>",
        name="Indicator",
        title=indicator.title,
        layout=indicator.layout,
        order=1,
    )
    dash.register_page("dashboard.web.pages.claims", path="/claims", name="Claims", title="Claims", layout=claims.layout, order=2)
    dash.register_page(
        "dashboard.web.pages.claim", path_template="/claim/<claim_id>", name="Claim", title=claim.title, layout=claim.layout, order=9
    )
    dash.register_page("dashboard.web.pages.sources", path="/sources", name="Sources", title="Sources", layout=sources.layout, order=3)
    dash.register_page(
        "dashboard.web.pages.changes", path="/changes", name="What changed", title="What changed", layout=changes.layout, order=7
    )
    dash.register_page(
        "dashboard.web.pages.speeches", path="/speeches", name="Speeches", title=speeches.index_title, layout=speeches.index_layout, order=5
    )
    dash.register_page(
        "dashboard.web.pages.speech",
        path_template="/speech/<day>",
        name="Speech",
        title=speeches.speech_title_of,
        layout=speeches.speech_layout,
        order=6,
    )
    dash.register_page("dashboard.web.pages.methods", path="/methods", name="Methods", title=methods.title, layout=methods.layout, order=8)
    dash.register_page(
        "dashboard.web.pages.not_found_404", path="/404", name="Not found", title="Not found", layout=not_found_404.layout, order=4
    )
