"""One assessment per indicator: every consumer tells the same story.

Each shipped indicator, and a registry built for the case that once split the consumers (a
baseline value given to `road_death_rate`'s `strategy_2024`, its third target), is run through
every consumer: the indicator page's tiles, the chart's subtitle, the overview card, the exported
file's metadata, `summary --format json` and `summary --format csv`. The headline target, its
status and the latest value must read the same in all of them.
"""

from __future__ import annotations

import csv
import datetime as dt
import html as html_lib
import io
import json
from typing import Any

import pytest

from dashboard import i18n
from dashboard.engine.assessment import Assessment, IndicatorView, build
from dashboard.formatting import change_text, qualified
from dashboard.outputs.export import export_figure, file_metadata
from dashboard.outputs.export.layout import subtitle_text
from dashboard.outputs.summary import as_csv, as_json
from dashboard.outputs.wording import status_line
from dashboard.registry.models import Baseline
from dashboard.web.pages import indicator as indicator_page
from dashboard.web.pages import overview_cards
from dashboard.web.store import Snapshot, State

from .test_app_callbacks import find, strings, walk


def _split_case(registry):
    """The issue's reproduction, kept assessable-but-not-first: `strategy_2024` gets a baseline value and the first
    target a baseline year without a value (both synthetic, for this test only)."""
    rate = registry.indicator("road_death_rate")
    changes = {"strategy_2024": Baseline(year=2017, value=12.0), "speech_2030": Baseline(year=2001)}
    targets = [t.model_copy(update={"baseline": changes[t.id]}) if t.id in changes else t for t in rate.targets]
    changed = rate.model_copy(update={"targets": targets})
    return registry.model_copy(update={"indicators": [changed if i.id == rate.id else i for i in registry.indicators]})


@pytest.fixture(scope="module", params=["shipped", "split"])
def assessed(request, frozen_registry) -> Assessment:
    registry = frozen_registry if request.param == "shipped" else _split_case(frozen_registry)
    return build(registry)


def _state(assessment: Assessment) -> State:
    return State(Snapshot(assessment.registry, assessment, dt.datetime.now(dt.UTC)))


def _text(node: Any) -> str:
    return " ".join(strings(node))


def test_the_split_case_has_a_headline_that_is_not_the_first_target(frozen_registry) -> None:
    view = build(_split_case(frozen_registry)).views["road_death_rate"]
    assert view.targets[0].result.status == "insufficient_data"
    assert view.headline is not None and view.headline.target.id != view.targets[0].target.id
    assert view.headline.result.status != "insufficient_data"


def test_every_consumer_names_the_same_headline_status_and_latest_value(assessed: Assessment) -> None:
    state = _state(assessed)
    summary = {i["id"]: i for i in json.loads(as_json(assessed))["indicators"]}
    csv_rows = list(csv.DictReader(io.StringIO(as_csv(assessed).removeprefix("\ufeff"))))
    for view in assessed:
        ind, head, latest = view.indicator, view.headline, view.latest
        latest_text = qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short) if latest else "no data"

        page = indicator_page.body(state, view.id)
        assert _text(find(page, "latest-value")) == latest_text
        card = overview_cards.card_data(view)
        assert card.latest == latest_text and card.latest_year == (str(latest.year) if latest else "")
        data = summary[view.id]
        assert data["latest"] == (
            {"year": latest.year, "value": latest.value, "qualifier": latest.qualifier, "source": latest.source} if latest else None
        )

        assert _text(find(page, "status-line")) == status_line(view)  # the sentence above the chart
        export = export_figure(assessed, view.id)
        assert html_lib.unescape(export.layout.title.subtitle.text).replace("<br>", " ") == subtitle_text(view, ind.unit)
        assert subtitle_text(view, ind.unit).endswith(f". {status_line(view)}")
        assert file_metadata(assessed, view.id)["Description"].startswith(f"{ind.unit}. {status_line(view)} ")
        assert data["status_line"] == status_line(view)

        rows = [r for r in csv_rows if r["indicator"] == view.id]
        if head is None:
            assert data["headline_target"] is None
            assert any("status-none" in (getattr(c, "className", "") or "") for c in walk(overview_cards.card(state.snapshot, view)))
            continue
        assert head.label in status_line(view)
        assert _text(find(page, "headline-status")) == head.label
        assert any(s[1].startswith(head.label) and head.name in s[1] for s in card.statuses)
        assert data["headline_target"] == head.target.id
        assert [t["id"] for t in data["targets"] if t["headline"]] == [head.target.id]
        assert next(t for t in data["targets"] if t["headline"])["status"] == head.label
        assert [r["target"] for r in rows if r["headline"] == "true"] == [head.target.id]
        assert next(r for r in rows if r["headline"] == "true")["unsd_status"] == head.label


