"""Every mark the tracking chart draws is visible, says only what the data say, and every claim is on it."""

from __future__ import annotations

import pytest

from dashboard.engine.assessment import Assessment
from dashboard.engine.progress import Point
from dashboard.engine.vocabulary import COURSE_COLOURS, RESULT_COLOURS
from dashboard.outputs.figures import tracking_figure
from dashboard.outputs.figures.gaps import gapped, missing_spans

CHARTS = ["road_deaths", "road_death_rate", "juvenile_crimes", "cybercrime_solve_rate", "it_crimes_registered"]
INVISIBLE = {"white", "#fff", "#ffffff", "transparent", "rgba(0,0,0,0)", "rgba(255,255,255,0)", "rgba(255,255,255,1)"}


def _invisible(colour) -> bool:
    if colour is None:
        return False
    values = colour if isinstance(colour, (list, tuple)) else [colour]
    return any(str(c).replace(" ", "").lower() in INVISIBLE for c in values)


@pytest.mark.parametrize("indicator", CHARTS)
def test_no_drawn_marker_or_line_is_white_or_transparent(frozen_assessment: Assessment, indicator: str) -> None:
    fig = tracking_figure(frozen_assessment.registry, frozen_assessment.views[indicator])
    assert fig.layout.plot_bgcolor in (None, "white") or fig.layout.template.layout.plot_bgcolor == "white"
    for t in fig.data:
        mode = t.mode or ""
        if "markers" in mode:
            # an "-open" symbol draws its outline in marker.color: white there is an invisible mark and legend symbol
            assert t.marker.color is not None and not _invisible(t.marker.color), (t.meta, t.marker.color)
            if t.marker.line and t.marker.line.width:
                assert not _invisible(t.marker.line.color) or not str(t.marker.symbol).endswith("-open"), t.meta
        if "lines" in mode:
            assert not _invisible(t.line.color), t.meta


@pytest.mark.parametrize("indicator", CHARTS)
def test_no_published_change_is_drawn_on_the_level_axis(frozen_assessment: Assessment, indicator: str) -> None:
    view = frozen_assessment.views[indicator]
    fig = tracking_figure(frozen_assessment.registry, view)
    changes = {(p.year, p.value) for p in view.published_changes}
    levels = {(p.year, p.value) for p in view.points if p.kind == "level"}
    for t in fig.data:
        if (t.meta or "").startswith("claim"):
            continue
        drawn = {(x, y) for x, y in zip(t.x or (), t.y or ()) if x is not None}
        assert not (drawn & (changes - levels)), t.meta
    if view.published_changes:
        assert any(a.name == "changes" for a in fig.layout.annotations)  # listed above the plot instead


@pytest.mark.parametrize("indicator", CHARTS)
def test_no_line_joins_years_more_than_one_apart_or_across_a_break(frozen_assessment: Assessment, indicator: str) -> None:
    view = frozen_assessment.views[indicator]
    fig = tracking_figure(frozen_assessment.registry, view)
    breaks = {b.year for b in view.indicator.breaks}
    for t in fig.data:
        if "lines" not in (t.mode or "") or (t.meta or "").startswith(("required", "projected", "claim-span", "disputed")):
            continue
        assert t.connectgaps in (None, False)
        for a, b in zip(t.x, t.x[1:]):
            if a is not None and b is not None:
                assert b - a <= 1 and not any(a < y <= b for y in breaks), (t.meta, a, b)


def test_missing_years_are_a_labelled_no_data_span_and_the_break_splits_the_line(frozen_assessment: Assessment) -> None:
    view = frozen_assessment.views["road_deaths"]
    fig = tracking_figure(frozen_assessment.registry, view)
    spans = missing_spans(list(view.yearly.values()))
    assert spans
    assert len([s for s in fig.layout.shapes if s.name == "no-data"]) == len(spans)
    assert sum(1 for a in fig.layout.annotations if a.name == "no-data" and a.text == "no data") == len(spans)
    line = next(t for t in fig.data if t.meta == "line")
    i = list(line.x).index(2011)
    assert line.x[i - 1] is None


@pytest.mark.parametrize(
    ("years", "breaks", "expected"),
    [
        ([2019, 2020, 2021], set(), [2019, 2020, 2021]),
        ([2006, 2009], set(), [2006, None, 2009]),
        ([2010, 2011], {2011}, [2010, None, 2011]),
        ([2010, 2012], {2011}, [2010, None, 2012]),
        ([2024], set(), [2024]),
    ],
)
def test_gapped_puts_none_where_the_line_must_not_join(years: list[int], breaks: set[int], expected: list) -> None:
    assert gapped([Point(y, 1.0) for y in years], breaks)[0] == expected


