"""Figure builders: arguments in, `go.Figure` out. Shared by the app and the exporter.

- `tracking`: an indicator's values, baseline, targets, required paths and projection;
- `overview`: the card sparkline and the progress-to-target chart;
- `style`: palette, text colours that pass WCAG AA, the template, year axes, escaping.
"""

from dashboard.outputs.figures.overview import progress_overview, sparkline
from dashboard.outputs.figures.style import INK, TEMPLATE, text
from dashboard.outputs.figures.tracking import status_caption, tracking_figure

__all__ = ["INK", "TEMPLATE", "progress_overview", "sparkline", "status_caption", "text", "tracking_figure"]
