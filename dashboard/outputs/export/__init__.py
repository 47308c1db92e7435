"""Figure export: self-contained PNG, SVG and PDF files with their provenance inside.

- `layout`: the exported figure (the app's chart laid out to stand alone) and the file's metadata;
- `renderer`: a warm headless Chromium driven by kaleido;
- `batch`: one file's bytes, a batch through one browser, the manifest;
- `embed`: provenance written into PNG text chunks, SVG <metadata> and PDF document info;
- `command`: `python -m dashboard export` (the in-app PNG download is the web's: `web/png.py`).
"""

from dashboard.outputs.export.batch import ManifestEntry, export_batch, render_indicator, safe_path, write_manifest
from dashboard.outputs.export.errors import BrowserMissingError, ExportError, UnknownIndicatorError, UnsafePathError
from dashboard.outputs.export.layout import FORMATS, PRESETS, Preset, export_figure, file_metadata, preset_of
from dashboard.outputs.export.renderer import Renderer

__all__ = [
    "FORMATS",
    "PRESETS",
    "BrowserMissingError",
    "ExportError",
    "ManifestEntry",
    "Preset",
    "Renderer",
    "UnknownIndicatorError",
    "UnsafePathError",
    "export_batch",
    "export_figure",
    "file_metadata",
    "preset_of",
    "render_indicator",
    "safe_path",
    "write_manifest",
]