@pytest.mark.parametrize("indicator", [i for i in CHARTS])
def test_every_claim_of_the_indicator_is_drawn_in_its_verdicts_colour(frozen_assessment: Assessment, indicator: str) -> None:
    view = frozen_assessment.views[indicator]
    fig = tracking_figure(frozen_assessment.registry, view)
    drawn = {t.meta.removeprefix("claim:"): t for t in fig.data if (t.meta or "").startswith("claim:")}
    bracketed = {s.name.removeprefix("claim:"): s for s in fig.layout.shapes if (s.name or "").startswith("claim:")}
    labels = {a.name.removeprefix("claim:") for a in fig.layout.annotations if (a.name or "").startswith("claim:")}
    keys = [t for t in fig.data if t.meta == "claim-key"]
    for claim, check in view.claims:
        colour = COURSE_COLOURS[check.course] if check.result == "in_works" and check.course else RESULT_COLOURS[check.result]
        assert claim.id in drawn or claim.id in bracketed, claim.id
        shown = drawn[claim.id].marker.color if claim.id in drawn else bracketed[claim.id].line.color
        assert shown == colour
        assert claim.id in labels
        if check.by_stand_in and claim.id in drawn and drawn[claim.id].marker.symbol != "line-ew":
            assert str(drawn[claim.id].marker.symbol).endswith("-open")  # a stand-in is an outline, not a colour
    # one key per verdict drawn, none for a verdict not drawn
    assert len(keys) == len({t.name for t in keys}) == len({(c.result, c.course, c.by_stand_in) for _c, c in view.claims})


def test_a_claim_label_says_the_verdict_and_the_claimed_value_with_its_unit(frozen_assessment: Assessment) -> None:
    view = frozen_assessment.views["cybercrime_solve_rate"]
    fig = tracking_figure(frozen_assessment.registry, view)
    (claim, check), *_ = view.claims
    label = next(a.text for a in fig.layout.annotations if a.name == f"claim:{claim.id}")
    assert label.startswith(check.result if check.result != "in_works" else "in the works") and "%" in label


@pytest.mark.parametrize(
    ("value", "qualifier", "decimals", "unit", "expected"),
    [
        (40.0, "~", 1, "%", "about 40%"),
        (42500.0, "~", 0, "", "about 42,500"),
        (13900.0, ">", 0, "deaths", "more than 13,900 deaths"),
        (0.5, "<", 3, "", "less than 0.5"),
        (9.86, "=", 1, "per 100k", "9.86 per 100k"),
        (40.0, "=", 1, "%", "40.0%"),
    ],
)
def test_a_spoken_figure_keeps_its_own_digits_never_padded(value: float, qualifier: str, decimals: int, unit: str, expected: str) -> None:
    from dashboard.formatting import qualified

    assert qualified(value, qualifier, decimals, unit) == expected


TREND = """  - id: it_crimes_up_every_year
    indicator: it_crimes_registered
    source: kremlin-2025-03-05
    kind: trend
    from_year: {first}
    to_year: {last}
    direction: up
    quote: "Particularly since last year, unfortunately, their number, as you are aware, increased"
"""


@pytest.mark.parametrize(("first", "last"), [(2019, 2021), (2020, 2023), (2010, 2013)])
def test_a_trend_claim_is_drawn_along_its_span_with_its_label(registry_copy, first: int, last: int) -> None:
    from dashboard.engine.assessment import build
    from dashboard.registry import load_registry

    text = registry_copy.read_text(encoding="utf-8")
    registry_copy.write_text(text.replace("\nclaims:\n", "\nclaims:\n" + TREND.format(first=first, last=last), 1), encoding="utf-8")
    assessment = build(load_registry(registry_copy))
    view = assessment.views["it_crimes_registered"]
    check = dict((c.id, k) for c, k in view.claims)["it_crimes_up_every_year"]
    fig = tracking_figure(assessment.registry, view)
    colour = RESULT_COLOURS[check.result]
    label = next(a.text.replace("<br>", " ") for a in fig.layout.annotations if a.name == "claim:it_crimes_up_every_year")
    assert f"{first}–{last}" in label and "every year" in label
    mark = [t for t in fig.data if t.meta == "claim:it_crimes_up_every_year"]
    if view.yearly.get(first) is None:  # no value to place it by: a bracket over its span along the top
        bracket = next(s for s in fig.layout.shapes if s.name == "claim:it_crimes_up_every_year")
        assert (bracket.x0, bracket.x1, bracket.line.color) == (first, last, colour) and mark == []
        return
    (mark,) = mark
    assert mark.x == (last,) and mark.marker.color == colour and mark.marker.symbol == "arrow-up"
    (path,) = [t for t in fig.data if t.meta == "claim-span:it_crimes_up_every_year"]
    # the join runs through each year of the span that has a value, so each step the claim makes is on the chart
    assert list(path.x) == [y for y in range(first, last + 1) if view.yearly.get(y) is not None]
    assert list(path.y) == [view.yearly[y].value for y in path.x]


@pytest.mark.parametrize("small", [False, True])
@pytest.mark.parametrize("indicator_id", ["road_deaths", "juvenile_crimes", "it_crimes_registered", "cybercrime_solve_rate"])
def test_a_claim_label_reaches_into_the_chart_from_its_mark(frozen_assessment: Assessment, indicator_id: str, small: bool) -> None:
    """A label at a mark in the left half of the years runs rightwards, in the right half leftwards: none runs past an edge."""
    view = frozen_assessment.views[indicator_id]
    fig = tracking_figure(frozen_assessment.registry, view, small=small)
    labels = [a for a in fig.layout.annotations if (a.name or "").startswith("claim:")]
    assert labels
    years = [x for t in fig.data for x in (t.x or ()) if isinstance(x, (int, float))]
    middle = (min(years) + max(years)) / 2
    for a in labels:
        if a.x < middle:
            assert a.xanchor == "left" and (not a.showarrow or a.ax > 0), a.text
        elif a.x > middle:
            assert a.xanchor == "right" and (not a.showarrow or a.ax < 0), a.text
        assert all(len(line) <= (26 if small else 34) for line in a.text.split("<br>"))
