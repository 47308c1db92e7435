"""The briefing report against the batch PNG export of the same figures, in the same run.

Both start their own browser and render every charted indicator of the shipped registry: the report
as inline SVG in one HTML document (and, for the note, as A4 PDF), the export as PNG files.
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from . import Row, interleaved, ratio, seconds
from .budgets import REPORT
from .edges import available, chromium, missing

ROOT = Path(__file__).resolve().parent.parent


def report_row(quick: bool, repeats: int) -> Row:
    figure = "briefing report (HTML, all indicators of the shipped registry), against the batch PNG export of the same figures"
    budget = f"≤ {REPORT.limit}×"
    if not available("dashboard.outputs.report", "kaleido"):
        return missing(figure, budget, "dashboard.outputs.report or kaleido missing")
    if chromium() is None:
        return missing(figure, budget, "no chromium")
    from dashboard.engine.assessment import build
    from dashboard.outputs.export import Renderer, export_batch
    from dashboard.outputs.report import briefing_html, briefing_pdf
    from dashboard.outputs.report.charts import charted
    from dashboard.registry import load_registry

    assessment = build(load_registry(ROOT / "indicators.yaml"))
    ids = list(assessment.views)[: 3 if quick else None]
    drawn = charted(assessment, ids)
    sizes: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        out = Path(tmp)

        def report() -> None:
            with Renderer() as renderer:
                data = briefing_html(assessment, ids, renderer=renderer).encode("utf-8")
            (out / "brief.html").write_bytes(data)
            sizes["html"] = len(data)

        def report_pdf() -> None:
            with Renderer() as renderer:
                data = briefing_pdf(assessment, ids, renderer=renderer)
            (out / "brief.pdf").write_bytes(data)
            sizes["pdf"] = len(data)

        def export() -> None:
            with Renderer() as renderer:
                export_batch(assessment, drawn, out, fmt="png", renderer=renderer)

        runs = interleaved({"export": export, "report": report, "pdf": report_pdf}, repeats)
    mine, base, pdf = (statistics.median(runs[k]) for k in ("report", "export", "pdf"))
    r = ratio(runs, "report", "export")
    rounds = ", ".join(f"{a / b:.2f}" for a, b in zip(runs["report"], runs["export"]))
    return Row(
        figure,
        f"{r:.2f}× ({seconds(mine)} vs {seconds(base)}; rounds {rounds})",
        budget,
        REPORT.passed(r),
        f"{len(ids)} indicators, {len(drawn)} charts; HTML {sizes['html'] / 1024:,.0f} KB; "
        f"PDF (printed twice for the page numbers of its contents) {seconds(pdf)}, {ratio(runs, 'pdf', 'export'):.2f}×, "
        f"{sizes['pdf'] / 1024:,.0f} KB",
        REPORT.share(r),
    )
