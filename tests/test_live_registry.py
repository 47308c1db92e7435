"""The live indicators.yaml gets exactly the tests that any honest edit must pass: it validates, every target and
claim can be assessed, and every page, embed, download and export renders, in both languages.

Nothing here pins a figure: values, statuses and verdicts are the analysts' to change (the engine's, outputs' and
web's tests read the frozen copy under tests/fixtures/registry/).
"""

from __future__ import annotations

import json

import pytest

from dashboard import cli
from dashboard.engine.assessment import build
from dashboard.engine.vocabulary import COURSES, RESULTS, STATUSES
from dashboard.i18n import LANGUAGES
from dashboard.outputs.export import render_indicator
from dashboard.registry import load_registry
from dashboard.web.app import create_app
from dashboard.web.downloads import DOWNLOADS

from .conftest import LIVE


@pytest.fixture(scope="module")
def live():
    return load_registry(LIVE)


@pytest.fixture(scope="module")
def assessment(live):
    return build(live)


@pytest.fixture(scope="module")
def client():
    return create_app(LIVE, settle_seconds=0).server.test_client()


def test_the_live_registry_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["validate", str(LIVE)]) == 0, capsys.readouterr().out


def test_every_target_and_claim_is_assessed(live, assessment) -> None:
    for indicator in live.indicators:
        view = assessment.views[indicator.id]
        assert [tv.target.id for tv in view.targets] == [t.id for t in indicator.targets]
        for tv in view.targets:
            assert set(tv.result.methods) == {"unsd", "escap", "statcan"} or tv.result.status == "insufficient_data"
            assert tv.result.status in STATUSES
    assert set(assessment.checks) == {c.id for c in live.claims}
    assert {c.result for c in assessment.checks.values()} <= set(RESULTS)
    assert all(c.course in COURSES for c in assessment.checks.values() if c.result == "in_works")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_renders(live, client, lang: str) -> None:
    paths = ["/", "/claims", "/sources", "/speeches", *(f"/indicator/{i.id}" for i in live.indicators)]
    paths += [f"/speech/{day}" for day in sorted({c.said_on for c in build(live).checks.values() if c.said_on})]
    paths += [f"/claims?topic={topic}" for topic in sorted({c.topic for c in live.claims if c.topic})]
    paths += [f"/claim/{c.id}" for c in live.claims]
    for path in paths:
        search = f"?lang={lang}" if lang != "en" else ""
        path, _, query = path.partition("?")
        search = "?" + "&".join(q for q in (query, search.lstrip("?")) if q) if (query or search) else ""
        response = client.get("/_dash-layout", query_string={"page_path": path, "page_search": search})
        assert response.status_code == 200, path
        tree = json.dumps(response.get_json())
        assert '"_pages_content"' in tree and "Traceback" not in tree, path
        assert client.get(path + search).status_code == 200, path


def test_every_claim_says_how_its_quote_was_found_and_what_it_is_about(live) -> None:
    """A paraphrase is weaker evidence of the wording than a quote: the reader is told which it is, and the topic
    files the claim beside the other years' claims on it."""
    assert [c.id for c in live.claims if c.found_in is None or c.topic is None] == []


def test_every_source_says_what_kind_of_page_it_is(live) -> None:
    """The Sources page's badge and filter: a re-post (a shop's blog, a trade-fair domain, a mirror) is told apart from
    the press and from the state's own pages."""
    assert [s.id for s in live.sources if s.type is None] == []


def test_every_speech_has_a_page_and_a_scorecard(live, assessment, client) -> None:
    from dashboard.engine.evidence import scorecards

    days = {c.said_on for c in assessment.checks.values()}
    assert None not in days, "every claim has a speech date (the source's date or said_on)"
    assert [card.said_on for card in scorecards(assessment.checks, live)] == sorted(days)
    for day in days:
        assert client.get(f"/speech/{day}").status_code == 200, day


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_embed_and_download_renders(live, client, lang: str) -> None:
    for indicator in live.indicators:
        assert client.get(f"/embed/{indicator.id}?lang={lang}").status_code == 200, indicator.id
        assert client.get(f"/indicator/{indicator.id}.csv").status_code == 200, indicator.id
    for name in DOWNLOADS:
        assert client.get(f"/download/{name}").status_code == 200, name
    assert client.get(f"/api/?lang={lang}").status_code == 200
    feed = client.get(f"/download/claimreview.json?lang={lang}").get_json(force=True)
    assert len(feed["dataFeedElement"]) == len(live.claims)  # a claim review of every claim: each has a verdict
    assert all(r["itemReviewed"]["author"]["name"] and r["itemReviewed"]["datePublished"] for r in feed["dataFeedElement"])


def test_the_data_package_is_valid(client, live, tmp_path) -> None:
    """frictionless validates the served package: keys unique, every reference found, every claim a row."""
    import frictionless

    (tmp_path / "package.zip").write_bytes(client.get("/download/datapackage.zip").data)
    report = frictionless.validate(str(tmp_path / "package.zip"))
    assert report.valid, report.flatten(["type", "note"])[:10]
    [claims] = [t for t in report.tasks if t.name == "claims"]
    assert claims.stats["rows"] == len(live.claims)


def test_every_chart_exports(assessment, renderer) -> None:
    chartable = [view.id for view in assessment if view.chartable]
    assert chartable
    for indicator_id in chartable:
        svg = render_indicator(assessment, indicator_id, fmt="svg", renderer=renderer)
        assert svg.lstrip().startswith(b"<") and b"<svg" in svg[:2000], indicator_id


def test_every_claim_is_drawn_on_its_indicators_chart(assessment) -> None:
    """Whatever kind a claim is, and whichever speech said it, its indicator's tracking chart draws it with its label:
    a mark, or a bracket over its span where the chart has no value to place it by."""
    from dashboard.outputs.figures import tracking_figure
    from dashboard.registry.models import TargetClaim

    missing = []
    for view in assessment.views.values():
        fig = tracking_figure(assessment.registry, view)
        drawn = {t.meta for t in fig.data} | {s.name for s in fig.layout.shapes}
        labels = {a.name for a in fig.layout.annotations}
        for claim, _check in view.claims:
            if isinstance(claim, TargetClaim) and claim.value is None:
                continue  # a relative target is a ring only where its baseline year has a value
            if f"claim:{claim.id}" not in drawn or f"claim:{claim.id}" not in labels:
                missing.append((view.indicator.id, claim.id, claim.kind))
    assert missing == []
