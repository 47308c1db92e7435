"""What can go wrong when exporting, each with a one-sentence message."""

from __future__ import annotations

INSTALL_HINT = (
    "Chromium is needed to export figures: install it with `sudo apt-get install chromium` (or set BROWSER_PATH to a Chrome or "
    "Chromium binary)."
)


class ExportError(Exception):
    """A figure could not be exported; the message says why in one sentence."""


class UnknownIndicatorError(ExportError, ValueError):
    pass


class UnsafePathError(ExportError, ValueError):
    pass


class BrowserMissingError(ExportError):
    pass
