"""The app's sharing routes through Flask's test client: the embed, the framing policy and the full downloads."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from dashboard.outputs.wording import status_line, verdict
from dashboard.registry.models import Registry
from dashboard.web.app import create_app
from dashboard.web.embeds import embed_figure


@pytest.fixture(scope="module")
def client(frozen_path):
    app = create_app(frozen_path, settle_seconds=0)
    return app.server.test_client()


def _figure_of(page: str) -> dict:
    [blob] = re.findall(r'<script type="application/json" id="figure">(.*?)</script>', page, re.S)
    return json.loads(blob)


def test_embed_serves_the_chart_alone_and_may_be_framed_by_anyone(client, frozen_registry, frozen_assessment) -> None:
    response = client.get("/embed/road_deaths")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "X-Frame-Options" not in response.headers
    assert response.headers["Content-Security-Policy"] == "frame-ancestors *"
    page = response.get_data(as_text=True)
    view = frozen_assessment.view("road_deaths")
    figure = _figure_of(page)
    expected = embed_figure(frozen_registry, view)
    assert figure["data"] == expected["data"] and len(figure["data"]) >= 2
    drawn = {y for trace in figure["data"] for y in trace.get("y") or []}
    assert {p.value for p in view.yearly.values()} <= drawn
    assert f"<h1>{view.indicator.title}</h1>" in page and status_line(view) in page
    assert f"registry {frozen_registry.version}" in page and frozen_registry.meta.as_of.isoformat() in page
    for source_id in view.sources:
        assert frozen_registry.source(source_id).url in page
    assert "<nav" not in page and "navbar" not in page and "_dash-" not in page  # no navigation, no Dash app
    [script] = re.findall(r'<script src="([^"]+)"></script>', page)
    js = client.get(script)
    assert js.status_code == 200 and js.mimetype == "text/javascript" and b"plotly" in js.data[:2000].lower()
    assert "max-age=31536000" in js.headers["Cache-Control"]


def test_embed_answers_304_while_the_registry_is_unchanged(client) -> None:
    first = client.get("/embed/road_deaths")
    again = client.get("/embed/road_deaths", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and first.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("bad", ["nope", "ROAD_DEATHS", "road_deaths%00", "..%2f..%2fetc%2fpasswd", "%3Cscript%3E"])
def test_unknown_embed_is_a_404_page_that_echoes_nothing(client, bad: str) -> None:
    response = client.get(f"/embed/{bad}")
    assert response.status_code == 404
    assert "script" not in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("bad", ["x", "plotly.min.js", "..%2fplotly.min.js", "plotly-0.0.0.min.js"])
def test_only_the_bundled_plotly_is_served(client, bad: str) -> None:
    response = client.get(f"/_share/{bad}")
    assert response.mimetype != "text/javascript"  # a 404, or Dash's page for a path with a slash
    assert response.status_code == 404 or "/" in bad.replace("%2f", "/")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/indicator/road_deaths",
        "/claims",
        "/sources",
        "/download/observations.csv",
        "/download/claims.csv",
        "/download/registry.json",
        "/download/nope",
        "/api/registry",
        "/healthz",
        "/_dash-layout",
        "/no/such/page",
    ],
)
def test_every_other_response_forbids_framing(client, path: str) -> None:
    response = client.get(path)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "mimetype"),
    [
        ("observations.csv", "text/csv"),
        ("claims.csv", "text/csv"),
        ("registry.json", "application/json"),
    ],
)
def test_downloads_are_attachments_that_revalidate(client, frozen_registry, name: str, mimetype: str) -> None:
    response = client.get(f"/download/{name}")
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["Content-Type"].startswith(f"{mimetype}; charset=utf-8")
    stem, ext = name.split(".")
    expected = f'attachment; filename="{stem}_{frozen_registry.meta.as_of.isoformat()}_{frozen_registry.version}.{ext}"'
    assert response.headers["Content-Disposition"] == expected
    assert response.headers["Cache-Control"] == "no-cache" and response.headers["ETag"]
    again = client.get(f"/download/{name}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data


def test_downloaded_files_round_trip(client, frozen_registry, frozen_assessment) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/download/observations.csv").data.decode("utf-8-sig"), newline="")))
    published = [r for r in rows if r["derived"] == "false"]
    assert len(published) == sum(len(i.observations) for i in frozen_registry.indicators) + sum(
        len(f) for f in frozen_registry.series.values()
    )
    claims = list(csv.DictReader(io.StringIO(client.get("/download/claims.csv").data.decode("utf-8-sig"), newline="")))
    assert {r["claim"]: r["verdict"] for r in claims} == {k: verdict(c) for k, c in frozen_assessment.checks.items()}
    doc = client.get("/download/registry.json").get_json()
    assert Registry.model_validate(doc["registry"]).model_dump() == frozen_registry.model_dump()
    assert doc["sha256"] == frozen_registry.sha256


@pytest.mark.parametrize(
    "path", ["/download/../indicators.yaml", "/download/%2e%2e%2findicators.yaml", "/download/indicators.yaml", "/download/"]
)
def test_downloads_serve_only_their_three_names(client, path: str) -> None:
    response = client.get(path)
    assert b"schema_version" not in response.data
    assert response.status_code in (404, 200) and "attachment" not in response.headers.get("Content-Disposition", "")
