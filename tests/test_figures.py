"""What the figures draw, trace by trace: nothing more, and nothing less, than the data."""

from __future__ import annotations

import pytest

from dashboard.engine.assessment import Assessment, build
from dashboard.engine.vocabulary import PALETTE
from dashboard.formatting import number
from dashboard.outputs.figures import progress_overview, tracking_figure
from dashboard.outputs.figures.style import year_axis
from dashboard.registry.models import Target


def traces(fig) -> dict[str, object]:
    return {t.meta: t for t in fig.data if t.meta}


@pytest.mark.parametrize("years", [[2023, 2024, 2025, 2026], [2024, 2026], [2004, 2036], [2019], [2010, 2011, 2030]])
def test_year_ticks_are_whole_years_each_once(years: list[int]) -> None:
    axis = year_axis(years)
    ticks = [axis["tick0"] + n * axis["dtick"] for n in range(int((axis["range"][1] - axis["tick0"]) // axis["dtick"]) + 1)]
    assert axis["tickformat"] == "d" and isinstance(axis["dtick"], int) and axis["dtick"] >= 1
    assert len(ticks) == len(set(ticks)) and all(float(t).is_integer() for t in ticks)
    assert axis["range"][0] < min(years) and axis["range"][1] > max(years)


@pytest.mark.parametrize("chosen", [None, "strategy_2030", "mvd_2030", "strategy_2036", "no_such_target"])
def test_the_chosen_target_is_in_colour_the_others_grey_each_with_its_own_mark(frozen_assessment: Assessment, chosen) -> None:
    view = frozen_assessment.views["road_deaths"]
    fig = tracking_figure(frozen_assessment.registry, view, chosen=chosen)
    markers = {t.meta.removeprefix("target:"): t for t in fig.data if (t.meta or "").startswith("target:")}
    assert sorted(markers) == sorted(t.target.id for t in view.targets if t.result.target_value is not None)  # one mark each
    pick = chosen if view.target(chosen or "") else view.headline.target.id
    assert markers[pick].marker.color == PALETTE["vermillion"]
    assert all(m.marker.color == PALETTE["grey"] for i, m in markers.items() if i != pick)
    assert list(markers)[-1] == pick  # drawn last: on top of the grey ones
    assert all(m.showlegend is False for m in markers.values())  # line-end labels instead of legend entries
    assert all(m.text[0].replace("<br>", " ").endswith(number(view.target(i).result.target_value, 0)) for i, m in markers.items())
    a, b = markers["strategy_2030"], markers["mvd_2030"]  # 9,669 and 9,700 in 2030: labels on opposite sides
    assert a.textposition != b.textposition and {a.textposition.split()[0], b.textposition.split()[0]} == {"top", "bottom"}
    for t in fig.data:
        if (t.meta or "").startswith("required:"):
            assert t.line.color == (PALETTE["vermillion"] if t.meta == f"required:{pick}" else PALETTE["grey"])


def test_a_bound_is_a_marker_not_a_bar_and_the_legend_names_only_what_is_drawn(frozen_assessment: Assessment) -> None:
    rate = frozen_assessment.views["road_death_rate"]
    fig = tracking_figure(frozen_assessment.registry, rate)
    drawn = traces(fig)
    more = drawn["more"]
    assert list(more.x) == [p.year for p in rate.yearly.values() if p.qualifier in (">", ">=")] and more.error_y.array is None
    past_due = rate.target("strategy_2024")
    assert past_due.result.due and f"required:{past_due.target.id}" not in drawn  # a missed target has no required path left
    assert f"target:{past_due.target.id}" in drawn  # its mark stays
    assert not [t for t in fig.data if (t.meta or "").startswith(("target:", "required:")) and t.showlegend is not False]


def test_derived_values_and_part_year_values_are_drawn_apart(frozen_assessment: Assessment) -> None:
    rate = frozen_assessment.views["road_death_rate"]
    drawn = traces(tracking_figure(frozen_assessment.registry, rate))
    derived_years = [p.year for p in rate.yearly.values() if p.derived]
    assert derived_years and list(drawn["derived"].x) == derived_years
    solve = frozen_assessment.views["cybercrime_solve_rate"]
    drawn = traces(tracking_figure(frozen_assessment.registry, solve))
    partial = [p for p in solve.points if p.period]
    assert partial and list(drawn["partial"].x) == [p.year for p in partial]
    assert [x for x in drawn["line"].x if x is not None] == list(solve.yearly)  # the line joins full-year values only
    assert all(p.period is None for p in solve.yearly.values())


def test_a_series_break_declared_in_the_registry_is_drawn(frozen_assessment: Assessment) -> None:
    view = frozen_assessment.views["road_deaths"]
    assert [b.year for b in view.indicator.breaks] == [2011]
    fig = tracking_figure(frozen_assessment.registry, view)
    assert [s.x0 for s in fig.layout.shapes if s.x0 == s.x1] == [2010.5]
    assert any("Series break" in (a.text or "") for a in fig.layout.annotations)


def test_the_progress_chart_shows_the_true_share_and_marks_what_is_off_the_scale(frozen_registry) -> None:
    road = frozen_registry.indicator("road_deaths")
    # synthetic (this test only): more deaths as the goal, 15,000 by 2040; the fall since 2023 is −122% of the way
    away = Target(id="away", year=2040, value=15000, source=road.targets[0].source)
    changed = road.model_copy(update={"targets": [*road.targets, away], "direction": "higher_is_better"})
    registry = frozen_registry.model_copy(update={"indicators": [changed if i.id == road.id else i for i in frozen_registry.indicators]})
    assessment = build(registry)
    views = [assessment.views["road_deaths"]]
    fig = progress_overview(views)
    share = traces(fig)["share"]
    rows = fig.layout.meta["rows"]
    assert rows == [f"road_deaths:{t.target.id}" for t in views[0].targets]
    true = [t.result.share_done * 100 if t.result.share_done is not None else None for t in views[0].targets]
    assert all(-50 <= x <= 150 for x in share.x if x is not None)  # the bar stops at the axis ...
    off = [i for i, v in enumerate(true) if v is not None and not -50 <= v <= 150]
    assert off and list(traces(fig)["off-scale"].y) == off  # ... an arrow marks it
    shown = ["–" if v is None else f"{round(v):,}%".replace("-", "−") for v in true]
    assert [c[1] for c in share.customdata] == shown and "−122%" in shown  # and the hover says the true value
    keys = {t.meta.removeprefix("key:") for t in fig.data if (t.meta or "").startswith("key:")}
    assert keys == {t.result.status for t in views[0].targets}  # a colour key for every status drawn


def test_no_progress_row_is_empty_and_the_missed_target_says_by_how_much(frozen_assessment: Assessment) -> None:
    views = list(frozen_assessment.views.values())
    fig = progress_overview(views)
    share = traces(fig)["share"]
    noted = {a.y for a in fig.layout.annotations if (a.name or "").startswith("note:")}
    assert all(x is not None or i in noted for i, x in enumerate(share.x))  # a row without a bar says why
    rate = frozen_assessment.views["road_death_rate"]
    missed = [tv for tv in rate.targets if tv.result.status == "missed"]
    assert missed
    notes = [a.text.replace("<br>", " ") for a in fig.layout.annotations if a.name == "note:missed"]
    tv = missed[0]
    assert any(f"in {tv.target.year} against" in n and "9.86" in n and n.endswith("against 4") for n in notes), notes
    keys = {t.meta.removeprefix("key:") for t in fig.data if (t.meta or "").startswith("key:")}
    drawn = {tv.result.status for v in views for tv in v.targets}
    assert keys == drawn  # a key for every colour drawn, and none other
    assert fig.layout.xaxis2.side == "top" and fig.layout.xaxis2.matches == "x"
    assert list(fig.layout.xaxis.ticktext) == ["−50%", "0%", "50%", "100%", "150%"]
