"""Honest status codes, bounded work per request, and renderer failures said shortly (issue 27, findings 3 to 6).

Each table row is one address or one callback body an attacker sent; every answer is a 404, a 400 or a 413,
never the app with a 200, never a 500, and never a traceback in the log.
"""

from __future__ import annotations

import copy
import json
import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from dash import no_update

from benchmarks.wire import POLL_PAYLOAD, UPDATE, by_id, page_payload
from dashboard.i18n import use_language
from dashboard.web import callbacks
from dashboard.web.app import create_app
from dashboard.web.briefings import BriefingService, ClientLimit
from dashboard.web.pages.overview import MAX_SEARCH_CHARS, MAX_SEARCH_WORDS, search_words

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client(frozen_path: Path) -> Any:
    return create_app(frozen_path, settle_seconds=0).server.test_client()


@pytest.fixture(scope="module")
def frozen_state(frozen_path: Path) -> Any:
    from dashboard.web.store import RegistryStore

    return RegistryStore(frozen_path, settle_seconds=0).state()


@pytest.fixture
def quiet_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO)
    return caplog


def no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    bad = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not bad, [r.getMessage() for r in bad]


# ---------------------------------------------------------------- 404 for every address that names nothing

SOFT_404 = [
    "/api/nope",
    "/api/index.jsonx",
    "/api//",
    "/healthzzz",
    "/x.csv",
    "/indicator/road_deaths.json",
    "/indicator/road_deaths.png",
    "/indicator/nope.csv",
    "/download/nope",
    "/download/observations.csv.bak",
    "/favicon.ico.map",
    "/embed/nope",
    "/_share/nope.js",
    "/assets/nope.css",
    "/_dash-component-suites/",
    "/_dash-component-suites/dash",
    "/_dash-component-suites/dash/nope.js",
    "/_dash-component-suites/nope/x.js",
    "/_dash-component-suites/dash/dcc",
    "/_dash-component-suites/dash/dcc/x.v1m1.js",
    "/_dash-component-suites/dash/../../../etc/passwd",
    "/_dash-component-suites/dash/%00.js",
    "/_dash-component-suites/plotly/package_data/plotly.min.js.map",
    "/nope",
    "/indicator/nope",
]


@pytest.mark.parametrize("path", SOFT_404)
def test_an_address_that_names_nothing_is_a_404(client: Any, quiet_log: pytest.LogCaptureFixture, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, (path, response.data[:200])
    assert b"Traceback" not in response.data
    no_traceback(quiet_log)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/claims",
        "/sources",
        "/indicator/road_deaths",
        "/api/",
        "/api/index.json",
        "/api/registry",
        "/healthz",
        "/indicator/road_deaths.csv",
    ],
)
def test_the_addresses_that_name_something_still_answer(client: Any, path: str) -> None:
    assert client.get(path).status_code == 200


# ---------------------------------------------------------------- 400 for every malformed callback


def _poll(**changes: Any) -> dict:
    body = copy.deepcopy(POLL_PAYLOAD)
    body["inputs"][0].update(changes)
    return body


def _page(**changes: Any) -> dict:
    body = page_payload("/")
    body.update(changes)
    return body


