"""/methods: a paragraph for every verdict and status, the thresholds the engine applies, and badges linking to them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.wire import page_payload
from dashboard.engine.progress import BANDS, assess
from dashboard.engine.vocabulary import RESULTS, STATUSES
from dashboard.web.app import create_app


@pytest.fixture(scope="module")
def client(frozen_path: Path):
    return create_app(frozen_path, settle_seconds=0).server.test_client()


def _page(client, path: str, lang: str) -> str:
    response = client.post("/_dash-update-component", json=page_payload(path, f"?lang={lang}"))
    assert response.status_code == 200
    return json.dumps(response.get_json()["response"], ensure_ascii=False)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_verdict_and_status_has_its_paragraph(client, lang: str) -> None:
    page = _page(client, "/methods", lang)
    for code in RESULTS:
        assert f'"id": "verdict-{code}"' in page
    for code in STATUSES:
        assert f'"id": "status-{code}"' in page
    assert client.get(f"/methods?lang={lang}").status_code == 200


def test_the_thresholds_shown_are_the_engines() -> None:
    from dashboard.i18n import use_language
    from dashboard.web.pages.methods import _bands_table

    with use_language("en"):
        text = json.dumps(_bands_table().to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)
    for bands in BANDS.values():
        for lowest, _status in bands:
            assert f"{lowest:.2f}".replace("-", "\u2212") in text


def test_the_worked_example_holds() -> None:
    """Halfway to halving, 25% below the baseline: on track for ESCAP, fair progress for UNSD (as the page says)."""
    from dashboard.engine.progress import Point

    result = assess([Point(2020, 100.0, "="), Point(2025, 75.0, "=")], 2020, 2030, lower_is_better=True, target_value=50.0)
    assert (result.methods["escap"].status, result.methods["unsd"].status) == ("on_track", "fair")


@pytest.mark.parametrize(("path", "kind"), [("/claims", "verdict"), ("/indicator/road_deaths", "status")])
def test_badges_link_to_their_paragraph(client, path: str, kind: str) -> None:
    page = _page(client, path, "en")
    assert f"/methods#{kind}-" in page
    methods = _page(client, "/methods", "en")
    import re

    for anchor in set(re.findall(rf"/methods#({kind}-[a-z_]+)", page)):
        assert f'"id": "{anchor}"' in methods