def test_a_status_that_spans_a_bound_reads_as_the_range_everywhere(frozen_assessment: Assessment) -> None:
    road = frozen_assessment.views["road_deaths"]
    escap = road.target("strategy_2036").result.methods["escap"]
    assert {escap.status_low, escap.status_high} == {"limited", "fair"} and escap.label == "limited to fair progress"
    rows = [r for r in csv.DictReader(io.StringIO(as_csv(frozen_assessment).removeprefix("\ufeff"))) if r["target"] == "strategy_2036"]
    assert [r["escap_status"] for r in rows] == ["limited to fair progress"]
    data = next(i for i in json.loads(as_json(frozen_assessment))["indicators"] if i["id"] == "road_deaths")
    assert next(t for t in data["targets"] if t["id"] == "strategy_2036")["statuses"]["escap"]["label"] == "limited to fair progress"
    page = indicator_page.body(_state(frozen_assessment), "road_deaths", details=True)
    assert "limited to fair progress" in strings(find(page, "status-table"))


@pytest.mark.parametrize(
    ("latest", "start", "unit", "expected"),
    [
        # exact values: one figure
        (("=", 13000), ("=", 14504), "deaths", "−10.4%"),
        # "more than 13,900" (13,900-14,000) against exactly 14,504: a range, never "> −4.2%"
        ((">", 13900), ("=", 14504), "deaths", "−4.2% to −3.5%"),
        # from "more than 20" (20-30): the change is bounded at both ends
        (("=", 9.5), (">", 20), "per 100k", "−68.3% to −52.5%"),
        # a share changes in percentage points: "about 40%" (35-45, half its rounding unit of 10) against exactly 14.5%
        (("~", 40), ("=", 14.5), "%", "+20.5 pp to +30.5 pp"),
    ],
)
def test_change_figures_honour_qualifiers_and_units(latest, start, unit, expected) -> None:
    from dashboard.engine.assessment import _change
    from dashboard.engine.progress import Point
    from dashboard.registry.models import Indicator

    ind = Indicator(id="x", title="X", area="a", unit="u", unit_short=unit, description="d", direction="lower_is_better")
    yearly = {2020: Point(2020, start[1], start[0]), 2024: Point(2024, latest[1], latest[0])}
    change, note = _change(ind, yearly, None)
    assert not note and change is not None and change.text == expected
    assert change.reference == "first value"


def test_change_text_rounds_before_it_compares() -> None:
    assert change_text(-4.21, -4.24, "%") == "−4.2%"
    assert change_text(-0.01, 0.01, "pp") == "±0.0 pp"


def test_the_headline_rule(frozen_assessment: Assessment) -> None:
    """The first target with a status other than insufficient data; else the first target; no target, no headline."""
    for view in frozen_assessment:
        heads = [t for t in view.targets if t.headline]
        if not view.targets:
            assert heads == []
            continue
        assert len(heads) == 1
        assessable = [t for t in view.targets if t.result.status != "insufficient_data"]
        assert heads[0] is (assessable[0] if assessable else view.targets[0])


def test_views_are_what_consumers_read(frozen_assessment: Assessment) -> None:
    view: IndicatorView = frozen_assessment.views["road_deaths"]
    assert view.latest == next(reversed(view.yearly.values()))
    assert view.results == {t.target.id: t.result for t in view.targets}
    assert {c.id for c, _ in view.claims} == {c.id for c in frozen_assessment.registry.claims if c.indicator == "road_deaths"}
    assert set(view.sources) >= {p.source for p in view.points} | {t.source for t in view.indicator.targets}


@pytest.mark.parametrize(
    ("lang", "value", "derivation", "baseline"),
    [
        ("en", "9,669 deaths by 2030", "= 14,504 (2023) ÷ 1.5; the source states 9,900", "14,504 deaths (2023)"),
        (
            "ru",
            "9\u00a0669\u00a0погибших к 2030 году",
            "= 14\u00a0504 (2023) ÷ 1,5; в источнике — 9\u00a0900",
            "14\u00a0504\u00a0погибших (2023)",
        ),
    ],
)
def test_a_ratio_target_shows_its_value_with_the_unit_its_derivation_and_the_source_s_own_figure(
    frozen_registry, lang: str, value: str, derivation: str, baseline: str
) -> None:
    assessment = build(frozen_registry.in_language(lang), lang=lang)
    with i18n.use_language(lang):
        table = strings(find(indicator_page.body(_state(assessment), "road_deaths", details=True), "status-table"))
        card = " ".join(strings(find(indicator_page.body(_state(assessment), "road_deaths", details=True), "target-strategy_2030")))
    assert value in table and derivation in table and baseline in table
    assert derivation in card
    assert "= " not in " ".join(t for t in table if "9\u00a0700" in t or "9,700" in t)  # an absolute target has no derivation
