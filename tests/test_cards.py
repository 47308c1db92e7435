"""Share cards and link previews: every page's OpenGraph and Twitter tags (read with an HTML parser) in both languages,
the card addresses (PNG of exactly 1200×630, 304 for a matching ETag, 404 before any drawing, a bounded cache, 503
when too many wait), and hostile registry text escaped. A fake browser draws the cards here, except for one real
render per card kind."""

from __future__ import annotations

import io
import shutil
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard.engine.assessment import build
from dashboard.i18n import use_language
from dashboard.outputs.cards import counts_line, dated_scorecards, fit, overall_line
from dashboard.outputs.export.layout import text_width
from dashboard.outputs.wording import status_line, verdict
from dashboard.registry import load_registry
from dashboard.web import cache, cards, previews
from dashboard.web.app import create_app
from dashboard.web.components import EXTENSION

from .conftest import FROZEN

LATEST = "2026-03-04"
CLAIM = "crime_fell_2025"


class Head(HTMLParser):
    """The `<meta>` tags of a page's head, as a browser (or a link-preview crawler) reads them, and any script in the head."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.in_head, self.head_scripts, self.script_ids = False, 0, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "script" and self.in_head:
            self.head_scripts += 1
            self.script_ids.append(found.get("id"))
        elif tag == "meta" and self.in_head and (key := found.get("property") or found.get("name")):
            self.meta.setdefault(key, []).append(found.get("content") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False


def head_of(html: str) -> Head:
    parser = Head()
    parser.feed(html)
    return parser


def one(head: Head, key: str) -> str:
    values = head.meta.get(key, [])
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def fake_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (1200, 630), "white").save(out, format="PNG")
    return out.getvalue()


class FakeRenderer:
    def __init__(self) -> None:
        self.calls: list[tuple[int, int, float]] = []

    def render(self, fig, *, fmt: str, width: int, height: int, scale: float) -> bytes:
        self.calls.append((width, height, scale))
        return fake_png()


def _app(path: Path, *, fake: bool = True):
    app = create_app(path, settle_seconds=0)
    context = app.server.extensions[EXTENSION]
    context.store.refresh()
    renderer = FakeRenderer()
    if fake:
        context.exporter.with_renderer = lambda work, **_kw: work(renderer)
    return app, context, renderer


@pytest.fixture(scope="module")
def served():
    app, context, renderer = _app(FROZEN)
    return app.server.test_client(), context, renderer


def pages(assessment) -> list[tuple[str, str, str]]:
    """(path, what its description must say, its card's address without the language)."""
    view = assessment.view("road_deaths")
    card = next(c for c in dated_scorecards(assessment) if c.said_on == LATEST)
    overall, site = overall_line(assessment), f"/card/speech/{LATEST}.png"
    return [
        ("/", overall, site),
        ("/claims", overall, site),
        ("/speeches", overall, site),
        (f"/speech/{LATEST}", counts_line(card), site),
        ("/speech/2025-03-05", counts_line(dated_scorecards(assessment)[0]), "/card/speech/2025-03-05.png"),
        ("/indicator/road_deaths", status_line(view), "/card/indicator/road_deaths.png"),
        ("/sources", "", site),
        ("/methods", "", site),
        ("/changes", "", site),
    ]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_page_carries_its_preview_in_its_language(served, frozen_registry, lang: str) -> None:
    client, _context, _renderer = served
    assessment = build(frozen_registry, lang)
    with use_language(lang):
        expected = pages(assessment)
    suffix = "?lang=ru" if lang == "ru" else ""
    for path, description, image in expected:
        response = client.get(path + suffix)
        assert response.status_code == 200, path
        head = head_of(response.get_data(as_text=True))
        assert one(head, "og:locale") == {"en": "en_GB", "ru": "ru_RU"}[lang]
        assert one(head, "og:url") == f"http://localhost{path}{suffix}"
        assert one(head, "og:image") == f"http://localhost{image}{suffix}" == one(head, "twitter:image")
        assert (one(head, "og:image:width"), one(head, "og:image:height")) == ("1200", "630")
        assert one(head, "twitter:card") == "summary_large_image"
        assert one(head, "og:type") in ("website", "article")
        assert one(head, "og:title") == one(head, "twitter:title") and one(head, "og:title")
        assert one(head, "og:description") == one(head, "twitter:description") == one(head, "description")
        if description:
            assert one(head, "og:description") == previews.one_line(description)
        words = ("Статистика преступности", "подтверждается") if lang == "ru" else ("Crime statistics", "consistent")
        assert words[0] in one(head, "og:site_name")
        if path in ("/", "/claims", "/speeches") or path.startswith("/speech/"):
            assert words[1] in one(head, "og:description")  # the verdict counts, in the page's language
    indicator = head_of(client.get("/indicator/road_deaths" + suffix).get_data(as_text=True))
    assert assessment.view("road_deaths").indicator.title in one(indicator, "og:title")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_claims_page_preview_says_its_verdict_and_shows_its_card(frozen_registry, lang: str) -> None:
    """/claim/<claim_id> (its page is another part's): the tags are built by its path."""
    assessment = build(frozen_registry, lang)
    with use_language(lang):
        preview = previews.preview_of(assessment, f"/claim/{CLAIM}", lang)
        head = head_of("<head>" + previews.tags(preview, "https://example.org/", lang) + "</head>")
        words = verdict(assessment.checks[CLAIM])
    suffix = "?lang=ru" if lang == "ru" else ""
    assert one(head, "og:image") == f"https://example.org/card/claim/{CLAIM}.png{suffix}"
    assert one(head, "og:url") == f"https://example.org/claim/{CLAIM}{suffix}"
    assert words in one(head, "og:description") and ("Вердикт" if lang == "ru" else "Verdict") in one(head, "og:description")
    assert assessment.checks[CLAIM].text in one(head, "og:title") and one(head, "og:type") == "article"
    unknown = previews.preview_of(assessment, "/claim/no_such_claim", lang)
    assert unknown.image == f"/card/speech/{LATEST}.png{suffix}"  # the site's card, never a card that would be a 404


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """A copy of the frozen registry whose quote and speaker try to close the attribute and open a script."""
    folder = tmp_path_factory.mktemp("hostile")
    shutil.copy(FROZEN, folder / "indicators.yaml")
    shutil.copytree(FROZEN.parent / "data", folder / "data")
    path = folder / "indicators.yaml"
    text = path.read_text(encoding="utf-8")
    quote = 'quote: "В целом объективные данные подтверждают'
    assert text.count(quote) == 1
    text = text.replace(
        quote, 'quote: "\\"><script>alert(1)</script> ' + "очень длинная цитата " * 60 + "В целом объективные данные подтверждают"
    )
    said_by = 'said_by: {en: "the President of Russia", ru: "Президент России"}'
    assert said_by in text
    text = text.replace(said_by, 'said_by: "\\"><script>alert(2)</script>"', 1)
    for title in ('en: "Road traffic deaths"', 'ru: "Погибшие в дорожно-транспортных происшествиях"'):
        assert text.count(title) == 1
        text = text.replace(title, title[:-1] + ' \\"><script>alert(3)</script>"')
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_hostile_quotes_stay_text_in_the_tags(hostile: Path, lang: str) -> None:
    registry = load_registry(hostile)
    assessment = build(registry, lang)
    with use_language(lang):
        raw = previews.tags(previews.preview_of(assessment, f"/claim/{CLAIM}", lang), "http://localhost/", lang)
    assert "<script" not in raw and '"><' not in raw and "&lt;script&gt;" in raw
    head = head_of("<head>" + raw + "</head>")
    assert head.head_scripts == 0
    assert '"><script>alert(2)</script>' in one(head, "og:description")
    assert len(one(head, "og:image:alt")) <= 420  # the long quote cut
    client = _app(hostile)[0].server.test_client()
    page = client.get("/indicator/road_deaths" + ("?lang=ru" if lang == "ru" else "")).get_data(as_text=True)
    served = head_of(page)
    assert served.script_ids == ["plotly-js"]  # the app's own plotly.js only
    assert "<script>alert" not in page  # nor in the first layout the page carries (first_page.embedded)
    assert '\\"\\u003e\\u003cscript\\u003ealert(3)' in page
    assert '"><script>alert(3)</script>' in one(served, "og:title") and '"><script>alert(3)</script>' in one(served, "og:image:alt")


def test_card_addresses_answer_png_304_and_404_without_drawing(served, frozen_registry) -> None:
    client, context, renderer = served
    before = len(renderer.calls)
    for bad in (
        "/card/claim/no_such.png",
        "/card/indicator/nope.png",
        "/card/speech/2020-01-01.png",
        "/card/other/x.png",
        "/card/claim/.png",
    ):
        response = client.get(bad)
        assert response.status_code == 404 and response.mimetype == "text/plain", bad
        assert b"no_such" not in response.data and b"nope" not in response.data
    assert len(renderer.calls) == before  # nothing drawn for an unknown id
    first = client.get(f"/card/claim/{CLAIM}.png?lang=ru")
    assert first.status_code == 200 and first.mimetype == "image/png" and png_size(first.data) == (1200, 630)
    assert renderer.calls[-1] == (1200, 630, 1)
    etag = first.headers["ETag"].strip('"')
    assert frozen_registry.version in etag and "-ru-" in etag
    assert "max-age" in first.headers["Cache-Control"]
    drawn = len(renderer.calls)
    again = client.get(f"/card/claim/{CLAIM}.png?lang=ru", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.data and again.headers["ETag"] == first.headers["ETag"]
    english = client.get(f"/card/claim/{CLAIM}.png")
    assert english.headers["ETag"] != first.headers["ETag"] and "-en-" in english.headers["ETag"]
    assert client.get(f"/card/claim/{CLAIM}.png?lang=ru").data == first.data  # from the cache
    assert len(renderer.calls) == drawn + 1  # the English card only


def test_a_304_needs_no_drawing_at_all(frozen_registry) -> None:
    app, _context, renderer = _app(FROZEN)
    client = app.server.test_client()
    etag = f'"{frozen_registry.version}-en-{cards.FORMAT_VERSION}"'
    response = client.get("/card/indicator/road_deaths.png", headers={"If-None-Match": etag})
    assert response.status_code == 304 and renderer.calls == []


def test_the_card_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cache.BOUNDS, "share_card", 2)
    app, context, renderer = _app(FROZEN)
    client = app.server.test_client()
    for path in (
        "/card/claim/crime_fell_2025.png",
        "/card/claim/cybercrimes_up.png",
        f"/card/speech/{LATEST}.png",
        "/card/speech/2025-03-05.png",
    ):
        assert client.get(path).status_code == 200
    assert context.store.state().snapshot.cache.size("share_card") == 2 and len(renderer.calls) == 4
    assert "share_card" in cache.BOUNDS


def test_too_many_waiting_cards_are_asked_to_come_back() -> None:
    app, context, renderer = _app(FROZEN)
    context.cards = cards.CardService(max_waiting=0)
    response = app.server.test_client().get(f"/card/speech/{LATEST}.png")
    assert response.status_code == 503 and response.headers["Retry-After"] and renderer.calls == []
    assert context.store.state().snapshot.cache.size("share_card") == 0  # a refusal is not kept


@pytest.mark.parametrize(
    ("text", "size", "lines", "cut"),
    [
        ("short", 30, 1, False),
        ("word " * 400, 30, 5, True),
        ("Ы" * 500, 30, 3, True),  # one word wider than a line is broken
        ("слово " * 30, 25, 9, False),
    ],
)
def test_card_text_is_wrapped_and_cut_to_its_lines(text: str, size: int, lines: int, cut: bool) -> None:
    found, was_cut = fit(text, size, 1080, max_lines=lines)
    assert was_cut is cut and 1 <= len(found) <= lines
    assert all(text_width(line, size) <= 1080 for line in found)
    assert found[-1].endswith("…") is cut


@pytest.mark.parametrize(
    ("path", "lang"), [(f"/card/claim/{CLAIM}.png", "ru"), (f"/card/speech/{LATEST}.png", "en"), ("/card/indicator/road_deaths.png", "ru")]
)
def test_each_kind_of_card_renders_as_a_1200_by_630_png(path: str, lang: str) -> None:
    """The real browser, once per kind of card (slow: a few seconds each)."""
    from PIL import Image

    app, context, _renderer = _app(FROZEN, fake=False)
    try:
        response = app.server.test_client().get(path + ("?lang=ru" if lang == "ru" else ""))
        assert response.status_code == 200 and response.mimetype == "image/png"
        image = Image.open(io.BytesIO(response.data))
        assert image.size == (1200, 630) and png_size(response.data) == (1200, 630)
        assert image.info.get("Language") == lang
        colours = image.convert("RGB").getcolors(1 << 20)
        assert colours is not None and len(colours) > 50  # drawn, not blank
    finally:
        context.exporter.close()
