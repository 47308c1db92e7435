"""Every entry of the bad-input catalogue, loaded into a running app: the banner says where and what, the last good registry stays.

In-process (Flask's test client, no browser): the shell layout, the registry poll callback and the
page-routing callback answer as they answer a browser. Expectations come from
tests/fixtures/invalid/EXPECTED.csv, the same table the loader tests use.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from benchmarks.wire import by_id, components, page_payload, poll_payload, text
from dashboard.registry import RegistryError, parse_registry
from dashboard.web.app import create_app

INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
ROWS = list(csv.DictReader((INVALID / "EXPECTED.csv").open(encoding="utf-8")))
UPDATE = "/_dash-update-component"
# the catalogue's synthetic base: unknown_area.yaml is it with one area changed; the title carries a version marker
BASE_TITLE = "title: Catalogue base (synthetic test data)"


def base_text(version: int) -> str:
    text_ = (INVALID / "unknown_area.yaml").read_text(encoding="utf-8")
    assert text_.count("area: cyber_crime") == 1 and text_.count(BASE_TITLE) == 1
    return text_.replace("area: cyber_crime", "area: road_safety").replace(BASE_TITLE, f"title: Catalogue base v{version}")


def banner_lines(tree: object) -> list[str]:
    """The problem lines of a banner: the text of its <code> elements, which must be plain strings."""
    codes = [c for c in components(tree) if c["type"] == "Code"]
    assert all(isinstance(c["props"]["children"], str) for c in codes), codes
    return [c["props"]["children"] for c in codes]


class App:
    """One app over one registry file, asked as a browser asks."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.client = create_app(path, settle_seconds=0).server.test_client()

    def layout(self) -> tuple[str, str, list[str], str]:
        """(version, problems token, banner lines, footer) of the page shell."""
        reply = self.client.get("/_dash-layout")
        assert reply.status_code == 200
        tree = reply.get_json()
        banner = by_id(tree, "registry-banner")
        assert banner is not None
        return (
            by_id(tree, "registry-version")["props"]["data"],
            by_id(tree, "registry-problems-token")["props"]["data"],
            banner_lines(banner),
            by_id(tree, "footer-version")["props"]["children"],
        )

    def poll(self, version: str, token: str) -> dict:
        """What the registry poll sends back to a page showing (version, token); {} when nothing changed."""
        reply = self.client.post(UPDATE, json=poll_payload(version, token))
        assert reply.status_code in (200, 204)
        return reply.get_json()["response"] if reply.status_code == 200 else {}

    def overview_title(self) -> str:
        reply = self.client.post(UPDATE, json=page_payload("/"))
        assert reply.status_code == 200
        page = reply.get_json()["response"]["_pages_content"]["children"]
        return next(text(c)[0] for c in components(page) if c["type"] == "H1")


def test_the_base_is_valid() -> None:
    registry = parse_registry(base_text(1).encode(), "indicators.yaml", INVALID)
    assert registry.meta.title == "Catalogue base v1"


def _id(row: dict) -> str:
    return row["fixture"].removesuffix(".yaml")


@pytest.mark.parametrize("row", ROWS, ids=_id)
def test_a_bad_edit_shows_its_located_problem_and_keeps_the_last_good(row: dict, tmp_path: Path) -> None:
    shutil.copytree(INVALID / "data", tmp_path / "data")
    path = tmp_path / row["fixture"]  # the fixture's own name, so that problems name the file as EXPECTED.csv does
    path.write_text(base_text(1), encoding="utf-8")
    app = App(path)
    version, token, lines, footer = app.layout()
    assert (token, lines) == ("ok", [])
    assert app.overview_title() == "Catalogue base v1"

    path.write_bytes((INVALID / row["fixture"]).read_bytes())
    with pytest.raises(RegistryError):  # the app must agree with the loader
        parse_registry(path.read_bytes(), path.name, tmp_path)
    place = f"{row['file'] or row['fixture']}:{row['line']}:{row['col']}: "

    bad_version, bad_token, lines, bad_footer = app.layout()
    assert (bad_version, bad_footer) == (version, footer), "the last good registry is no longer shown"
    assert bad_token != "ok"
    assert [line for line in lines if line.startswith(place) and row["message"] in line], lines
    assert all(re.match(r"^\S+:\d+:\d+: \S", line) and "\n" not in line for line in lines), lines
    assert "Traceback" not in "".join(lines)
    assert app.overview_title() == "Catalogue base v1"

    # a page that was open before the edit: its poll brings the same banner and leaves the version alone
    update = app.poll(version, "ok")
    assert "registry-version" not in update and update["registry-problems-token"]["data"] == bad_token
    assert banner_lines(update["registry-banner"]["children"]) == lines


def test_broken_then_fixed_clears_the_banner(tmp_path: Path) -> None:
    shutil.copytree(INVALID / "data", tmp_path / "data")
    path = tmp_path / "indicators.yaml"
    path.write_text(base_text(1), encoding="utf-8")
    app = App(path)
    v1, _, _, _ = app.layout()

    path.write_text(base_text(2).replace("        source: stats\n", "        source: stat\n", 1), encoding="utf-8")
    version, token, lines, _ = app.layout()
    assert version == v1 and token != "ok"
    assert [line.split(": ", 1)[0] for line in lines] == ["indicators.yaml:30:17"]
    assert "unknown source 'stat' (did you mean 'stats'?)" in lines[0]
    assert app.overview_title() == "Catalogue base v1"

    path.write_text(base_text(2), encoding="utf-8")
    update = app.poll(v1, token)  # the open page learns both: a new version and no problems
    v2 = update["registry-version"]["data"]
    assert v2 != v1
    assert update["registry-problems-token"]["data"] == "ok"
    assert update["registry-banner"]["children"] == []
    assert f"version {v2[:12]}" in update["footer-version"]["children"]
    assert app.layout()[1:3] == ("ok", [])
    assert app.overview_title() == "Catalogue base v2"
    assert app.poll(v2, "ok") == {}  # settled: the poll has nothing to send
