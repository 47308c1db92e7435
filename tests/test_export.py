"""Figure export: files that open, have the asked size, are not blank and carry their provenance.

Chromium is required: without it these tests fail, they never skip. Rendering shares one browser per
module (`renderer`); the command-line batch starts exactly one more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from dashboard.cli import main
from dashboard.outputs import export
from dashboard.outputs.export import Preset, Renderer, UnknownIndicatorError, UnsafePathError, render_indicator, safe_path
from dashboard.outputs.export.command import ProgressBar
from dashboard.outputs.export.embed import embed_png
from dashboard.outputs.figures import tracking_figure

from .conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def road_png(renderer, frozen_registry, frozen_assessment) -> bytes:
    return render_indicator(frozen_assessment, "road_deaths", fmt="png", preset="report", renderer=renderer)


def _png(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()  # text chunks after IDAT too
    return img


def _ink_rows(img: Image.Image, top: int, bottom: int) -> list[bool]:
    grey = img.convert("L")
    return [grey.crop((0, y, img.width, y + 1)).getextrema()[0] < 200 for y in range(top, bottom)]


# ------------------------------------------------------------------ PNG


def test_report_png_has_twice_the_layout_pixels_and_is_not_blank(road_png: bytes) -> None:
    img = _png(road_png)
    assert img.format == "PNG"
    assert img.size == (2400, 1350)
    assert max(ImageStat.Stat(img.convert("L")).var) > 100


def test_png_carries_provenance_text_chunks(road_png: bytes, frozen_registry) -> None:
    text = _png(road_png).text
    ind = frozen_registry.indicator("road_deaths")
    assert text["Title"] == ind.title
    assert text["Indicator"] == "road_deaths"
    assert text["Registry-SHA256"] == frozen_registry.sha256 and len(text["Registry-SHA256"]) == 64
    assert text["Data-As-Of"] == frozen_registry.meta.as_of.isoformat()
    for source_id in {t.source for t in ind.targets}:
        assert frozen_registry.source(source_id).url in text["Source"]
    made = dt.datetime.fromisoformat(text["Creation Time"])
    assert made.tzinfo is not None and made.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - made) < dt.timedelta(hours=1)


def test_social_preset_is_1200x675_and_the_legend_ends_above_the_footer(renderer, frozen_registry, frozen_assessment) -> None:
    data = render_indicator(frozen_assessment, "road_deaths", preset="social", renderer=renderer)
    img = _png(data)
    assert img.size == (1200, 675)
    _assert_legend_fits(img, frozen_assessment, "road_deaths")


def _assert_legend_fits(img: Image.Image, assessment, indicator_id: str) -> None:
    """At 1200x675: the footer is drawn inside the image, and the band just above it is empty."""
    footer_lines = export.export_figure(assessment, indicator_id, "social").layout.meta["footer"].count("\n") + 1
    footer_top = 675 - 10 - 15 * footer_lines
    assert any(_ink_rows(img, footer_top, 675 - 8)), f"{indicator_id}: footer not drawn inside the image"
    assert not any(_ink_rows(img, footer_top - 9, footer_top - 1)), f"{indicator_id}: legend runs into the footer"


def test_non_latin1_metadata_goes_to_itxt_and_reads_back() -> None:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buf, "PNG")
    meta = {"Title": "Преступления — 2024", "Indicator": "synthetic_case"}
    text = _png(embed_png(buf.getvalue(), meta)).text
    assert text == meta


def test_perf_contract_via_private_session_the_renderer_stays_warm_and_serves_threads(renderer, frozen_registry, frozen_assessment) -> None:
    session = renderer._session
    ids = ["it_crimes_registered", "juvenile_offenders", "cybercrime_damage"]
    with ThreadPoolExecutor(3) as pool:
        files = list(pool.map(lambda i: render_indicator(frozen_assessment, i, preset="social", renderer=renderer), ids))
    assert [_png(f).text["Indicator"] for f in files] == ids
    assert renderer._session is session


def test_renderer_recovers_from_a_crashed_browser(renderer, frozen_registry, frozen_assessment) -> None:
    crashed = renderer._session
    crashed.kaleido.subprocess.kill()
    crashed.kaleido.subprocess.wait()
    data = render_indicator(frozen_assessment, "registered_crimes", preset="social", renderer=renderer)
    assert _png(data).text["Indicator"] == "registered_crimes"
    assert renderer._session is not crashed and not crashed.thread.is_alive()


# ------------------------------------------------------------------ SVG and PDF


def test_svg_holds_title_and_sources(renderer, frozen_registry, frozen_assessment) -> None:
    data = render_indicator(frozen_assessment, "road_death_rate", fmt="svg", renderer=renderer)
    root = ET.fromstring(data)
    ind = frozen_registry.indicator("road_death_rate")
    assert root.find(f"{SVG}title").text == ind.title
    drawn = " ".join(t for t in root.itertext())
    assert ind.title in drawn and "Sources: " in drawn and "Data as of " + frozen_registry.meta.as_of.isoformat() in drawn
    described = root.find(f"{SVG}metadata").find(".//{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description")
    assert described.find(f"{DC}identifier").text == "road_death_rate"
    sources = [e.text for e in described.findall(f"{DC}source")]
    speech = frozen_registry.source("kremlin-2025-03-05")
    assert any(speech.url in s for s in sources)
    assert frozen_registry.sha256 in ET.tostring(described, encoding="unicode")


def test_pdf_document_info_is_an_incremental_update(renderer, frozen_registry, frozen_assessment) -> None:
    data = render_indicator(frozen_assessment, "road_deaths", fmt="pdf", renderer=renderer)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    trailers = re.findall(rb"trailer\s*<<(.*?)>>", data, re.S)
    assert len(trailers) == 2 and b"/Prev" in trailers[-1]
    info = int(re.search(rb"/Info (\d+) 0 R", trailers[-1]).group(1))
    body = re.search(rb"\n%d 0 obj\n<<(.*?)>>\nendobj" % info, data, re.S).group(1)
    fields = {k.decode(): bytes.fromhex(v.decode()).decode("utf-16") for k, v in re.findall(rb"/(\w+) <([0-9A-F]+)>", body)}
    assert fields["Title"] == "Road traffic deaths" and fields["Indicator"] == "road_deaths"
    assert fields["RegistrySHA256"] == frozen_registry.sha256
    offset = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[offset : offset + 4] == b"xref"


# ------------------------------------------------------------------ the figure itself (no browser)


def test_export_figure_is_the_app_figure_plus_context(frozen_registry, frozen_assessment) -> None:
    ind = frozen_registry.indicator("road_deaths")
    app = tracking_figure(frozen_registry, frozen_assessment.views[ind.id])
    fig = export.export_figure(frozen_assessment, "road_deaths", "report")
    assert [(t.name, tuple(t.y)) for t in fig.data] == [((t.name or "").replace("<br>", " ") or None, tuple(t.y)) for t in app.data]
    assert (fig.layout.width, fig.layout.height) == (1200, 675)
    assert fig.layout.title.text == ind.title and ind.unit.lower() in fig.layout.title.subtitle.text.lower()
    assert fig.layout.title.subtitle.text.startswith(ind.unit[:1].upper()) and "Status" in fig.layout.title.subtitle.text
    footers = [a.text for a in fig.layout.annotations if "Data as of" in a.text]
    assert len(footers) == 1 and frozen_registry.meta.as_of.isoformat() in footers[0]


def test_footer_names_every_source_or_counts_the_rest(frozen_registry, frozen_assessment) -> None:
    ind = frozen_registry.indicator("road_deaths")
    footer = export.export_figure(frozen_assessment, ind.id, "report").layout.meta["footer"]
    publishers = {s.publisher for s in export.layout.ordered_sources(frozen_registry, frozen_assessment.views[ind.id])}
    names = footer.split("\n")[0].removeprefix("Sources: ") + " " + footer.split("\n")[1]
    shown = {p for p in publishers if p in names}
    more = re.search(r" and (\d+) more", footer.split("Links:")[0])
    assert len(shown) + (int(more.group(1)) if more else 0) == len(publishers)
    target_source = frozen_registry.source(ind.targets[0].source)
    assert f"href='{target_source.url}'" in footer


def test_long_titles_wrap_instead_of_running_off(frozen_registry, frozen_assessment) -> None:
    fig = export.export_figure(frozen_assessment, "road_death_rate", Preset(600, 675, 1))
    assert all(export.layout.text_width(line, export.layout.TITLE_FONT) <= 560 for line in fig.layout.title.text.split("<br>"))
    subtitle = fig.layout.title.subtitle.text.split("<br>")
    assert len(subtitle) > 1 and all(export.layout.text_width(line, export.layout.SUBTITLE_FONT) <= 560 for line in subtitle)


@pytest.mark.parametrize("bad", ["nope", "", "road_deaths/../x", "ROAD_DEATHS"])
def test_unknown_indicator_is_refused(bad: str, frozen_registry, frozen_assessment) -> None:
    with pytest.raises(UnknownIndicatorError, match="unknown indicator id"):
        render_indicator(frozen_assessment, bad)


@pytest.mark.parametrize(("fmt", "preset", "message"), [("gif", "report", "unknown format"), ("png", "poster", "unknown preset")])
def test_bad_format_or_preset_is_refused(fmt: str, preset: str, message: str, frozen_registry, frozen_assessment) -> None:
    with pytest.raises(ValueError, match=message):
        render_indicator(frozen_assessment, "road_deaths", fmt=fmt, preset=preset)


# ------------------------------------------------------------------ file names


@pytest.mark.parametrize("name", ["road_deaths.png", "a-b.svg", "x1.pdf", "manifest.json"])
def test_safe_names_stay_in_the_folder(name: str, tmp_path: Path) -> None:
    assert safe_path(tmp_path, name) == tmp_path.resolve() / name


@pytest.mark.parametrize("name", ["../escape.png", "/etc/passwd", "a/b.png", "..", ".hidden.png", "x\0.png", "", "dir\\..\\x.png"])
def test_escaping_names_are_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="refusing"):
        safe_path(tmp_path, name)


def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "road_deaths.png").symlink_to(tmp_path / "elsewhere.png")
    with pytest.raises(UnsafePathError, match="outside"):
        safe_path(out, "road_deaths.png")


# ------------------------------------------------------------------ command line


@pytest.mark.slow
def test_batch_writes_every_indicator_in_one_browser_session_then_closes_it(
    tmp_path: Path,
    frozen_path,
    frozen_registry,
    frozen_assessment,
    monkeypatch,
    capsys,
) -> None:
    browsers = []
    real = export.renderer._Session.__init__

    def counted(self, *args, **kwargs) -> None:
        real(self, *args, **kwargs)
        browsers.append(self.kaleido.subprocess)

    monkeypatch.setattr(export.renderer._Session, "__init__", counted)
    out = tmp_path / "figs"
    code = main(["export", "--registry", str(frozen_path), "--width", "1200", "--height", "675", "--scale", "1", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert len(browsers) == 1 and browsers[0].poll() is not None, "one browser, closed at the end"
    every = [i.id for i in frozen_registry.indicators]
    ids = [i for i in every if frozen_assessment.views[i].chartable]
    blank = [i for i in every if i not in ids]
    assert blank, "the shipped registry has indicators with nothing to chart (only published changes, or no values)"
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{i}.png" for i in ids] + ["manifest.json"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["registry_sha256"] == frozen_registry.sha256
    assert [f["indicator"] for f in manifest["files"]] == ids
    assert [s["indicator"] for s in manifest["skipped"]] == blank and f"skipped, no values to chart yet: {', '.join(blank)}" in captured.out
    for entry in manifest["files"]:
        data = (out / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["size"] == len(data)
        assert entry["registry_sha256"] == frozen_registry.sha256
        img = _png(data)
        assert img.size == (entry["width"], entry["height"]) == (1200, 675)
        assert img.text["Indicator"] == entry["indicator"]
        assert max(ImageStat.Stat(img.convert("L")).var) > 50
        _assert_legend_fits(img, frozen_assessment, entry["indicator"])
    assert f"[{len(ids)}/{len(ids)}] {ids[-1]}" in captured.err
    assert f"{len(ids)} PNG files and manifest.json written" in captured.out


def test_batch_by_area_and_ids(tmp_path: Path, frozen_path, renderer, monkeypatch) -> None:
    monkeypatch.setattr("dashboard.outputs.export.command.Renderer", lambda: _Borrowed(renderer))
    assert (
        main(
            [
                "export",
                "--registry",
                str(frozen_path),
                "--area",
                "road_safety",
                "--ids",
                "road_deaths,it_crimes_share",
                "--format",
                "svg",
                "--preset",
                "social",
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "road_deaths.svg"]


class _Borrowed:
    """The module's browser lent to the command without letting it close it."""

    def __init__(self, r: Renderer) -> None:
        self.r = r

    def __enter__(self) -> Renderer:
        return self.r

    def __exit__(self, *exc: object) -> None:
        pass


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ids", "road_deaths,nope"], "unknown indicator id(s): 'nope'"),
        (["--ids", "../../etc/passwd"], "unknown indicator id(s)"),
        (["--area", "nowhere"], "unknown area 'nowhere'"),
        (["--preset", "slide", "--width", "900"], "either --preset or --width"),
        (["--ids", ",,,"], "names no indicator"),
    ],
)
def test_bad_selection_exits_1_with_one_line(args: list[str], message: str, tmp_path: Path, frozen_path, capsys) -> None:
    assert main(["export", "--registry", str(frozen_path), *args, "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_out_that_is_a_file_is_refused(tmp_path: Path, frozen_path, capsys) -> None:
    (tmp_path / "taken").write_text("x")
    assert main(["export", "--registry", str(frozen_path), "--out", str(tmp_path / "taken")]) == 1
    assert "is a file, not a folder" in capsys.readouterr().err


def test_invalid_registry_prints_problems_and_exits_1(tmp_path: Path, capsys) -> None:
    bad = ROOT / "tests" / "fixtures" / "invalid" / "bad_id_pattern.yaml"
    assert main(["export", "--registry", str(bad), "--out", str(tmp_path / "out")]) == 1
    captured = capsys.readouterr()
    assert re.search(r"bad_id_pattern\.yaml:\d+:\d+: ", captured.out)
    assert not (tmp_path / "out").exists()


def test_without_chromium_one_sentence_and_exit_1(tmp_path: Path, frozen_path, monkeypatch, capfd) -> None:
    from choreographer.browsers.chromium import Chromium

    monkeypatch.setattr(Chromium, "find_browser", classmethod(lambda cls, **kw: None))
    assert main(["export", "--registry", str(frozen_path), "--out", str(tmp_path / "out")]) == 1
    captured = capfd.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "apt-get install chromium" in lines[0] and lines[0].count(". ") == 0
    assert "Traceback" not in captured.err + captured.out
    assert not (tmp_path / "out").exists()


def test_progress_bar_redraws_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    bar = ProgressBar(stream, width=10)
    for n in range(3):
        bar(n, 2, f"id{n}")
    text = stream.getvalue()
    assert text.count("\r[") == 3 and "[#####.....] 1/2 id1" in text and text.endswith("\n")


# ------------------------------------------------------------------ hostile text and failed runs (no browser)

MARKUP = "<span style='font-size:0'>hidden</span> Widgets <a href='https://evil.example/x'>click</a> <b>bold</b>"


def _with_markup(registry):
    """The shipped registry with markup in a title, a unit and a publisher, as a hostile editor could write them."""
    road = registry.indicator("road_deaths").model_copy(update={"title": MARKUP, "unit": "<i>persons</i>"})
    sources = [s.model_copy(update={"publisher": "<b>Pub</b> <a href='https://evil.example/p'>x</a>"}) for s in registry.sources]
    return registry.model_copy(update={"indicators": [road, *registry.indicators[1:]], "sources": sources})


def test_exported_text_is_text_not_markup(frozen_registry) -> None:
    from dashboard.engine.assessment import build

    assessment = build(_with_markup(frozen_registry))
    fig = export.export_figure(assessment, "road_deaths", "report")
    texts = [fig.layout.title.text, fig.layout.title.subtitle.text, *(a.text for a in fig.layout.annotations)]
    texts += [t.name or "" for t in fig.data]
    joined = "\n".join(texts)
    assert "&lt;span style='font-size:0'&gt;hidden&lt;/span&gt;" in fig.layout.title.text
    assert "&lt;i&gt;persons&lt;/i&gt;" in fig.layout.title.subtitle.text
    assert "&lt;b&gt;Pub&lt;/b&gt;" in joined
    for raw in ("<span style", "<b>bold", "<b>Pub", "<i>persons", "<a href='https://evil.example"):
        assert raw not in joined, f"registry markup {raw!r} reached plotly unescaped"
    meta = export.file_metadata(assessment, "road_deaths")
    assert meta["Title"] == MARKUP  # metadata is plain text already: kept as written


def _entries(assessment, out: Path, monkeypatch, fail_at: int | None = None, error: Exception | None = None) -> list:
    from dashboard.outputs.export import batch

    calls = []

    def fake_render(assessment, indicator_id, **_: object) -> bytes:
        calls.append(indicator_id)
        if fail_at is not None and len(calls) == fail_at:
            raise error or export.ExportError("Chromium closed while rendering, twice; giving up.")
        return b"\x89PNG fake " + indicator_id.encode()

    monkeypatch.setattr(batch, "render_indicator", fake_render)
    return batch.export_batch(assessment, [i.id for i in assessment.registry.indicators], out, renderer=None)  # type: ignore[arg-type]


def test_a_failed_re_export_leaves_no_manifest_vouching_for_old_files(tmp_path: Path, frozen_assessment, monkeypatch) -> None:
    entries = _entries(frozen_assessment, tmp_path, monkeypatch)
    export.write_manifest(tmp_path, frozen_assessment, entries)
    assert (tmp_path / "manifest.json").exists()
    with pytest.raises(export.ExportError):
        _entries(frozen_assessment, tmp_path, monkeypatch, fail_at=3)
    assert not (tmp_path / "manifest.json").exists()
    assert not list(tmp_path.glob(".*.part"))


def test_a_full_disk_leaves_no_part_files(tmp_path: Path, frozen_assessment, monkeypatch) -> None:
    import errno

    from dashboard.registry import files

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    with pytest.raises(OSError, match="No space"):
        _entries(frozen_assessment, tmp_path, monkeypatch)
    assert list(tmp_path.iterdir()) == []