DEEP = "[" * 100_000 + "]" * 100_000
MALFORMED = {
    "unknown output": json.dumps(_page(output="..nope.children..")),
    "unknown outputs list": json.dumps(_page(outputs=[{"id": "nope", "property": "children"}])),
    "outputs as one object for two": json.dumps(_page(outputs={"id": "_pages_content", "property": "children"})),
    "outputs of another callback": json.dumps(_page(outputs=[{"id": "a", "property": "b"}, {"id": "c", "property": "d"}])),
    "no inputs": json.dumps(_page(inputs=[])),
    "an input too many": json.dumps(_page(inputs=[*page_payload("/")["inputs"], {"id": "x", "property": "value", "value": 1}])),
    "inputs of another callback": json.dumps(_poll(id="other")),
    "another property": json.dumps(_poll(property="children")),
    "no state": json.dumps({**_poll(), "state": []}),
    "100,000-deep body": DEEP,
    "100,000-deep value": json.dumps(_page()).replace('"value": "/"', '"value": "/", "x": ' + DEEP),
    "100,000-deep inputs": json.dumps(_page()).replace('"inputs": [', '"inputs": [' + DEEP + ","),
    "nested inputs": json.dumps(_page(inputs=[[[{"id": "_pages_location", "property": "pathname", "value": "/"}]]])),
    "inputs a string": json.dumps(_page(inputs="x")),
    "an id a number": json.dumps(_poll(id=5)),
    "a count a string": json.dumps(_poll(value="x")),
    "a count true": json.dumps(_poll(value=True)),
    "a pathname a list": json.dumps(_page(inputs=[{"id": "_pages_location", "property": "pathname", "value": ["/"]}])),
    "a huge count": json.dumps(_poll(value=10**400)),
    "a huge negative count": json.dumps(_poll(value=-(10**300))),
    "an infinite count": json.dumps(_poll(value=1)).replace('"value": 1', '"value": 1e999'),
    "a NaN count": json.dumps(_poll(value=1)).replace('"value": 1', '"value": NaN'),
    "a number of 5,000 digits": json.dumps(_poll(value=1)).replace('"value": 1', '"value": ' + "9" * 5000),
    "a search of 900 KB": json.dumps(page_payload("/", "?q=" + "road " * 180_000)),
    "not JSON": "{",
    "a list": "[]",
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_callback_is_a_400(client: Any, quiet_log: pytest.LogCaptureFixture, body: str) -> None:
    response = client.post(UPDATE, data=body, content_type="application/json")
    assert response.status_code == 400, response.data[:300]
    assert response.data.startswith(b"bad callback request: ")
    no_traceback(quiet_log)


def test_a_well_formed_callback_still_runs(client: Any) -> None:
    assert client.post(UPDATE, json=page_payload("/")).status_code == 200


class _Endless:
    """A request body of `size` bytes, made as it is read: the test itself never holds 150 MB."""

    def __init__(self, size: int) -> None:
        self.left = size

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        self.left -= n
        return b"x" * n


@pytest.mark.parametrize("size", [5 * 2**20, 150 * 2**20])
def test_a_body_over_the_limit_is_refused_with_413_unread(client: Any, size: int) -> None:
    stream = _Endless(size)
    response = client.post(UPDATE, content_type="application/json", environ_overrides={"wsgi.input": stream, "CONTENT_LENGTH": str(size)})
    assert response.status_code == 413
    assert stream.left > size - 2**20  # refused before the body was read


def test_a_5_mb_search_in_a_callback_is_refused(client: Any) -> None:
    body = json.dumps(page_payload("/", "?q=" + "road " * (2**20)))
    assert client.post(UPDATE, data=body, content_type="application/json").status_code == 413


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("road deaths", ["road", "deaths"]),
        ("road road ROAD", ["road"]),
        (" ".join(f"w{i}" for i in range(1000)), [f"w{i}" for i in range(MAX_SEARCH_WORDS)]),
        ("x" * (MAX_SEARCH_CHARS + 50), ["x" * MAX_SEARCH_CHARS]),
        (None, []),
        (["road"], []),
    ],
)
def test_a_search_is_cut_to_its_cap_in_one_place(query: object, expected: list[str]) -> None:
    assert search_words(query) == expected


