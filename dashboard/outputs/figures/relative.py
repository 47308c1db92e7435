"""The re-based chart's view: the engine re-bases (engine.rebase); this names the index in the reader's language."""

from __future__ import annotations

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.rebase import rebased
from dashboard.i18n import _


def index_unit(year: int) -> str:
    return _("index, {year} = 100").format(year=year)


def relative_view(view: IndicatorView, year: int | None) -> IndicatorView:
    """The view re-based to `year` (its value reads 100), or the view itself without a year."""
    if year is None:
        return view
    return rebased(view, year, index_unit(year), index_unit(year))
