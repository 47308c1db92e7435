"""Security: registry text is text, links are http(s) only, CSV cells cannot become formulas, the server is private by default.

A synthetic hostile registry (every value made up) puts markup, script and formula payloads into
every kind of text the registry holds; the app then answers in-process (Flask's test client) as it
answers a browser, and every component of every answer is inspected.

Covered elsewhere, not repeated here:
- YAML is only safe-loaded: tests/test_invalid_catalogue.py (`hostile_python_object`, `hostile_custom_tag`,
  `hostile_billion_laughs`, `test_python_object_tag_runs_nothing`) and tests/test_properties.py.
- Export file names and paths stay in the output folder: tests/test_export.py (`test_escaping_names_are_refused`,
  `test_symlink_out_of_the_folder_is_refused`, `test_bad_selection_exits_1_with_one_line`).
- A `javascript:` source URL is a located error: tests/fixtures/invalid/url_javascript.yaml.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import os
import re
import shutil
from pathlib import Path

import dash
import pytest

from benchmarks.wire import callback_payload, components, dependency, page_payload
from dashboard import cli
from dashboard.engine.assessment import build
from dashboard.outputs.csvfile import spreadsheet_safe
from dashboard.outputs.summary import as_csv
from dashboard.registry import Problem, RegistryError, files, load_registry, parse_registry
from dashboard.web.app import create_app
from dashboard.web.components import external_link

UPDATE = "/_dash-update-component"
DOCUMENT = "Synthetic document for the security tests.\nWidgets <script>alert('quote')</script> went down.\n"
HOSTILE = r"""# Synthetic hostile registry for the security tests: every value is made up.
schema_version: 1
meta:
  title: "Meta <script>window.__meta=1</script> title"
  as_of: 2025-01-31
  description: "<img src=x onerror=\"window.__desc=1\"> description"
sources:
  - id: doc
    title: "Doc <b>bold</b> title"
    publisher: "=HYPERLINK(\"https://evil.example\",\"click\")"
    url: "https://example.org/doc?a=1&b='2'"
    document: data/sources/hostile.en.txt
  - id: stats
    title: "<a href=\"javascript:alert(1)\">stats</a>"
    publisher: "@SUM(1+1)"
    url: "http://example.org/stats"
    license: "<style>body{display:none}</style>"
areas:
  - id: area_one
    title: "Area <svg onload=alert('area')>"
indicators:
  - id: widgets
    title: "Widgets <script>alert('title')</script>"
    area: area_one
    unit: "+units <i>italic</i>"
    unit_short: "<u>w</u>"
    description: "<img src=x onerror=alert('description')>"
    note: "[markdown link](javascript:alert('note'))"
    direction: lower_is_better
    minimum: null
    baseline: {year: 2020}
    observations:
      - {year: 2020, value: 10, source: stats, note: "-2+3", quote: "\tTabbed quote"}
      - {year: 2021, value: -3, source: stats, note: "=1+2 formula note", quote: "<iframe srcdoc='<script>alert(1)</script>'></iframe>"}
      - {year: 2022, value: 8, source: stats}
    targets:
      - id: half
        year: 2030
        ratio: "1/2"
        label: "Half <script>alert('label')</script>"
        source: doc
claims:
  - id: widgets_down
    indicator: widgets
    source: doc
    kind: direction
    from_year: 2020
    to_year: 2022
    direction: down
    quote: "Widgets <script>alert('quote')</script> went down."
    note: "javascript:alert('claim note')"
