"""schema.org ClaimReview: the JSON-LD in the head of `/claims`, each speech's page and each claim's page, and the feed
`/download/claimreview.json`, read back with extruct (a standard extractor of embedded metadata), in both languages.

Every claim of the frozen registry has a verdict (unverifiable included), so each page must carry a review for
each claim it shows: the counts come from the assessment, and every property is checked against the registry.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import extruct
import pytest

from dashboard.engine.vocabulary import COURSES, RATING_BEST, RATING_WORST, RATINGS, RESULTS, rating_of
from dashboard.i18n import use_language
from dashboard.outputs.claimreview import claimed_words, reviews
from dashboard.outputs.wording import verdict
from dashboard.registry.texts import written_in
from dashboard.web.app import create_app
from dashboard.web.jsonld import as_script_text

ROOT = "http://localhost/"  # the Flask test client's address
DAYS = ["2025-03-05", "2026-03-04"]  # the frozen registry's speeches


@pytest.fixture(scope="module")
def client(frozen_path: Path) -> Any:
    return create_app(frozen_path, settle_seconds=0).server.test_client()


def extracted(client: Any, path: str) -> list[dict]:
    """The JSON-LD items of the HTML the server sends for `path`."""
    response = client.get(path)
    assert response.status_code == 200, path
    return extruct.extract(response.get_data(as_text=True), base_url=ROOT, syntaxes=["json-ld"])["json-ld"]


def expected_ids(assessment: Any, path: str) -> list[str]:
    """The claims a page shows, in the registry's order: from the assessment, not from the code under test."""
    ids = [c.id for c in assessment.registry.claims if c.id in assessment.checks]
    if path.startswith("/speech/"):
        return [cid for cid in ids if assessment.checks[cid].said_on == path.removeprefix("/speech/")]
    if path.startswith("/claim/"):
        return [path.removeprefix("/claim/")]
    return ids


def check_review(item: dict, assessment: Any, claim_id: str, lang: str) -> None:
    """Every property the issue names, against the registry and the check."""
    registry, check = assessment.registry, assessment.checks[claim_id]
    claim = next(c for c in registry.claims if c.id == claim_id)
    source = registry.source(claim.source)
    assert item["@context"].rstrip("/") in ("https://schema.org", "http://schema.org")
    assert item["@type"] == "ClaimReview"
    assert item["url"] == f"{ROOT}claim/{claim_id}" + ("?lang=ru" if lang == "ru" else "")
    assert item["inLanguage"] == lang
    # the quote in the original language: Russian where the registry has a Russian version, else as published
    russian = [t for t in (claim.quote, *(a.quote for a in claim.also_quoted)) if written_in(t) == "ru"]
    assert item["claimReviewed"] == (russian[0] if russian else claim.quote)
    reviewed = item["itemReviewed"]
    assert reviewed["@type"] == "Claim"
    assert reviewed["author"] == {"@type": "Person", "name": claim.said_by or registry.meta.speaker}
    assert reviewed["author"]["name"]
    assert reviewed["datePublished"] == check.said_on and check.said_on
    assert reviewed["appearance"]["@type"] == "CreativeWork" and reviewed["appearance"]["url"] == source.url
    rating = item["reviewRating"]
    assert rating["@type"] == "Rating"
    assert (rating["worstRating"], rating["bestRating"]) == (RATING_WORST, RATING_BEST)
    assert rating["ratingValue"] == rating_of(check.result, check.course)
    assert RATING_WORST <= rating["ratingValue"] <= RATING_BEST
    with use_language(lang):
        assert rating["alternateName"] == verdict(check)
    stand_in = "by a stand-in" if lang == "en" else "по замещающему показателю"
    assert (stand_in in rating["alternateName"]) == check.by_stand_in
    assert item["author"]["@type"] == "Organization"
    assert item["author"]["name"] == str(registry.meta.publisher.name)
    assert item["datePublished"] == registry.meta.as_of.isoformat()
    assert item["reviewBody"].strip()


