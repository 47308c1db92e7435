"""The briefing report: one self-contained HTML or A4 PDF file to hand to people who never open the dashboard.

- `document`: the HTML, built from an assessment and the charts as inline SVG;
- `charts`: the charts, rendered to SVG through one browser and made safe to inline;
- `pdf`: the HTML printed to A4 by headless Chromium, page numbers in the contents;
- `command`: `python -m dashboard report`.

`briefing_html(assessment, ids)` and `briefing_pdf(assessment, ids)` are what an app button calls.
"""

from __future__ import annotations

import datetime as dt

from dashboard.engine.assessment import Assessment
from dashboard.i18n import _, ngettext
from dashboard.outputs.export.renderer import Renderer
from dashboard.outputs.report.charts import ChartCache, charted, render_charts
from dashboard.outputs.report.document import briefing_html as build_document
from dashboard.outputs.share import citation


def briefing_html(
    assessment: Assessment,
    ids: list[str],
    *,
    renderer: Renderer | None = None,
    generated: dt.datetime | None = None,
    selection: str | None = None,
) -> str:
    """The briefing on the indicators `ids` as one HTML string. Without a renderer, a browser is started and closed for this call."""
    _check(assessment, ids)
    svgs = _charts(assessment, ids, renderer)
    return build_document(assessment, ids, svgs, generated=generated, selection=selection)


def briefing_pdf(
    assessment: Assessment,
    ids: list[str],
    *,
    renderer: Renderer | None = None,
    generated: dt.datetime | None = None,
    selection: str | None = None,
    chart_cache: ChartCache | None = None,
) -> bytes:
    """The briefing on the indicators `ids` as A4 PDF bytes: page numbers, contents with page numbers, bookmarks, document info.

    `chart_cache`: where each chart's SVG is kept between briefings (charts.render_charts)."""
    from dashboard.outputs.report.pdf import print_with_contents

    _check(assessment, ids)
    generated = (generated or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    svgs = _charts(assessment, ids, renderer, chart_cache)
    registry = assessment.registry
    info = {
        "Title": _("Briefing: {title}").format(title=registry.meta.title),
        "Subject": ngettext(
            "{count} indicator; registry {version}; data as of {date}",
            "{count} indicators; registry {version}; data as of {date}",
            len(ids),
        ).format(count=len(ids), version=registry.version, date=registry.meta.as_of.isoformat()),
        "RegistryVersion": registry.version,
        "RegistrySHA256": registry.sha256,
        "DataAsOf": registry.meta.as_of.isoformat(),
        "Indicators": ", ".join(ids),
    }
    if len(ids) == 1:
        info["Citation"] = citation(assessment, ids[0])
    return print_with_contents(
        lambda pages: build_document(assessment, ids, svgs, generated=generated, pages=pages, selection=selection),
        info,
    )


def _check(assessment: Assessment, ids: list[str]) -> None:
    from dashboard.outputs.export.errors import UnknownIndicatorError

    unknown = [i for i in ids if i not in assessment.views]
    if unknown:
        raise UnknownIndicatorError(_("unknown indicator id(s): {unknown}").format(unknown=", ".join(map(repr, unknown))))


def _charts(assessment: Assessment, ids: list[str], renderer: Renderer | None, cache: ChartCache | None = None) -> dict[str, str]:
    if not charted(assessment, ids):
        return {}
    if renderer is not None:
        return render_charts(assessment, ids, renderer, cache)
    with Renderer() as own:
        return render_charts(assessment, ids, own, cache)


__all__ = ["briefing_html", "briefing_pdf"]