"""
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINK = re.compile(r"^(https?://[^\s<>\"]+|/(?!/)[^\s<>\"]*|#[\w-]+)$")
# React renders these as text or a plain attribute; `title` is also the page title Dash assigns to document.title
TEXT_PROPS = {"children", "title", "label", "placeholder", "aria-label"}
MARKUP = re.compile(r"<\s*/?\s*[a-z]|javascript:", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "data" / "sources").mkdir(parents=True)
    (folder / "data" / "sources" / "hostile.en.txt").write_text(DOCUMENT, encoding="utf-8")
    (folder / "indicators.yaml").write_text(HOSTILE, encoding="utf-8")
    return folder / "indicators.yaml"


@pytest.fixture(scope="module")
def registry(hostile: Path):
    return load_registry(hostile)


def registry_texts(registry) -> list[str]:
    """Every piece of free text in the registry that holds a payload."""
    texts = [registry.meta.title, registry.meta.description]
    for s in registry.sources:
        texts += [s.title, s.publisher, s.license]
    texts += [a.title for a in registry.areas]
    for ind in registry.indicators:
        texts += [ind.title, ind.unit, ind.unit_short, ind.description, ind.note]
        texts += [t for o in ind.observations for t in (o.note, o.quote)] + [t.label for t in ind.targets]
    texts += [t for c in registry.claims for t in (c.quote, c.note)]
    return [t for t in texts if t and (MARKUP.search(t) or t.startswith(FORMULA_START))]


@pytest.fixture(scope="module")
def answers(hostile: Path, registry) -> dict[str, dict]:
    """What the app sends a browser for every page and every callback that renders registry text."""
    client = create_app(hostile, settle_seconds=0).server.test_client()
    out = {"layout": client.get("/_dash-layout").get_json()}
    for path in ("/", "/indicator/widgets", "/claims", "/sources", "/indicator/nope", "/nowhere"):
        reply = client.post(UPDATE, json=page_payload(path))
        assert reply.status_code == 200, path
        out[f"page {path}"] = reply.get_json()
    deps = client.get("/_dash-dependencies").get_json()
    version = next(c for c in components(out["layout"]) if c["props"].get("id") == "registry-version")["props"]["data"]
    values = {
        "registry-version.data": version,
        "indicator-id.data": "widgets",
        "area-filter.value": "all",
        "title-search.value": "",
        "claim-filter.value": "all",
        "indicator-details-ready.data": "widgets",
    }
    for output in ("overview-body", "overview-cards", "indicator-body", "indicator-details", "claims-list", "sources-body"):
        reply = client.post(UPDATE, json=callback_payload(dependency(deps, output), values, ["registry-version.data"]))
        assert reply.status_code == 200, output
        out[f"callback {output}"] = reply.get_json()
    return out


def strings(node: object, key: str = "") -> list[tuple[str, str]]:
    """(property name, string) for every string under `node`, figures left out."""
    if isinstance(node, str):
        return [(key, node)]
    if isinstance(node, list):
        return [pair for item in node for pair in strings(item, key)]
    if isinstance(node, dict):
        return [pair for k, v in node.items() if k != "figure" for pair in strings(v, k if k not in ("props", "response") else key)]
    return []


def test_the_hostile_registry_loads(registry) -> None:
    assert len(registry_texts(registry)) >= 18


def test_registry_text_reaches_the_page_only_as_text(answers: dict[str, dict], registry) -> None:
    everything = [c for answer in answers.values() for c in components(answer)]
    assert not [c for c in everything if c["type"] == "Markdown" or c["props"].get("dangerously_allow_html")]
    assert not [c for c in everything if {"srcDoc", "dangerouslySetInnerHTML"} & set(c["props"])]
    found: dict[str, set[str]] = {}
    for answer in answers.values():
        for key, value in strings(answer):
            for payload in registry_texts(registry):
                if payload in value:
                    found.setdefault(payload, set()).add(key)
    missing = [p for p in registry_texts(registry) if p not in found]
    assert not missing, f"never shown, so not checked: {missing}"
    misplaced = {p: keys for p, keys in found.items() if keys - TEXT_PROPS}
    assert not misplaced, misplaced


def test_every_link_is_http_or_internal(answers: dict[str, dict]) -> None:
    hrefs: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "href":
                    hrefs.append(value)
                collect(value)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    for answer in answers.values():
        collect(answer)
    assert "https://example.org/doc?a=1&b='2'" in hrefs and "http://example.org/stats" in hrefs
    assert [h for h in hrefs if not (isinstance(h, str) and LINK.match(h))] == []


def test_a_banner_quoting_registry_text_holds_it_as_text(hostile: Path, tmp_path: Path) -> None:
    shutil.copytree(hostile.parent, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "indicators.yaml"
    client = create_app(path, settle_seconds=0).server.test_client()
    assert client.get("/_dash-layout").status_code == 200
    path.write_text(HOSTILE.replace("    area: area_one\n", "    area: \"<img src=x onerror=alert('area id')>\"\n"), encoding="utf-8")
    banner = next(c for c in components(client.get("/_dash-layout").get_json()) if c["props"].get("id") == "registry-banner")
    inside = list(components(banner))
    assert not [c for c in inside if c["type"] == "Markdown" or c["props"].get("dangerously_allow_html")]
    lines = [c["props"]["children"] for c in inside if c["type"] == "Code"]
    assert lines and all(isinstance(line, str) and line.startswith("indicators.yaml:24:11: ") for line in lines), lines
    assert all("<img src=x onerror=alert('area id')>" in line for line in lines)


def test_registry_text_in_charts_is_escaped_for_plotly(answers: dict[str, dict], registry) -> None:
    figures = [c["props"]["figure"] for answer in answers.values() for c in components(answer) if c["type"] == "Graph"]
    assert figures
    chart_text = json.dumps(figures, ensure_ascii=False)
    raw = [p for p in registry_texts(registry) if "<" in p and p in chart_text]
    assert not raw, f"plotly would read these as its HTML subset: {raw}"


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/x",
        'https://example.org/"onmouseover=alert(1)',
        "https://example.org/<script>",
    ],
)
def test_only_http_urls_pass_the_model_and_become_links(url: str) -> None:
    text = HOSTILE.replace('url: "http://example.org/stats"', f"url: {json.dumps(url)}")
    with pytest.raises(RegistryError, match=r"sources\[stats\]\.url: "):
        parse_registry(text.encode(), "indicators.yaml", Path("."))
    link = external_link(url, "a source")
    assert link.__class__.__name__ == "Span" and not hasattr(link, "href")


def test_external_link_makes_links_of_http_urls_only() -> None:
    assert external_link("https://example.org/a", "x").href == "https://example.org/a"
    assert external_link("http://example.org/a").rel == "noopener noreferrer"
    assert external_link(None, "plain").__class__.__name__ == "Span"


# ---------------------------------------------------------------- CSV


def formula_like(cell: str) -> bool:
    """A cell a spreadsheet would read as a formula: starts with a trigger and is not a plain number."""
    if not cell.startswith(FORMULA_START):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def csv_rows(content: str) -> list[list[str]]:
    """The rows as a CSV reader sees them, a bare CR kept inside its cell (see the xfail below)."""
    rows = csv.reader(io.StringIO(content.replace("\r\n", "\n").replace("\r", "\ue000"), newline=""))
    return [[cell.replace("\ue000", "\r") for cell in row] for row in rows]


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "=",
        "-",
        "+1 more",
        # the first character that is not white space decides, after NFKC (issue 27)
        " =1",
        '   =HYPERLINK("http://x")',
        "\n=1+1",
        "\r\n@SUM(A1)",
        "\u00a0=1",
        "\u3000=1",
        "\uff1d1+1",  # fullwidth equals sign
        "\ufe661+1",  # small equals sign
        "\uff20SUM(A1)",  # fullwidth commercial at
        "\uff0b1+1",  # fullwidth plus
        "\uff0dcmd",  # fullwidth hyphen-minus
        " -2+3",
        "\n+cmd",
    ],
)
def test_the_cell_guard_defuses_formula_starts(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "1=1", "", "'=already", "+1", "-3%", " -3", "\uff0d3", " ", "a =1", 5, -3.0, None, True])
def test_the_cell_guard_leaves_plain_numbers_and_the_rest(value: object) -> None:
    assert spreadsheet_safe(value) == value


def test_app_csv_download_has_no_formula_cells(hostile: Path) -> None:
    client = create_app(hostile, settle_seconds=0).server.test_client()
    reply = client.get("/indicator/widgets.csv")
    assert reply.status_code == 200 and reply.mimetype == "text/csv"
    assert reply.headers["Content-Disposition"] == 'attachment; filename="widgets.csv"'
    rows = csv_rows(reply.get_data(as_text=True))
    assert len({len(row) for row in rows}) == 1 and len(rows) == 4, rows
    cells = [cell for row in rows for cell in row]
    assert "'-2+3" in cells, rows
    assert "'\tTabbed quote" in cells and "'=1+2 formula note" in cells
    assert "-3" in cells  # a negative number stays a number
    assert not [c for c in cells if formula_like(c)]


@pytest.mark.parametrize("indicator_id", ["..%2F..%2Fetc%2Fpasswd", "nope", "%00", "<script>"])
def test_app_csv_download_refuses_unknown_ids(hostile: Path, indicator_id: str) -> None:
    """Only a registry id names a download; anything else is a 404 that reads no file."""
    client = create_app(hostile, settle_seconds=0).server.test_client()
    reply = client.get(f"/indicator/{indicator_id}.csv")
    assert reply.status_code == 404 and b"root:" not in reply.data


def test_summary_csv_has_no_formula_cells(hostile: Path, registry) -> None:
    registry = registry.model_copy(update={"meta": registry.meta.model_copy(update={"title": "=cmd|' /C calc'!A0"})})
    indicators = [registry.indicators[0].model_copy(update={"title": "@SUM(1+1)"})]
    registry = registry.model_copy(update={"indicators": indicators})
    text = as_csv(build(registry))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][rows[0].index("title")] == "'@SUM(1+1)"
    assert not [c for row in rows for c in row if formula_like(c)]


def test_a_carriage_return_cannot_reach_a_cell(hostile: Path) -> None:
    """A CR would start a new row in a spreadsheet: the registry refuses it, at its place."""
    text = HOSTILE.replace('note: "-2+3"', 'note: "harmless\\r=HYPERLINK(\\"https://evil.example\\")"')
    with pytest.raises(RegistryError, match=r"indicators\.yaml:33:54: control character '\\r'"):
        parse_registry(text.encode(), "indicators.yaml", hostile.parent)


# ---------------------------------------------------------------- the server's defaults


def test_run_binds_loopback_without_debug_by_default(monkeypatch: pytest.MonkeyPatch, registry_copy: Path) -> None:
    defaults = cli.build_parser().parse_args(["run"])
    assert (defaults.host, defaults.debug) == ("127.0.0.1", False)

    calls: list[dict] = []
    monkeypatch.setattr(dash.Dash, "run", lambda self, **kwargs: calls.append(kwargs))
    assert cli.main(["run", "--registry", str(registry_copy)]) == 0
    assert cli.main(["run", "--registry", str(registry_copy), "--debug", "--host", "::1", "--port", "8123"]) == 0
    assert [(c["host"], c["debug"]) for c in calls] == [("127.0.0.1", False), ("::1", True)]


def test_the_app_itself_has_debug_and_dev_tools_off(registry_copy: Path) -> None:
    app = create_app(registry_copy)
    assert app.server.debug is False
    page = app.server.test_client().get("/").get_data(as_text=True)
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert config["ui"] is False and config["props_check"] is False
    assert not app._dev_tools.hot_reload and not app._dev_tools.serve_dev_bundles


def test_page_metadata_escapes_registry_text(hostile: Path) -> None:
    page = create_app(hostile, settle_seconds=0).server.test_client().get("/indicator/widgets").get_data(as_text=True)
    assert "<script>alert(" not in page
    assert html_lib.escape("Widgets <script>alert('title')</script>") in page


# ---------------------------------------------------------------- files the registry names

SECRET = "root:$6$not-a-real-hash:19000:0:99999:7:::"


def _catalogue_copy(tmp_path: Path, fixture: str = "quote_not_verbatim.yaml") -> Path:
    """A copy of a catalogue registry and its data folder, to point at files made here."""
    invalid = Path(__file__).resolve().parent / "fixtures" / "invalid"
    shutil.copytree(invalid / "data", tmp_path / "data")
    path = tmp_path / "indicators.yaml"
    path.write_text((invalid / fixture).read_text(encoding="utf-8"), encoding="utf-8")
    return path


def _series(path: Path, relative: str) -> None:
    text = path.read_text(encoding="utf-8")
    block = (
        "    observations:\n      - year: 2020\n        value: 100\n        source: stats\n      - year: 2021\n        value: 90\n    "
        "    source: stats\n"
    )
    path.write_text(text.replace(block, f"    series_file: {relative}\n", 1), encoding="utf-8")


def _document(path: Path, relative: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("document: data/sources/speech-excerpt.en.txt", f"document: {relative}", 1), encoding="utf-8")


def test_a_series_link_out_of_data_is_refused_without_reading_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.csv"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    path = _catalogue_copy(tmp_path)
    (tmp_path / "data" / "link.csv").symlink_to(secret)
    _series(path, "data/link.csv")
    with pytest.raises(RegistryError, match=r"indicators\.yaml:27:18: .*series file 'data/link\.csv' is outside data/") as caught:
        load_registry(path)
    assert SECRET.split(":")[1] not in str(caught.value)


def test_a_document_link_out_of_sources_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    path = _catalogue_copy(tmp_path)
    (tmp_path / "data" / "sources" / "speech.txt").symlink_to(secret)
    _document(path, "data/sources/speech.txt")
    with pytest.raises(
        RegistryError,
        match=r"indicators\.yaml:11:15: sources\[speech\]\.document: document 'data/sources/speech\.txt' is outside data/sources/",
    ) as caught:
        load_registry(path)
    assert SECRET.split(":")[1] not in str(caught.value)


def test_a_link_inside_data_is_followed(tmp_path: Path) -> None:
    path = _catalogue_copy(tmp_path, "series_bad_row.yaml")
    (tmp_path / "data" / "series").mkdir()
    (tmp_path / "data" / "series" / "road.csv").symlink_to(tmp_path / "data" / "series_bad_row.csv")
    path.write_text(path.read_text(encoding="utf-8").replace("data/series_bad_row.csv", "data/series/road.csv"), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"data/series/road\.csv:4:2: value: value must be a finite number"):
        load_registry(path)


def test_a_named_pipe_is_refused_without_opening_it(tmp_path: Path) -> None:
    path = _catalogue_copy(tmp_path)
    os.mkfifo(tmp_path / "data" / "sources" / "pipe.txt")
    _document(path, "data/sources/pipe.txt")
    with pytest.raises(RegistryError, match=r"document 'data/sources/pipe\.txt' is not a regular file"):
        load_registry(path)  # opening a FIFO for reading would wait for a writer forever


@pytest.mark.parametrize("kind", ["series", "document"])
def test_an_oversized_side_file_is_refused_before_reading(tmp_path: Path, kind: str) -> None:
    path = _catalogue_copy(tmp_path)
    big = tmp_path / "data" / ("big.csv" if kind == "series" else "sources/big.txt")
    with big.open("wb") as handle:
        handle.truncate(files.MAX_FILE_BYTES + 1)  # sparse: the size is what counts
    (_series if kind == "series" else _document)(path, str(big.relative_to(tmp_path)))
    with pytest.raises(RegistryError, match=r"is over 16 MB, the limit for a file"):
        load_registry(path)


def test_problem_lines_never_carry_raw_control_characters() -> None:
    problem = Problem("a.yaml", 1, 1, "x", "unknown field '\x1b[2J\u202e'", "hint\x07")
    assert str(problem) == "a.yaml:1:1: x: unknown field '\\x1b[2J\\u202e' (hint\\x07)"


@pytest.mark.parametrize("escape", ["\\e[2J", "\\0", "id\\n", "\\x07", "\\u202e", "\\r", "\\t"])
def test_control_characters_from_escapes_are_refused_in_labels(escape: str) -> None:
    text = HOSTILE.replace("label: \"Half <script>alert('label')</script>\"", f'label: "Half{escape}"')
    with pytest.raises(RegistryError, match=r"control character") as caught:
        parse_registry(text.encode(), "indicators.yaml", Path("."))
    assert "\x1b" not in str(caught.value) and "\u202e" not in str(caught.value) and "\x07" not in str(caught.value)


def test_line_breaks_and_tabs_stay_allowed_in_free_text(hostile: Path) -> None:
    text = HOSTILE.replace('note: "-2+3"', 'note: "first line\\n\\tsecond line"')
    registry = parse_registry(text.encode(), "indicators.yaml", hostile.parent)
    assert registry.indicators[0].observations[0].note == "first line\n\tsecond line"
