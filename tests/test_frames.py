"""The pandas frames: documented columns, one row per thing, values traced to where they came from."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from dashboard.engine.assessment import Assessment, build
from dashboard.engine.vocabulary import METHODS, RESULTS, STATUSES
from dashboard.outputs.frames import OBSERVATION_COLUMNS, Frames, build_frames, frames_of
from dashboard.registry import Registry, load_registry

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"

# issue 2: observations are tidy (indicator, year, value, qualifier, source, note, origin)
DOCUMENTED = {
    "observations": ["indicator", "year", "value", "qualifier", "source", "note", "origin"],
    "indicators": ["indicator", "title", "area", "unit", "unit_short", "direction", "decimals", "limit", "latest_year", "latest_value"],
    "targets": ["indicator", "target", "year", "value", "ratio", "baseline_year", "baseline_value", "source", "quote"],
    "progress": [
        "indicator",
        "target",
        "baseline_year",
        "baseline_value",
        "latest_year",
        "latest_value",
        "target_year",
        "target_value",
        "required_rate",
        "actual_rate",
        "projected_value",
        "methods_disagree",
        *[f"{m}_{part}" for m in METHODS for part in ("status", "score", "label")],
    ],
    "claims": ["claim", "indicator", "kind", "source", "quote", "result", "figure", "detail", "computed", "evidence"],
}


@pytest.mark.parametrize("name", list(DOCUMENTED))
def test_documented_columns(frozen_frames: Frames, name: str) -> None:
    frame = getattr(frozen_frames, name)
    assert isinstance(frame, pd.DataFrame)
    assert [c for c in DOCUMENTED[name] if c not in frame.columns] == []


def test_observations_are_tidy_and_complete(
    frozen_assessment: Assessment, frozen_frames: Frames, frozen_registry: Registry, frozen_path: Path
) -> None:
    obs = frozen_frames.observations
    assert list(obs.columns) == OBSERVATION_COLUMNS
    assert obs["year"].dtype == "int64" and obs["value"].dtype == "float64"
    inline = sum(len(i.observations) for i in frozen_registry.indicators)
    with (frozen_path.parent / "data/road_deaths.csv").open(encoding="utf-8") as handle:
        csv_rows = list(csv.DictReader(handle))
    derived = sum(len(v.derivations) for v in frozen_assessment)
    assert derived and len(obs) == inline + len(csv_rows) + derived  # derived rows are listed too, flagged
    from_csv = obs[obs["origin"] == "data/road_deaths.csv"]
    assert from_csv["year"].tolist() == [int(r["year"]) for r in csv_rows]
    assert from_csv["value"].tolist() == [float(r["value"]) for r in csv_rows]
    assert set(from_csv["indicator"]) == {"road_deaths"}
    assert set(obs["origin"]) == {"registry", "data/road_deaths.csv", "derived"}
    assert (obs["derived"] == (obs["origin"] == "derived")).all()
    assert not obs.duplicated(["indicator", "year", "source", "period", "kind", "derived"]).any()


def test_the_frames_hold_what_the_assessment_holds(frozen_assessment: Assessment, frozen_frames: Frames, frozen_registry: Registry) -> None:
    assert list(frozen_assessment.views) == [i.id for i in frozen_registry.indicators]
    for view in frozen_assessment:
        assert [p.year for p in view.points] == sorted(p.year for p in view.points)
        assert len(view.points) == int((frozen_frames.observations["indicator"] == view.id).sum())
    pairs = [(i.id, t.id) for i in frozen_registry.indicators for t in i.targets]
    assert [(v.id, t.target.id) for v in frozen_assessment for t in v.targets] == pairs
    assert list(zip(frozen_frames.progress["indicator"], frozen_frames.progress["target"])) == pairs
    assert list(frozen_assessment.checks) == [c.id for c in frozen_registry.claims]
    assert frozen_frames.claims["claim"].tolist() == [c.id for c in frozen_registry.claims]
    indicators = frozen_frames.indicators.set_index("indicator")
    for view in frozen_assessment:
        head = view.headline
        row = indicators.loc[view.id, ["headline_target", "headline_status"]].tolist()
        assert row == [head.target.id, head.label] if head else pd.isna(row).all()
    assert frames_of(frozen_assessment) is frozen_frames  # built once, on first use


def test_progress_rows_carry_the_engine_results(frozen_assessment: Assessment, frozen_frames: Frames) -> None:
    progress = frozen_frames.progress.set_index(["indicator", "target"])
    for key, res in (((v.id, t.target.id), t.result) for v in frozen_assessment for t in v.targets):
        row = progress.loc[key]
        for m in METHODS:
            assert row[f"{m}_status"] == res.methods[m].status and row[f"{m}_label"] == res.methods[m].label
            assert row[f"{m}_status"] in STATUSES
        assert bool(row["methods_disagree"]) == res.methods_disagree


def test_road_death_targets_in_the_progress_frame(frozen_frames: Frames) -> None:
    road = frozen_frames.progress[frozen_frames.progress["indicator"] == "road_deaths"].set_index("target")
    assert sorted(road.index) == ["mvd_2030", "strategy_2030", "strategy_2036"]
    row = road.loc["strategy_2030"]
    assert (row["baseline_year"], row["baseline_value"], row["latest_year"], row["latest_value"]) == (2023, 14504, 2025, 13900)
    assert row["target_value"] == pytest.approx(14504 / 1.5)
    assert row["required_rate"] == pytest.approx((2 / 3) ** (1 / 7) - 1)
    assert row["latest_qualifier"] == ">"
    assert road.loc["mvd_2030", "target_value"] == 9700


def test_claims_frame_has_every_check(frozen_frames: Frames) -> None:
    claims = frozen_frames.claims.set_index("claim")
    assert set(claims["result"]) <= set(RESULTS)
    assert (claims.loc["road_death_rate_third_lower_2030", "result"], claims.loc["road_death_rate_third_lower_2030", "course"]) == (
        "in_works",
        "off_course",
    )
    assert claims.loc["road_deaths_halved_20y", "result"] == "consistent"
    assert claims.loc["road_deaths_halved_20y", "evidence"] == "government, ria-2025-09-08"
    assert claims.loc["cybercrimes_up", "kind"] == "direction"


def test_full_fixture_frames() -> None:
    assessment = build(load_registry(VALID / "full.yaml"))
    frames = frames_of(assessment)
    obs = frames.observations
    assert len(obs) == 5 + 1 + 3  # series rows + inline road deaths + solve rate
    notes = obs.loc[obs["origin"] == "data/road_deaths.csv", "note"]
    assert notes.iloc[0] == "synthetic" and notes.iloc[1:].isna().all()  # an empty CSV cell is a missing note
    road = assessment.views["road_deaths"]
    res = road.target("absolute_2035").result
    assert res.baseline is not None and (res.baseline.year, res.baseline.value) == (2021, 95)  # the target's own baseline
    assert road.target("relative_2030").result.target_value == pytest.approx(40)
    assert assessment.checks["deaths_halved"].result == "consistent"
    # a commitment for 2030 that follows the target relative_2030: in the works, with that target's UNSD course
    course = {"on_track": "on_course", "target_achieved": "on_course"}.get(road.target("relative_2030").result.status, "off_course")
    assert (assessment.checks["third_lower_2030"].result, assessment.checks["third_lower_2030"].course) == ("in_works", course)


def test_a_registry_without_values_gives_typed_empty_frames(tmp_path: Path) -> None:
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8")
    text = text[: text.index("    observations:")] + "    observations: []\n"
    (tmp_path / "indicators.yaml").write_text(text, encoding="utf-8")
    frames = build_frames(load_registry(tmp_path / "indicators.yaml"))
    assert frames.observations.empty and list(frames.observations.columns) == OBSERVATION_COLUMNS
    assert frames.observations["year"].dtype == "int64" and frames.observations["value"].dtype == "float64"
    assert frames.progress.empty and frames.claims.empty
    assert frames.indicators.loc[0, "latest_year"] is None
