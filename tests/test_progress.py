"""The progress engine against cases worked out by hand (the arithmetic is written out in each test)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.engine.phrases import Phrase
from dashboard.engine.progress import (
    STATUSES,
    Point,
    assess,
    band,
    bounds,
    implied_unit,
)
from dashboard.outputs.wording import say

# Road deaths as shipped: 2023 exactly 14,504 (tver); 2024 "more than 14.4 thousand"; 2025 "more than 13.9 thousand".
ROAD = [Point(2023, 14504, "=", "tver"), Point(2024, 14400, ">", "ria"), Point(2025, 13900, ">", "news-mail")]


def test_road_deaths_2023_to_2025_against_one_and_a_half_times_lower_by_2030() -> None:
    res = assess(ROAD, 2023, 2030, lower_is_better=True, target_ratio=1 / 1.5)
    target = 14504 / 1.5  # 9,669.3
    required = (2 / 3) ** (1 / 7) - 1  # (T/B)^(1/(2030-2023)) - 1 = -5.63% a year
    actual = (13900 / 14504) ** (1 / 2) - 1  # (x_2025/B)^(1/(2025-2023)) - 1 = -2.10% a year
    cr = actual / required  # 0.3739
    assert res.target_value == pytest.approx(target)
    assert (res.baseline.year, res.baseline.value, res.latest.year, res.latest.value) == (2023, 14504, 2025, 13900)
    assert res.rate_kind == "compound"
    assert res.required_rate == pytest.approx(required) and required == pytest.approx(-0.05627, abs=1e-5)
    assert res.actual_rate == pytest.approx(actual) and actual == pytest.approx(-0.02104, abs=1e-5)
    assert res.methods["unsd"].score == pytest.approx(cr) and cr == pytest.approx(0.3739, abs=1e-4)
    assert res.methods["statcan"].score == pytest.approx(cr)
    # ESCAP: share of the way done (x - B)/(T - B) over the share of time elapsed 2/7
    share = (13900 - 14504) / (target - 14504)  # 0.1249
    assert res.share_done == pytest.approx(share) and res.time_elapsed == pytest.approx(2 / 7)
    assert res.methods["escap"].score == pytest.approx(share / (2 / 7))  # 0.437
    # -0.1 <= 0.374 < 0.5: limited (UNSD); 0 <= 0.374 < 0.60: limited (StatCan); 0.437 < 0.5: limited (ESCAP)
    assert {m: r.status for m, r in res.methods.items()} == {"unsd": "limited", "escap": "limited", "statcan": "limited"}
    # "more than 13,900" lies in 13,900-14,000; at 14,000: CR = ((14000/14504)^(1/2) - 1) / required = 0.312, still limited
    assert res.methods["unsd"].status_high == "limited" and res.methods["unsd"].label == "limited progress"
    assert not res.methods_disagree
    # projection from the actual trend: B (1 + r)^(2030 - 2023)
    assert res.projected_value == pytest.approx(14504 * (13900 / 14504) ** (7 / 2))
    assert res.projected_path[0] == (2025, pytest.approx(13900))
    assert res.projected_path[-1] == (2030, pytest.approx(res.projected_value))


def test_two_times_lower_by_2036_is_limited_to_fair_under_escap() -> None:
    res = assess(ROAD, 2023, 2036, lower_is_better=True, target_ratio=0.5)
    # ESCAP at 13,900: ((13900 - 14504)/(7252 - 14504)) / (2/13) = 0.0833 / 0.1538 = 0.541 -> fair;
    # at 14,000: (504/7252) / (2/13) = 0.452 -> limited
    escap = res.methods["escap"]
    assert escap.score == pytest.approx((604 / 7252) / (2 / 13))
    assert (escap.status, escap.status_low, escap.status_high) == ("fair", "fair", "limited")
    assert escap.label == "limited to fair progress"
    # UNSD: ((13900/14504)^(1/2) - 1) / (0.5^(1/13) - 1) = 0.405 -> limited at both ends
    assert res.methods["unsd"].score == pytest.approx(((13900 / 14504) ** 0.5 - 1) / (0.5 ** (1 / 13) - 1))
    assert res.methods["unsd"].label == "limited progress"
    assert res.methods_disagree


def test_required_path_is_the_straight_line_from_baseline_to_target() -> None:
    res = assess(ROAD, 2023, 2030, lower_is_better=True, target_value=9700)
    path = dict(res.required_path)
    assert sorted(path) == list(range(2023, 2031))
    assert path[2023] == 14504 and path[2030] == pytest.approx(9700)
    assert path[2026] == pytest.approx(14504 + (9700 - 14504) * 3 / 7)


@pytest.mark.parametrize(
    ("cr", "unsd", "statcan"),
    [
        (1.2, "on_track", "on_track"),
        (0.95, "on_track", "on_track"),
        (0.9499, "fair", "fair"),
        (0.60, "fair", "fair"),
        (0.5999, "fair", "limited"),
        (0.5, "fair", "limited"),
        (0.4999, "limited", "limited"),
        (0.0, "limited", "limited"),
        (-0.0001, "limited", "deterioration"),
        (-0.1, "limited", "deterioration"),
        (-0.1001, "deterioration", "deterioration"),
    ],
)
def test_band_thresholds(cr: float, unsd: str, statcan: str) -> None:
    """UNSD: 0.95 / 0.5 / -0.1. Statistics Canada (Open SDG ProgressMeasure): 0.95 / 0.60 / 0."""
    assert band("unsd", cr) == unsd
    assert band("statcan", cr) == statcan


@pytest.mark.parametrize(
    ("index", "status"),
    [(0.95, "on_track"), (0.9499, "fair"), (0.5, "fair"), (0.4999, "limited"), (0.0, "limited"), (-0.01, "deterioration")],
)
def test_escap_bands(index: float, status: str) -> None:
    assert band("escap", index) == status


@pytest.mark.parametrize(
    ("latest", "unsd"),
    [
        (90.5, "on_track"),  # actual -9.5 a year against -10 required: CR = 0.95 exactly
        (95.0, "fair"),  # -5 / -10 = 0.5
        (95.1, "limited"),  # 0.49
        (101.0, "limited"),  # +1 / -10 = -0.1
        (101.1, "deterioration"),  # -0.11
    ],
)
def test_thresholds_reached_through_assess(latest: float, unsd: str) -> None:
    """Target 0 forces the linear rates (end - start)/years: baseline 100 in 2020, target 0 in 2030, latest 2021."""
    res = assess([Point(2020, 100), Point(2021, latest)], 2020, 2030, lower_is_better=True, target_value=0)
    assert res.rate_kind == "linear"
    assert res.required_rate == -10.0 and res.actual_rate == pytest.approx(latest - 100)
    assert res.methods["unsd"].status == unsd


def test_target_achieved_keeps_the_rates() -> None:
    res = assess([Point(2020, 60), Point(2024, 40)], 2020, 2030, lower_is_better=True, target_ratio=2 / 3)
    assert {r.status for r in res.methods.values()} == {"target_achieved"}
    assert res.methods["unsd"].label == "target achieved" and not res.methods_disagree
    assert res.required_rate == pytest.approx((2 / 3) ** (1 / 10) - 1)
    assert res.actual_rate == pytest.approx((40 / 60) ** (1 / 4) - 1)


def test_a_bound_straddling_the_target_is_achieved_at_one_end_only() -> None:
    # "about 40" is 39.5-40.5 against a target of 40 (lower is better)
    res = assess([Point(2020, 60), Point(2024, 40, "~")], 2020, 2030, lower_is_better=True, target_value=40)
    unsd = res.methods["unsd"]
    assert unsd.status_low == "target_achieved" and unsd.status_high != "target_achieved"
    assert unsd.label.endswith("to target achieved")


@pytest.mark.parametrize(
    ("values", "lower_is_better", "status"),
    [
        ((10, 12), False, "on_track"),  # higher is better, required (20/10)^(1/10)-1 = 7.2%, actual 20% a year
        ((10, 8), False, "deterioration"),
        ((10, 8), True, "on_track"),  # lower is better: target 5 = required -6.7%, actual -20%
        ((10, 12), True, "deterioration"),
    ],
)
def test_direction(values: tuple[int, int], lower_is_better: bool, status: str) -> None:
    target = 20 if not lower_is_better else 5
    res = assess([Point(2020, values[0]), Point(2021, values[1])], 2020, 2030, lower_is_better=lower_is_better, target_value=target)
    assert res.methods["unsd"].status == status
    expected_cr = ((values[1] / 10) - 1) / ((target / 10) ** (1 / 10) - 1)
    assert res.methods["unsd"].score == pytest.approx(expected_cr)


def test_zero_baseline_falls_back_to_linear_rates() -> None:
    # higher is better, 0 -> 50 by 2030; 10 in 2022: required 5 a year, actual 5 a year, CR 1
    res = assess([Point(2020, 0), Point(2022, 10)], 2020, 2030, lower_is_better=False, target_value=50)
    assert res.rate_kind == "linear" and res.required_rate == 5 and res.actual_rate == 5
    assert res.methods["unsd"].score == pytest.approx(1.0) and res.methods["unsd"].status == "on_track"
    assert res.projected_value == pytest.approx(50)


def test_negative_values_fall_back_to_linear_rates() -> None:
    # a balance from -50 to +50 over 10 years: required +10 a year; -45 two years on is +2.5 a year: CR 0.25
    res = assess([Point(2020, -50), Point(2022, -45)], 2020, 2030, lower_is_better=False, target_value=50, baseline_value=None)
    assert res.rate_kind == "linear" and res.required_rate == 10 and res.actual_rate == 2.5
    assert res.methods["unsd"].status == "limited" and res.methods["statcan"].status == "limited"
    # ESCAP: (5/100) / (2/10) = 0.25
    assert res.methods["escap"].score == pytest.approx(0.25)
    with pytest.raises(ValueError):  # the engine's own guard: a target needs a value or a ratio
        assess([Point(2020, -50)], 2020, 2030, lower_is_better=False)


def test_single_observation_is_insufficient_data() -> None:
    res = assess([Point(2023, 14504)], 2023, 2030, lower_is_better=True, target_ratio=2 / 3)
    assert {r.status for r in res.methods.values()} == {"insufficient_data"}
    assert res.reason == Phrase.of("no_value_after_baseline", year=2023) and res.latest is None
    assert say(res.reason) == "no value after the baseline year 2023"
    assert res.baseline is not None and res.required_path[-1] == (2030, pytest.approx(14504 * 2 / 3))


@pytest.mark.parametrize(
    ("points", "baseline_year", "reason"),
    [
        ([Point(2025, 9.5)], 2024, "no value for the baseline year 2024"),
        ([Point(2025, 9.5)], None, "no baseline year"),
        ([], 2020, "no value for the baseline year 2020"),
    ],
)
def test_insufficient_data(points: list[Point], baseline_year: int | None, reason: str) -> None:
    res = assess(points, baseline_year, 2030, lower_is_better=True, target_value=6.8)
    assert res.status == "insufficient_data" and say(res.reason) == reason
    assert all(r.score is None for r in res.methods.values()) and not res.methods_disagree


def test_a_given_baseline_value_overrides_the_observations() -> None:
    res = assess([Point(2021, 90), Point(2024, 80)], 2021, 2035, lower_is_better=True, target_value=20, baseline_value=95)
    assert res.baseline == Point(2021, 95, "=")
    assert res.actual_rate == pytest.approx((80 / 95) ** (1 / 3) - 1)


def test_exact_values_beat_bounds_in_the_same_year() -> None:
    res = assess(
        [Point(2020, 100), Point(2024, 38, ">", "a"), Point(2024, 40, "=", "b")], 2020, 2030, lower_is_better=True, target_value=10
    )
    assert res.latest == Point(2024, 40, "=", "b")


def test_methods_disagree_when_unsd_and_statcan_part_at_0_6() -> None:
    # CR between 0.5 and 0.6: fair for UNSD, limited for Statistics Canada. Linear: -5.5/-10 = 0.55
    res = assess([Point(2020, 100), Point(2021, 94.5)], 2020, 2030, lower_is_better=True, target_value=0)
    assert res.methods["unsd"].status == "fair" and res.methods["statcan"].status == "limited"
    assert res.methods_disagree


def test_target_equal_to_the_baseline_and_missed_is_deterioration() -> None:
    res = assess([Point(2020, 100), Point(2022, 110)], 2020, 2030, lower_is_better=True, target_value=100)
    assert {r.status for r in res.methods.values()} == {"deterioration"}


@pytest.mark.parametrize(("latest", "lower_is_better", "target"), [(130, True, 120), (70, False, 80)])
def test_a_target_met_at_the_baseline_and_crossed_since_is_deterioration(latest: float, lower_is_better: bool, target: float) -> None:
    """ "No more than 120" with 100 at the baseline and 130 now: required (120/100)^(1/10) - 1 = +1.8% a year and
    actual (130/100)^(1/5) - 1 = +5.4% a year point the same way, so CR = 2.9 would read as on track."""
    res = assess([Point(2020, 100), Point(2025, latest)], 2020, 2030, lower_is_better=lower_is_better, target_value=target)
    assert {(r.status, r.score) for r in res.methods.values()} == {("deterioration", None)}
    assert res.required_rate == pytest.approx((target / 100) ** (1 / 10) - 1)
    assert res.actual_rate == pytest.approx((latest / 100) ** (1 / 5) - 1)


@pytest.mark.parametrize(
    ("value", "qualifier", "low", "high"),
    [
        (13900, ">", 13900, 14000),  # "more than 13.9 thousand": up to the next hundred
        (14504, "=", 14504, 14504),
        (23, "~", 22.5, 23.5),  # "approximately 23": half a unit either side
        (28.9, "<", 28.8, 28.9),
        (200, ">=", 200, 300),  # "at least 200" with no more precision stated
    ],
)
def test_bounds_of_qualified_values(value: float, qualifier: str, low: float, high: float) -> None:
    assert bounds(value, qualifier) == (pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(("value", "unit"), [(13900, 100), (14504, 1), (28.9, 0.1), (200, 100), (0, 1), (0.25, 0.01)])
def test_implied_unit(value: float, unit: float) -> None:
    assert implied_unit(value) == pytest.approx(unit)


# registry-sized numbers: 0, or 1e-6 to 1e6 either side (at 1e-270 the projection overflows a float)
VALUES = st.one_of(st.just(0.0), st.floats(1e-6, 1e6), st.floats(-1e6, -1e-6))


@settings(max_examples=200, deadline=None, database=None)
@given(
    baseline=VALUES,
    target=VALUES,
    latest=VALUES,
    qualifier=st.sampled_from(["=", "~", ">", "<"]),
    lower=st.booleans(),
    elapsed=st.integers(1, 9),
)
def test_assess_never_fails_on_any_numbers(
    baseline: float, target: float, latest: float, qualifier: str, lower: bool, elapsed: int
) -> None:
    res = assess([Point(2020, baseline), Point(2020 + elapsed, latest, qualifier)], 2020, 2030, lower_is_better=lower, target_value=target)
    for r in res.methods.values():
        assert r.status in STATUSES and r.label
        assert {r.status_low, r.status_high} <= set(STATUSES) | {None}


@settings(max_examples=200, deadline=None, database=None)
@given(baseline=st.floats(1, 1e6), share=st.floats(0.01, 0.99), a=st.floats(0.001, 2e6), b=st.floats(0.001, 2e6), lower=st.booleans())
def test_a_better_latest_value_never_gets_a_worse_status(baseline: float, share: float, a: float, b: float, lower: bool) -> None:
    """Positive values, a target on the far side of the baseline: status is monotone in the latest value."""
    target = baseline * share if lower else baseline / share
    better, worse = (min(a, b), max(a, b)) if lower else (max(a, b), min(a, b))
    for method in ("unsd", "escap", "statcan"):
        ranks = [
            STATUSES.index(
                assess([Point(2020, baseline), Point(2024, v)], 2020, 2030, lower_is_better=lower, target_value=target)
                .methods[method]
                .status
            )
            for v in (better, worse)
        ]
        assert ranks[0] <= ranks[1], (method, better, worse)