PATHS = ["/claims", *(f"/speech/{d}" for d in DAYS), "/claim/street_crime_down", "/claim/repeat_crimes_down"]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("path", PATHS)
def test_each_page_about_claims_carries_a_review_of_each_of_its_claims(client, frozen_assessment, path: str, lang: str) -> None:
    from dashboard.engine.assessment import localize

    assessment = localize(frozen_assessment, lang)
    items = extracted(client, path + ("?lang=ru" if lang == "ru" else ""))
    wanted = expected_ids(assessment, path)
    assert wanted and len(items) == len(wanted)
    for item, claim_id in zip(items, wanted, strict=True):
        check_review(item, assessment, claim_id, lang)
    if path == "/claims":  # every claim with a verdict, counted from the assessment
        assert len(items) == len(frozen_assessment.checks) == len(frozen_assessment.registry.claims)


def test_every_claims_page_carries_its_own_review(client, frozen_assessment) -> None:
    for claim_id in frozen_assessment.checks:
        for lang in ("en", "ru"):
            items = extracted(client, f"/claim/{claim_id}" + ("?lang=ru" if lang == "ru" else ""))
            assert [i["url"].removeprefix(ROOT).split("?")[0] for i in items] == [f"claim/{claim_id}"]


def test_every_kind_of_verdict_is_reviewed(frozen_assessment) -> None:
    """The frozen registry holds every verdict, one reached by a stand-in and a course: the pages' checks cover them all."""
    results = {c.result for c in frozen_assessment.checks.values()}
    assert {"consistent", "inconsistent", "in_works", "unverifiable"} <= results
    assert any(c.by_stand_in for c in frozen_assessment.checks.values())


@pytest.mark.parametrize("path", ["/", "/sources", "/speeches", "/methods", "/indicator/road_deaths"])
def test_a_page_about_no_claim_carries_no_review(client, path: str) -> None:
    assert extracted(client, path) == []


