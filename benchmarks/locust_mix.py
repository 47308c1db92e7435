"""The locust users of the load benchmark (`python -m benchmarks.locust_load`): visitors browsing the dashboard.

Run by locust in its own environment (.venv-load, benchmarks/requirements-load.txt): locust needs urllib3 2,
the app's environment holds urllib3 1.26 for selenium. This file imports only locust, the standard library
and benchmarks.wire (standard library only), never the dashboard.

Each visitor (half of them read Russian) opens a page as a browser does: the page's HTML, `/_dash-layout`
naming the page, `/_dash-dependencies`, an indicator page's second request (what lies below its chart), a
registry poll; then, as a reader would now and then, follows a link inside the app (the page callback),
searches the overview (the cards callback), downloads a CSV, a PNG or a briefing. A briefing is timed from
the click to the PDF (the page asks again each second until the PDF is ready: web/briefings.py). Between
visits a visitor reads for 1 to 3 seconds. Request names are the kinds RESULTS.md reports.
"""

from __future__ import annotations

import json
import random
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.wire import UPDATE, by_id, callback_payload, dependency, details_payload, page_payload, poll_payload  # noqa: E402

# component ids of dashboard/web/ids.py (not imported: this environment has no dashboard dependencies)
BRIEFING_DOWNLOAD, BRIEFING_BUTTON, BRIEFING_POLL = "briefing-download", "briefing-button", "briefing-poll"
PNG_DOWNLOAD, PNG_BUTTON, INDICATOR_ID = "png-download", "png-button", "indicator-id"
OVERVIEW_CARDS, AREA_FILTER, TITLE_SEARCH, LOCATION = "overview-cards", "area-filter", "title-search", "_pages_location"
SEARCHES = ["road", "deaths", "crime", "cyber", "juvenile", "дтп", "преступ", "rate 2030"]
BRIEFING_SECONDS = 60.0  # a briefing not ready by then is a failure
NOTHING_TO_DRAW = {"": "Nothing to export", "?lang=ru": "Экспортировать нечего"}


def _ok(response: Any, needle: bytes = b"") -> None:
    if response.status_code not in (200, 204) or (response.status_code == 200 and needle not in response.content):
        response.failure(f"HTTP {response.status_code}: {response.content[:120]!r}")


class Visitor(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.rng = random.Random()
        self.search = "?lang=ru" if self.rng.random() < 0.5 else ""
        status = self.client.get("/api/registry", name="api").json()
        self.indicators: list[str] = status["indicators"]
        self.version, self.token = status["version"], status["token"].split(":", 1)[1]
        self.paths = ["/", "/", "/claims", "/sources", *(f"/indicator/{i}" for i in self.indicators)]
        self.dependencies = self.client.get("/_dash-dependencies", name="layout").json()
        self.areas = ["all", "road_safety", "cybercrime", "juvenile_crime"]

    def post(self, body: dict, name: str, needle: bytes = b"") -> Any:
        with self.client.post(UPDATE, json=body, name=name, catch_response=True) as response:
            _ok(response, needle)
            return response

    def callback(self, output_id: str, values: dict[str, Any], changed: list[str]) -> dict:
        return callback_payload(dependency(self.dependencies, output_id), {f"{LOCATION}.search": self.search, **values}, changed)

    @task
    def visit(self) -> None:
        path = self.rng.choice(self.paths)
        with self.client.get(path + self.search, name="page", catch_response=True) as response:
            _ok(response, b"<html")
        query = urllib.parse.urlencode({"page_path": path, "page_search": self.search})
        with self.client.get("/_dash-layout?" + query, name="layout", catch_response=True) as response:
            _ok(response, b"registry-version")
            tree = response.json() if response.status_code == 200 else {}
        self.client.get("/_dash-dependencies", name="layout")
        details = details_payload(path, self.search)
        if details is not None:
            self.post(details, "callback", b"indicator-details")
        version = (by_id(tree, "registry-version") or {}).get("props", {}).get("data", self.version)
        self.post(poll_payload(version, "ok", 1, self.search), "callback")
        roll = self.rng.random()
        if roll < 0.3:
            self.post(page_payload(self.rng.choice(self.paths), self.search), "callback", b"_pages_content")
        elif roll < 0.5:
            values = {f"{AREA_FILTER}.value": self.rng.choice(self.areas), f"{TITLE_SEARCH}.value": self.rng.choice(SEARCHES)}
            values[f"{'registry-version'}.data"] = version
            self.post(self.callback(OVERVIEW_CARDS, values, [f"{TITLE_SEARCH}.value"]), "callback", b"overview-cards")
        elif roll < 0.65:
            name = self.rng.choice([*(f"/indicator/{i}.csv" for i in self.indicators), "/download/observations.csv"])
            with self.client.get(name, name="csv", catch_response=True) as response:
                _ok(response, b"year" if "indicator" in name else b"indicator")
        elif roll < 0.68:
            ident = self.rng.choice(self.indicators)
            body = self.callback(PNG_DOWNLOAD, {f"{PNG_BUTTON}.n_clicks": 1, f"{INDICATOR_ID}.data": ident}, [f"{PNG_BUTTON}.n_clicks"])
            with self.client.post(UPDATE, json=body, name="png", catch_response=True) as response:
                # an indicator with no values yet has nothing to draw: the page says so, and that is no failure
                said = NOTHING_TO_DRAW[self.search]
                answered = b'"png-download"' in response.content or any(
                    form in response.content for form in (said.encode(), json.dumps(said)[1:-1].encode())
                )
                if response.status_code != 200 or not answered:
                    response.failure(f"HTTP {response.status_code}: {response.content[:160]!r}")
        elif roll < 0.72:
            self.briefing()

    def briefing(self) -> None:
        """Click, then ask each second as the page does, until the PDF comes: one timed 'briefing' request."""
        area = self.rng.choice(self.areas)
        started = time.perf_counter()
        values = {f"{BRIEFING_BUTTON}.n_clicks": 1, f"{BRIEFING_POLL}.n_intervals": None, f"{AREA_FILTER}.value": area}
        values[f"{TITLE_SEARCH}.value"] = ""
        body = self.callback(BRIEFING_DOWNLOAD, values, [f"{BRIEFING_BUTTON}.n_clicks"])
        error, size, n = None, 0, 0
        while True:
            response = self.client.post(UPDATE, json=body, name="briefing step")
            if response.status_code != 200:
                error = f"HTTP {response.status_code}"
                break
            answer = json.loads(response.content)["response"]
            if BRIEFING_DOWNLOAD in answer:
                size = len(response.content)
                break
            if answer.get(BRIEFING_POLL, {}).get("disabled", True):
                error = f"refused: {answer.get('briefing-message', {}).get('children')}"
                break
            if time.perf_counter() - started > BRIEFING_SECONDS:
                error = "not ready in time"
                break
            time.sleep(1.0)  # the page's dcc.Interval
            n += 1
            values[f"{BRIEFING_POLL}.n_intervals"] = n
            body = self.callback(BRIEFING_DOWNLOAD, values, [f"{BRIEFING_POLL}.n_intervals"])
        events.request.fire(
            request_type="POST",
            name="briefing",
            response_time=(time.perf_counter() - started) * 1000,
            response_length=size,
            exception=RuntimeError(error) if error else None,
            context={},
        )
