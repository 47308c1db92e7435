"""The chart's own table: one row per year the tracking chart draws, said as the chart says it, and its CSV.

The page's Table tab and the chart's CSV download read these rows, so the table, the file and the chart
agree on every year and every figure. Re-based (engine.rebase), each row also gives the index.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.engine.assessment import IndicatorView
from dashboard.engine.rebase import INDEX_DECIMALS, rebased
from dashboard.formatting import number, qualified
from dashboard.i18n import _
from dashboard.outputs import csvfile
from dashboard.outputs.figures.credit import credit_line
from dashboard.registry.fields import QUALIFIER_WORDS
from dashboard.registry.models import Registry


@dataclass(frozen=True)
class ChartRow:
    year: int
    value: float
    qualifier: str
    shown: str  # the value as the chart's labels and hovers say it
    derived: bool
    index: float | None  # re-based: the value as a share of the base year's, times 100
    publishers: str
    urls: str


def chart_rows(registry: Registry, view: IndicatorView, base: int | None = None) -> list[ChartRow]:
    ind = view.indicator
    index = rebased(view, base, "", "").yearly if base is not None and base in view.yearly else {}
    rows = []
    for year, p in view.yearly.items():
        sources = [s for s in (registry.source(i) for i in p.sources) if s is not None]
        shown = qualified(p.value, p.qualifier, ind.decimals, ind.unit_short)
        if p.derived:
            shown = _("{value}, derived").format(value=shown)
        rows.append(
            ChartRow(
                year,
                p.value,
                p.qualifier,
                shown,
                p.derived,
                index[year].value if year in index else None,
                ", ".join(dict.fromkeys(s.publisher for s in sources)),
                " ".join(dict.fromkeys(s.url for s in sources)),
            )
        )
    return rows


def index_text(value: float | None) -> str:
    return number(value, INDEX_DECIMALS) if value is not None else "–"


def chart_csv(registry: Registry, view: IndicatorView, version: str, base: int | None = None) -> str:
    """The chart's years as CSV; every row carries the source-and-licence line, so a row copied out keeps it."""
    rows = chart_rows(registry, view, base)
    credit = credit_line(registry, view, version, shown=99)
    indexed = base is not None and base in view.yearly
    columns = ["indicator", "year", "value", "qualifier", "shown", "derived"]
    columns += [f"index_{base}_100"] if indexed else []
    columns += ["publishers", "urls", "source_and_licence"]
    out = []
    for r in rows:
        cells: list = [view.id, r.year, r.value, QUALIFIER_WORDS[r.qualifier], r.shown, "true" if r.derived else "false"]
        cells += [round(r.index, INDEX_DECIMALS + 2) if r.index is not None else None] if indexed else []
        out.append([*cells, r.publishers, r.urls, credit])
    return csvfile.write(columns, out)
