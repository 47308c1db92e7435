"""Printing the briefing to A4 PDF with headless Chromium (`--print-to-pdf`), offline.

The page margins carry the running header and footer (CSS `@page` margin boxes); Chromium turns the
headings into PDF bookmarks. Chromium cannot print page numbers into the table of contents
(`target-counter` is not supported), so the document is printed twice: the first print tells on
which page each section starts (the named destinations of the contents' links), the second prints
those numbers in the contents, which has room reserved for them so that nothing moves.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from dashboard.outputs.export.errors import INSTALL_HINT, BrowserMissingError, ExportError
from dashboard.outputs.export.renderer import load_libraries

PRINT_TIMEOUT = 180.0


def browser_path() -> str:
    """The Chromium to print with: $BROWSER_PATH (as kaleido reads it), else the first on PATH."""
    path = os.environ.get("BROWSER_PATH") or next(
        (p for p in (shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome")) if p), None
    )
    if not path or not Path(path).exists():
        raise BrowserMissingError(INSTALL_HINT)
    return path


def print_pdf(document: str, *, timeout: float = PRINT_TIMEOUT) -> bytes:
    """`document` (self-contained HTML) printed to PDF; the browser may resolve no host name while it prints."""
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        source, out = Path(tmp, "briefing.html"), Path(tmp, "briefing.pdf")
        source.write_text(document, encoding="utf-8")
        command = [
            browser_path(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={Path(tmp, 'profile')}",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--print-to-pdf={out}",
            source.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ExportError(f"Chromium did not print the briefing within {timeout:.0f} s") from None
        except OSError as exc:
            raise ExportError(f"Chromium could not be started: {exc.strerror or exc}") from None
        if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            tail = " ".join(done.stderr.strip().splitlines()[-3:])
            raise ExportError(f"Chromium failed to print the briefing (exit {done.returncode}): {tail}")
        return out.read_bytes()


def section_pages(pdf: bytes) -> dict[str, int]:
    """Section id -> the 1-based page it starts on, from the PDF's named destinations (the contents link to each section)."""
    load_libraries()
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1 for name, dest in reader.named_destinations.items()}


def with_info(pdf: bytes, info: dict[str, str]) -> bytes:
    """The PDF with `info` added to its document information (`/Key` names)."""
    load_libraries()
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.add_metadata({f"/{k}": v for k, v in info.items()})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_with_contents(build: Callable[[dict[str, int] | None], str], info: dict[str, str]) -> bytes:
    """Print `build(None)`, read where each section starts, print `build(pages)` with the page numbers in the contents."""
    first = print_pdf(build(None))
    pages = section_pages(first)
    final = print_pdf(build(pages)) if pages else first
    return with_info(final, info)
