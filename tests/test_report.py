"""The briefing: `python -m dashboard report`, its self-contained HTML (offline, in Chromium) and its A4 PDF (read with pypdf)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from dashboard import cli
from dashboard.engine.assessment import build
from dashboard.outputs.report import briefing_html, briefing_pdf
from dashboard.outputs.report.charts import charted, inline_svg
from dashboard.outputs.report.document import briefing_html as document_html
from dashboard.outputs.report.pdf import browser_path, section_pages
from dashboard.outputs.report.style import css_string
from dashboard.outputs.wording import verdict
from dashboard.registry.models import Registry

from .test_share_browser import driver_options


@pytest.fixture(scope="module")
def full_html(frozen_assessment, renderer) -> str:
    return briefing_html(frozen_assessment, list(frozen_assessment.views), renderer=renderer)


@pytest.fixture(scope="module")
def full_pdf(frozen_assessment, renderer) -> bytes:
    return briefing_pdf(frozen_assessment, list(frozen_assessment.views), renderer=renderer)


def _plain(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ HTML


def test_html_is_self_contained(full_html: str, frozen_assessment) -> None:
    assert not re.search(r"<(script|link|img|iframe|object|embed|video|audio|source)\b", full_html, re.I)
    assert not re.search(r"\bsrc\s*=|@import|url\(\s*['\"]?(?!#)", full_html, re.I)
    assert full_html.count("<svg") == len(charted(frozen_assessment, list(frozen_assessment.views)))
    ids = re.findall(r'\bid="([^"]+)"', full_html)
    assert len(ids) == len(set(ids))  # the inlined charts' ids do not collide


def test_html_holds_every_target_claim_and_section_in_order(full_html: str, frozen_registry, frozen_assessment) -> None:
    text = _plain(re.sub(r"<[^>]+>", " ", full_html))
    positions = [full_html.index('id="targets"'), full_html.index('id="claims"')]
    positions += [full_html.index(f'id="ind-{i}"') for i in frozen_assessment.views]
    assert positions == sorted(positions)
    for view in frozen_assessment:
        for tv in view.targets:
            for method in tv.result.methods.values():
                assert method.label in text
    for claim in frozen_registry.claims:
        check = frozen_assessment.checks[claim.id]
        block = full_html[full_html.index(_esc(check.text)) - 400 : full_html.index(_esc(check.text))]
        assert _esc(verdict(check)) in block
    assert full_html.count(f"registry {frozen_registry.version}") >= 2 * (
        len(frozen_assessment.views) + 3
    )  # a band above and below each section


def _esc(text: str) -> str:
    import html

    return html.escape(text)


def test_claims_are_grouped_by_speech_date(full_html: str, frozen_assessment) -> None:
    days = re.findall(r"<h3>Said on ([^<]+) \(\d+ claims?\)</h3>", full_html)
    assert len(days) == len({c.said_on for c in frozen_assessment.checks.values()})
    assert days[0] == "5 March 2025"


def test_registry_text_is_escaped(frozen_registry, renderer) -> None:
    data = frozen_registry.model_dump(mode="json")
    data["meta"]["title"] = "</style><script>alert(1)</script>"
    data["indicators"][0]["title"] = "<img src=x onerror=alert(1)>"
    data["claims"][0]["quote"] = "<b>bold</b>"
    assessment = build(Registry.model_validate(data))
    ids = [data["indicators"][0]["id"]]
    doc = document_html(assessment, ids, {})
    assert "<script" not in doc and "<img" not in doc and "<b>bold" not in doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in doc
    assert doc.count("</style>") == 1


def test_css_strings_cannot_leave_the_style_element() -> None:
    assert css_string('a"b\\c</style>') == '"a\\22 b\\5c c\\3c /style\\3e "'
    assert len(css_string("x" * 500)) < 120


def test_inline_svg_drops_external_references_and_prefixes_ids() -> None:
    svg = (
        '<?xml version="1.0"?><svg><defs id="d1"><clipPath id="clip1"/></defs><style>@import url(http://x/font.css);</style>'
        '<image href="http://x/a.png"/><g clip-path="url(#clip1)" style="fill:url(https://x/p)"/><use href="#d1"/></svg>'
    )
    out = inline_svg(svg, "c3")
    assert "http://x" not in out and "https://x" not in out and "<?xml" not in out
    assert 'id="c3-clip1"' in out and "url(#c3-clip1)" in out and 'href="#c3-d1"' in out


def test_no_chart_no_browser(frozen_assessment, monkeypatch) -> None:
    empty = [i for i, v in frozen_assessment.views.items() if not v.points]
    assert empty
    monkeypatch.setattr("dashboard.outputs.report.Renderer", lambda *a, **k: pytest.fail("a browser was started"))
    doc = briefing_html(frozen_assessment, empty)
    assert "<svg" not in doc and "No published figure yet" in doc


@pytest.mark.browser
def test_html_opens_offline_and_shows_every_chart(full_html: str, frozen_assessment, tmp_path: Path) -> None:
    path = tmp_path / "brief.html"
    path.write_text(full_html, encoding="utf-8")
    options = driver_options()
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND")  # no host name resolves: nothing can leave the machine
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*"]})
        driver.get(path.as_uri())
        shown = driver.execute_script(
            "return Array.from(document.querySelectorAll('figure.chart svg')).filter(s => {"
            " const r = s.getBoundingClientRect(); return r.width > 400 && r.height > 200 && s.querySelector('.scatterlayer'); }).length"
        )
        resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
        requested = [
            json.loads(entry["message"])["message"]["params"]["request"]["url"]
            for entry in driver.get_log("performance")
            if json.loads(entry["message"])["message"]["method"] == "Network.requestWillBeSent"
        ]
    finally:
        driver.quit()
    assert shown == len(charted(frozen_assessment, list(frozen_assessment.views))) > 10
    assert resources == []
    assert requested and all(url.startswith("file://") for url in requested), requested


# ------------------------------------------------------------------ PDF


def test_pdf_has_every_verdict_and_status_and_a_page_per_indicator(full_pdf: bytes, frozen_registry, frozen_assessment) -> None:
    reader = PdfReader(io.BytesIO(full_pdf))
    pages = [_plain(p.extract_text()) for p in reader.pages]
    starts = section_pages(full_pdf)
    order = ["targets", "claims", *(f"ind-{i}" for i in frozen_assessment.views)]
    assert [starts[s] for s in order] == sorted(starts[s] for s in order)
    assert len(set(starts[s] for s in order)) == len(order)  # every section starts a page of its own
    bounds = {s: (starts[s], ([starts[t] for t in order[n + 1 :]] or [len(pages) + 1])[0]) for n, s in enumerate(order)}

    def section(sid: str) -> str:
        first, stop = bounds[sid]
        return " ".join(pages[first - 1 : stop - 1])

    claims = section("claims")
    for claim in frozen_registry.claims:
        check = frozen_assessment.checks[claim.id]
        assert verdict(check) in claims and _plain(check.text) in claims
    targets = section("targets")
    for view in frozen_assessment:
        own = section(f"ind-{view.id}")
        assert _plain(view.indicator.title) in own
        for tv in view.targets:
            for method in tv.result.methods.values():
                assert method.label in targets and method.label in own
    for n, page in enumerate(pages, 1):  # the running header and footer
        assert f"registry {frozen_registry.version}" in page and f"data as of {frozen_registry.meta.as_of.isoformat()}" in page
        assert f"page {n} of {len(pages)}" in page


def test_pdf_contents_give_page_numbers_and_bookmarks(full_pdf: bytes, frozen_registry, frozen_assessment) -> None:
    reader = PdfReader(io.BytesIO(full_pdf))
    starts = section_pages(full_pdf)
    contents = _plain(" ".join(p.extract_text() for p in reader.pages[: starts["targets"] - 1]))
    for n, view in enumerate(frozen_assessment, 1):
        assert re.search(rf"{n}\. {re.escape(_plain(view.indicator.title))} {starts[f'ind-{view.id}']}\b", contents)

    def titles(outline: list) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [_plain(item.title)])]

    bookmarks = titles(reader.outline)
    assert all(f"{n}. {_plain(v.indicator.title)}" in bookmarks for n, v in enumerate(frozen_assessment, 1))
    assert reader.metadata["/RegistrySHA256"] == frozen_registry.sha256
    assert reader.metadata["/Title"].startswith("Briefing: ")


def test_browser_path_follows_browser_path(monkeypatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    from dashboard.outputs.export import BrowserMissingError

    with pytest.raises(BrowserMissingError):
        browser_path()
    monkeypatch.setenv("BROWSER_PATH", "/usr/bin/chromium")
    assert browser_path() == "/usr/bin/chromium"


# ------------------------------------------------------------------ the command


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_report_command_writes_one_html_file(capsys, frozen_path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "brief.html"
    code, stdout, _ = run(
        capsys, "report", "--registry", str(frozen_path), "--out", str(out), "--ids", "road_deaths, crimes_solved_selected"
    )
    assert code == 0 and stdout.startswith(f"{out}: HTML briefing on 2 indicators")
    doc = out.read_text(encoding="utf-8")
    assert doc.count("<svg") == 1 and 'id="ind-road_deaths"' in doc and 'id="ind-crimes_solved_selected"' in doc
    assert 'id="ind-road_death_rate"' not in doc
    assert [p.name for p in out.parent.iterdir()] == ["brief.html"]  # no temporary file left


def test_report_command_writes_pdf_for_an_area(capsys, frozen_path, frozen_registry, tmp_path: Path) -> None:
    area = frozen_registry.indicators[0].area
    members = [i for i in frozen_registry.indicators if i.area == area]
    out = tmp_path / "brief.pdf"
    code, _, _ = run(capsys, "report", "--registry", str(frozen_path), "--out", str(out), "--area", area)
    assert code == 0 and out.read_bytes().startswith(b"%PDF-")
    text = _plain(" ".join(p.extract_text() for p in PdfReader(out).pages))
    assert all(_plain(i.title) in text for i in members)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ids", "nope"], "unknown indicator id(s): 'nope'"),
        (["--ids", ",,,"], "names no indicator"),
        (["--area", "nowhere"], "unknown area 'nowhere'"),
    ],
)
def test_bad_selection_is_one_line_and_exit_1(capsys, frozen_path, tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "brief.html"
    code, stdout, err = run(capsys, "report", "--registry", str(frozen_path), "--out", str(out), *args)
    assert code == 1 and stdout == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("report: ") and message in err
    assert not out.exists()


def test_out_that_is_a_folder_is_refused(capsys, frozen_path, tmp_path: Path) -> None:
    code, _, err = run(capsys, "report", "--registry", str(frozen_path), "--out", str(tmp_path), "--ids", "road_deaths")
    assert code == 1 and "is a folder" in err