def test_a_long_search_in_the_url_and_in_a_callback_is_cut_alike(client: Any, frozen_state: Any) -> None:
    words = "road " * (MAX_SEARCH_CHARS // 5) + "zzz " * 400  # past the cap, "zzz" (which matches nothing) is never looked at
    layout = client.get("/_dash-layout", query_string={"page_path": "/", "page_search": "?q=" + words})
    assert layout.status_code == 200 and b"road_deaths" in layout.data
    box = by_id(layout.get_json(), "title-search")
    assert box is not None and box["props"]["value"] == words[:MAX_SEARCH_CHARS]  # the search box holds the cut search
    cards = callbacks.cards_view(frozen_state, None, words)
    assert "road_deaths" in json.dumps(cards, default=lambda c: c.to_plotly_json())


# ---------------------------------------------------------------- renderer failures, said shortly


class _Failing:
    def render(self, assessment: Any, indicator_id: str, *_args: Any, **_options: Any) -> bytes:
        raise ImportError("cannot import name '_KaleidoTab' from partially initialized module 'kaleido._kaleido_tab'")


def test_a_renderer_failure_is_a_short_message_in_the_readers_language(frozen_state: Any, caplog: pytest.LogCaptureFixture) -> None:
    with use_language("ru"):
        download, message = callbacks.png_view(frozen_state, "road_deaths", _Failing())
    assert download is no_update and "PNG" in message and "_KaleidoTab" not in message and "import" not in message
    assert any(c in message for c in "абвгдеёжзийклмнопрстуфхцчшщыьэюя")
    assert any("_KaleidoTab" in (r.exc_text or "") or r.exc_info for r in caplog.records)  # the detail is in the log


# ---------------------------------------------------------------- briefings: off the request threads, cached, limited


def test_the_client_limit_counts_per_client_within_its_window() -> None:
    now = [0.0]
    limit = ClientLimit(2, 60, clock=lambda: now[0])
    assert [limit.allow("a"), limit.allow("a"), limit.allow("a"), limit.allow("b")] == [True, True, False, True]
    now[0] = 59.9
    assert not limit.allow("a")
    now[0] = 60.1
    assert limit.allow("a")


def test_a_repeat_briefing_is_served_from_the_cache_and_a_flood_is_limited(frozen_state: Any) -> None:
    made: list[tuple[str, ...]] = []
    now = [0.0]

    def make(assessment: Any, ids: list[str], **_: Any) -> bytes:
        made.append((assessment.lang, *ids))
        return b"%PDF fake " + assessment.lang.encode()

    service = BriefingService(make, limit=ClientLimit(3, 60, clock=lambda: now[0]))
    first = service.request(frozen_state.snapshot, "en", ["road_deaths"], "all", "10.0.0.1")
    assert first.status in ("pending", "ready") and service.wait(30)
    again = [service.request(frozen_state.snapshot, "en", ["road_deaths"], "all", "10.0.0.1") for _ in range(20)]
    assert all(o.status == "ready" and o.data == b"%PDF fake en" for o in again) and len(made) == 1  # one render, cached
    assert service.request(frozen_state.snapshot, "ru", ["road_deaths"], "all", "10.0.0.1").status in ("pending", "ready")
    assert service.request(frozen_state.snapshot, "en", ["road_deaths", "x"], "two", "10.0.0.1").status in ("pending", "ready")
    assert service.request(frozen_state.snapshot, "en", ["y"], "three", "10.0.0.1").status == "limited"  # a fourth new one
    assert service.request(frozen_state.snapshot, "en", ["y"], "three", "10.0.0.2").status in ("pending", "ready")  # another client
    assert service.wait(30)
    service.close()


def test_a_briefing_is_never_made_on_the_request_thread(frozen_state: Any) -> None:
    threads: list[str] = []

    def make(assessment: Any, ids: list[str], **_: Any) -> bytes:
        threads.append(threading.current_thread().name)
        return b"%PDF"

    service = BriefingService(make)
    service.request(frozen_state.snapshot, "en", ["road_deaths"], "which thread", "c")
    assert service.wait(30) and threads and threads[0].startswith("briefing") and threads[0] != threading.current_thread().name
    service.close()


COLD = """
import sys, threading
from dashboard.web.app import create_app
from dashboard.web import callbacks
from dashboard.web.components import EXTENSION
app = create_app(sys.argv[1], settle_seconds=0)
ctx = app.server.extensions[EXTENSION]
state = ctx.store.state()
out = {}
barrier = threading.Barrier(2)
def png():
    barrier.wait()
    out["png"] = callbacks.png_view(state, "road_deaths", ctx.exporter)[1]
def brief():
    barrier.wait()
    ctx.briefings.request(state.snapshot, "en", ["road_deaths"], "all", "c")
    ctx.briefings.wait(240)
    out["brief"] = ctx.briefings.request(state.snapshot, "en", ["road_deaths"], "all", "c").status
threads = [threading.Thread(target=f) for f in (png, brief)]
[t.start() for t in threads]
[t.join() for t in threads]
ctx.exporter.close()
print(out["png"])
print(out["brief"])
"""


@pytest.mark.slow
def test_a_png_and_a_briefing_asked_at_once_of_a_cold_worker_both_succeed(frozen_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", COLD, str(frozen_path)], capture_output=True, text=True, timeout=300, cwd=ROOT)
    png, brief = done.stdout.strip().splitlines()[-2:]
    assert png.startswith("road_deaths.png: ") and png.endswith("KB"), done.stdout + done.stderr[-2000:]
    assert brief == "ready", done.stdout + done.stderr[-2000:]
    assert "ImportError" not in done.stderr


def test_the_load_benchmark_reports_p50_and_p95_per_kind(tmp_path: Path) -> None:
    from benchmarks.locust_load import KINDS, read_stats, table

    stats = tmp_path / "stats.csv"
    header = "Type,Name,Request Count,Failure Count,Median Response Time,50%,95%,Max Response Time\n"
    rows = "".join(f"GET,{kind},10,0,20,20,90,120.4\n" for kind in (*KINDS, "briefing step")) + ",Aggregated,70,1,20,20,95,130\n"
    stats.write_text(header + rows)
    lines = table(read_stats(stats)).splitlines()
    assert [line.split(" | ")[0].lstrip("| ") for line in lines[2:]] == [*KINDS, "Aggregated"]  # the steps of a briefing are not a kind
    assert lines[-1] == "| Aggregated | 70 | 1 | 20 | 95 | 130 |"


def test_briefings_of_other_selections_draw_only_the_charts_not_drawn_before(frozen_state: Any) -> None:
    drawn: list[str] = []

    def make(assessment: Any, ids: list[str], *, chart_cache: Any, **_: Any) -> bytes:
        for ident in ids:
            chart_cache(ident, lambda ident=ident: drawn.append(ident) or b"<svg/>")
        return b"%PDF"

    service = BriefingService(make)
    snapshot = frozen_state.snapshot
    service.request(snapshot, "en", ["road_deaths", "road_death_rate"], "road", "c")
    assert service.wait(30)
    service.request(snapshot, "en", ["road_deaths", "cyber_damage"], "mixed", "c")
    service.request(snapshot, "ru", ["road_deaths"], "road ru", "c")
    assert service.wait(30)
    assert sorted(drawn) == ["cyber_damage", "road_death_rate", "road_deaths", "road_deaths"]  # once per indicator and language
    service.close()
