"""Russian exports of the shipped registry: titles, axes, legends, footers and provenance in Russian, and Cyrillic
drawn with real glyphs. Chromium is required (as in tests/test_export.py); one browser for the module."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops

from dashboard.cli import main
from dashboard.engine.assessment import build
from dashboard.i18n import current, use_language
from dashboard.outputs.export import render_indicator
from dashboard.outputs.figures.style import FONT
from dashboard.web.png import PngExporter

SVG = "{http://www.w3.org/2000/svg}"
TITLE = "Погибшие в дорожно-транспортных происшествиях"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def russian(frozen_registry):
    return build(frozen_registry, "ru")


def _render(assessment, fmt: str, renderer) -> bytes:
    with use_language(assessment.lang):
        return render_indicator(assessment, "road_deaths", fmt=fmt, preset="social", renderer=renderer)


def test_russian_png_carries_russian_title_and_provenance(russian, renderer) -> None:
    data = _render(russian, "png", renderer)
    img = Image.open(io.BytesIO(data))
    img.load()
    assert img.text["Title"] == TITLE  # Pillow reads iTXt as UTF-8
    assert "Статус (UNSD): ограниченный прогресс." in img.text["Description"]
    assert img.text["Citation"].startswith(f"{TITLE}. Источники: ")
    assert img.text["Language"] == "ru"
    assert b"iTXt" in data and "Погибшие".encode() in data


def test_russian_svg_has_russian_title_footer_legend_and_ticks(russian, renderer) -> None:
    svg = _render(russian, "svg", renderer).decode("utf-8")
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == TITLE
    drawn = " ".join(t.text or "" for t in root.iter(f"{SVG}tspan")) + " " + " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Погибшие" in drawn and "Статус (UNSD)" in drawn
    assert "Источники:" in drawn and "Данные на 2026-11-28" in drawn and "Ссылки:" in drawn
    assert "Опубликованное значение" in drawn and "Базовый 2023 год" in drawn  # legend entries
    assert "погибших" in drawn  # the y axis' unit
    assert re.search(rf"\d{NBSP}\d{{3}}", drawn), "thousands grouped with a no-break space on the axis (plotly separators)"
    assert not re.search(r"\d,\d{3}\b", drawn), "no English thousands separator"
    for english in ("Sources:", "Data as of", "Status (UNSD)", "Reported value"):
        assert english not in drawn


def test_russian_pdf_info_is_russian(russian, renderer) -> None:
    from pypdf import PdfReader

    info = PdfReader(io.BytesIO(_render(russian, "pdf", renderer))).metadata
    assert info.title == TITLE and "Статус (UNSD)" in info.subject
    assert info["/Citation"].startswith(f"{TITLE}. Источники: ")


def test_english_export_is_unchanged(frozen_assessment, renderer) -> None:
    svg = _render(frozen_assessment, "svg", renderer).decode("utf-8")
    assert "<title>Road traffic deaths</title>" in svg and "Sources:" in svg and "Data as of 2026-11-28" in svg
    assert re.search(r"\d,\d{3}", svg) and "Погибшие" not in svg


def test_export_command_in_russian_writes_russian_files(frozen_path, tmp_path, capsys) -> None:
    out = tmp_path / "ru"
    assert (
        main(
            [
                "export",
                "--registry",
                str(frozen_path),
                "--ids",
                "road_deaths",
                "--format",
                "svg",
                "--preset",
                "social",
                "--out",
                str(out),
                "--lang",
                "ru",
            ]
        )
        == 0
    )
    assert "1 файл SVG и manifest.json записаны в" in capsys.readouterr().out
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"][0]["title"] == TITLE
    assert f"<title>{TITLE}</title>" in (out / "road_deaths.svg").read_text(encoding="utf-8")
    assert current() == "en"  # the command's language ends with it


def test_in_app_download_follows_the_assessment_language(russian) -> None:
    exporter = PngExporter(idle_seconds=0)
    try:
        with use_language("en"):  # the request thread's language does not decide; the page's assessment does
            img = Image.open(io.BytesIO(exporter.render(russian, "road_deaths")))
            img.load()
    finally:
        exporter.close()
    assert img.text["Title"] == TITLE and "Статус" in img.text["Description"]


# ------------------------------------------------------------------ fonts: Cyrillic as glyphs, not boxes


def test_a_font_with_cyrillic_is_installed() -> None:
    assert shutil.which("fc-list"), "fontconfig is missing (make chromium installs it)"
    fonts = subprocess.run(["fc-list", ":lang=ru", "family"], capture_output=True, text=True, check=True).stdout
    assert fonts.strip(), "no font covers Russian: run `make chromium` (fonts-dejavu-core, fonts-liberation2)"


def _title_image(renderer, text: str) -> Image.Image:
    fig = go.Figure(
        layout=dict(
            title=dict(text=text, font=dict(family=FONT, size=40), x=0.05, xanchor="left"),
            width=600,
            height=120,
            margin=dict(t=80, b=0, l=0, r=0),
            xaxis=dict(visible=False),
            yaxis=dict(visible=False),
            paper_bgcolor="white",
            plot_bgcolor="white",
        )
    )
    img = Image.open(io.BytesIO(renderer.render(fig, fmt="png", width=600, height=120, scale=1))).convert("L")
    img.load()
    return img


def _differs(a: Image.Image, b: Image.Image) -> int:
    """How many pixels differ noticeably."""
    diff = ImageChops.difference(a, b)
    return sum(diff.histogram()[65:])


def test_cyrillic_letters_are_drawn_with_their_own_glyphs(renderer) -> None:
    """A font without Cyrillic draws every letter as the same 'missing glyph' box, so two strings of different
    Cyrillic letters would come out identical; with real glyphs they differ as much as two Latin strings do."""
    latin = _differs(_title_image(renderer, "BBBBBB"), _title_image(renderer, "XXXXXX"))
    cyrillic = _differs(_title_image(renderer, "ББББББ"), _title_image(renderer, "ЖЖЖЖЖЖ"))
    title = _title_image(renderer, "Погибшие в ДТП")
    boxes = _title_image(renderer, "□□□□□□□□ □ □□□")
    # the control: letters no font has (private use) are all drawn as the same box, so the method sees boxes
    assert _differs(_title_image(renderer, "\U000f0001" * 6), _title_image(renderer, "\U000f0002" * 6)) == 0
    assert latin > 500
    assert cyrillic > latin / 3, f"Б and Ж look alike ({cyrillic} pixels differ against {latin} for B and X): boxes, not glyphs"
    assert _differs(title, boxes) > 500
    ink = sum(title.histogram()[:128])
    assert ink > 500, "the Russian title left almost no ink"


def test_report_in_russian(frozen_path, tmp_path, capsys) -> None:
    out = tmp_path / "brief.html"
    assert main(["report", "--registry", str(frozen_path), "--ids", "road_deaths", "--out", str(out), "--lang", "ru"]) == 0
    assert "справка HTML — показателей: 1, заявлений: 2;" in capsys.readouterr().out
    html = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in html and "<title>Справка: " in html
    for words in ("Цели и их статус", "Заявления и вердикты", "Как цитировать:", "Статус по методам", TITLE, "стр. "):
        assert words in html, words
    for english in ("Targets and their status", "Cite as:", "Status by method"):
        assert english not in html
