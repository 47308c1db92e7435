"""The citation travels inside exported files: PNG text chunk, SVG metadata, PDF document info."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard.outputs.export import file_metadata, render_indicator
from dashboard.outputs.share import citation


def test_file_metadata_carries_the_citation(frozen_assessment) -> None:
    assert file_metadata(frozen_assessment, "road_deaths")["Citation"] == citation(frozen_assessment, "road_deaths")


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_exported_files_carry_the_citation(fmt: str, frozen_assessment, renderer) -> None:
    expected = citation(frozen_assessment, "road_deaths")
    data = render_indicator(frozen_assessment, "road_deaths", fmt=fmt, preset="social", renderer=renderer)
    if fmt == "png":
        assert Image.open(io.BytesIO(data)).text["Citation"] == expected
    elif fmt == "svg":
        [found] = re.findall(r"<dcterms:bibliographicCitation>(.*?)</dcterms:bibliographicCitation>", data.decode())
        import html

        assert html.unescape(found) == expected
    else:
        assert PdfReader(io.BytesIO(data)).metadata["/Citation"] == expected