@pytest.mark.parametrize("path", ["/claim/no_such_claim", "/claim/", "/claim/street_crime_down/x", "/claim/%3Cscript%3E"])
def test_an_unknown_claim_is_the_not_found_page_without_a_review(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "application/ld+json" not in response.get_data(as_text=True)


# ------------------------------------------------------------------ the scale


def test_the_scale_orders_the_verdicts_from_contradicted_to_borne_out() -> None:
    every = [(r, None) for r in RESULTS if r != "in_works"] + [("in_works", c) for c in COURSES]
    assert sorted(RATINGS) == sorted(every)  # one number for every verdict and course, none for anything else
    assert rating_of("inconsistent") == RATING_WORST and rating_of("consistent") == RATING_BEST
    order = [
        rating_of("inconsistent"),
        rating_of("in_works", "off_course"),
        rating_of("in_works", "too_early"),
        rating_of("in_works", "on_course"),
    ]
    assert order == sorted(order) and len(set(order)) == 4
    assert rating_of("unverifiable") == rating_of("in_works", "too_early") == rating_of("in_works")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_methods_page_explains_the_scale(client, lang: str) -> None:
    from benchmarks.wire import page_payload

    response = client.post("/_dash-update-component", json=page_payload("/methods", f"?lang={lang}"))
    page = json.dumps(response.get_json()["response"], ensure_ascii=False)
    assert '"id": "rating"' in page and "/download/claimreview.json" in page
    assert ("claim review" if lang == "en" else "проверка заявления") in page
    for value in set(RATINGS.values()):
        assert f'"{value}"' in page  # the table's cells


# ------------------------------------------------------------------ the feed


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_feed_holds_every_review_and_revalidates_by_version(client, frozen_assessment, lang: str) -> None:
    from dashboard.engine.assessment import localize

    query = "?lang=ru" if lang == "ru" else ""
    response = client.get(f"/download/claimreview.json{query}")
    assert response.status_code == 200 and response.mimetype == "application/ld+json"
    data = response.get_json(force=True)
    assert data["@type"] == "DataFeed" and data["inLanguage"] == lang and data["version"] == frozen_assessment.registry.version
    assessment = localize(frozen_assessment, lang)
    wanted = expected_ids(assessment, "/claims")
    assert len(data["dataFeedElement"]) == len(wanted) == len(frozen_assessment.checks)
    for item, claim_id in zip(data["dataFeedElement"], wanted, strict=True):
        check_review({"@context": data["@context"], **item}, assessment, claim_id, lang)
    etag = response.headers["ETag"]
    assert frozen_assessment.registry.version[:12] in etag and lang in etag
    again = client.get(f"/download/claimreview.json{query}", headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_the_two_languages_feeds_differ_in_their_etag(client) -> None:
    assert client.get("/download/claimreview.json").headers["ETag"] != client.get("/download/claimreview.json?lang=ru").headers["ETag"]


# ------------------------------------------------------------------ hostile text


HOSTILE = [
    "</script><script>alert(1)</script>",
    "</SCRIPT ><img src=x onerror=alert(2)>",
    "<!--<script>",
    "a & b > c < d",
    "\u2028\u2029 line separators",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_script_text_has_no_markup_and_reads_back(text: str) -> None:
    written = as_script_text([{"claimReviewed": text}])
    assert not set("<>&") & set(written)
    assert json.loads(written) == [{"claimReviewed": text}]


def test_a_hostile_quote_stays_inside_its_script(registry_copy: Path) -> None:
    """A press report's quote (no stored text to check it against) holding `</script>`: the page keeps one script of
    JSON-LD, nothing runs, and the extractor reads the quote back whole."""
    hostile = "Рост </script><script>alert('x')</script><!--<script> & всё"
    text = registry_copy.read_text(encoding="utf-8")
    head = "  - id: road_safety_improved_2025\n"
    start = text.index(head)
    line = text.index("    quote: ", start)
    end = text.index("\n", line)
    registry_copy.write_text(text[:line] + f"    quote: {json.dumps(hostile, ensure_ascii=False)}" + text[end:], encoding="utf-8")
    client = create_app(registry_copy, settle_seconds=0).server.test_client()
    for path in ("/claim/road_safety_improved_2025", "/claims", "/speech/2026-03-04"):
        html = client.get(path).get_data(as_text=True)
        assert "alert('x')" not in html.replace("alert('x')\\u003c", "")  # only inside the escaped JSON
        assert html.count("<script>alert") == 0 and html.count('type="application/ld+json"') == 1
        items = extruct.extract(html, syntaxes=["json-ld"])["json-ld"]
        quoted = [i for i in items if i["url"].endswith("/claim/road_safety_improved_2025")]
        assert [i["claimReviewed"] for i in quoted] == [hostile]


# ------------------------------------------------------------------ the builder alone


def test_the_builder_takes_its_language_and_root(frozen_assessment) -> None:
    en = reviews(frozen_assessment, "en", "https://example.org/app", ["street_crime_down"])
    ru = reviews(frozen_assessment, "ru", "https://example.org/app/", ["street_crime_down"])
    assert en[0]["url"] == "https://example.org/app/claim/street_crime_down"
    assert ru[0]["url"] == "https://example.org/app/claim/street_crime_down?lang=ru"
    assert en[0]["claimReviewed"] == ru[0]["claimReviewed"]  # the speaker's words, whatever the reader's language
    assert en[0]["reviewRating"]["alternateName"] != ru[0]["reviewRating"]["alternateName"]
    assert en[0]["reviewBody"] != ru[0]["reviewBody"]


def test_the_original_words_come_from_another_source_when_the_quote_is_a_translation() -> None:
    from types import SimpleNamespace as Claim

    other = Claim(source="tass", quote="Уличная преступность снижается")
    assert claimed_words(Claim(quote="Street crime is decreasing.", also_quoted=[other])) == "Уличная преступность снижается"
    assert claimed_words(Claim(quote="Street crime is decreasing.", also_quoted=[])) == "Street crime is decreasing."
    assert claimed_words(Claim(quote="Снижается", also_quoted=[other])) == "Снижается"
