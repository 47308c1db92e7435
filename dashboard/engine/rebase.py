"""An indicator's values re-based to one year of the speech's reference years: that year's value reads 100.

The speeches measure against 2004, 2014 and 2024 ("twice as low as in 2004"); a re-based series shows
every year as a share of the chosen one. Only a year with a full-year level of the series can be a base,
and only levels are re-based: a published change or a target has no place on an index axis.
"""

from __future__ import annotations

import dataclasses

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.progress import Point

REFERENCE_YEARS = (2004, 2014, 2024)
INDEX_DECIMALS = 1


def base_years(view: IndicatorView) -> tuple[int, ...]:
    """The reference years the series has a non-zero full-year value for: the years it can be re-based to."""
    return tuple(y for y in REFERENCE_YEARS if y in view.yearly and view.yearly[y].value)


def base_year(view: IndicatorView, asked: object) -> int | None:
    """The base a request asked for (`?base=2014`), if the series can be re-based to it; otherwise none."""
    try:
        year = int(str(asked)) if asked is not None and str(asked).isdigit() and len(str(asked)) == 4 else None
    except ValueError:
        return None
    return year if year in base_years(view) else None


def _scaled(p: Point, factor: float) -> Point:
    return p._replace(value=p.value * factor, lo=p.low * factor, hi=p.high * factor)


def rebased(view: IndicatorView, year: int, unit: str, unit_short: str) -> IndicatorView:
    """The view with every level as an index of `year` = 100; no targets, claims or change (they are in the unit).

    `unit` and `unit_short` are the index's name in the reader's language ("index, 2014 = 100")."""
    factor = 100.0 / view.yearly[year].value
    points = tuple(_scaled(p, factor) for p in view.points if p.kind == "level")
    yearly = {y: _scaled(p, factor) for y, p in view.yearly.items()}
    indicator = view.indicator.model_copy(
        update={"unit": unit, "unit_short": unit_short, "decimals": INDEX_DECIMALS, "limit": None, "targets": [], "baseline": None}
    )
    return dataclasses.replace(view, indicator=indicator, points=points, yearly=yearly, targets=(), claims=(), change=None)
