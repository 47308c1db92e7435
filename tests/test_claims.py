"""Claim checks: consistent, inconsistent or unverifiable, only ever against independent data."""

from __future__ import annotations

import pytest

from dashboard.engine.assessment import Assessment
from dashboard.engine.claims import check_claim, claim_set, compare
from dashboard.engine.progress import MethodResult, Point
from dashboard.outputs.wording import say, verdict
from dashboard.registry.models import ChangeClaim, DirectionClaim, LevelClaim, TargetClaim

SPEECH = "speech"


def level(value: float, qualifier: str, year: int = 2024) -> LevelClaim:
    return LevelClaim(id="c", indicator="i", source=SPEECH, quote="q", kind="level", year=year, value=value, qualifier=qualifier)


def change(value: float, qualifier: str, measure: str = "ratio") -> ChangeClaim:
    return ChangeClaim(
        id="c",
        indicator="i",
        source=SPEECH,
        quote="q",
        kind="change",
        from_year=2004,
        to_year=2024,
        value=value,
        qualifier=qualifier,
        measure=measure,
    )


def direction(way: str) -> DirectionClaim:
    return DirectionClaim(id="c", indicator="i", source=SPEECH, quote="q", kind="direction", from_year=2023, to_year=2024, direction=way)


@pytest.mark.parametrize(
    ("claim", "data", "result"),
    [
        # "damages exceeding 200 billion": 205 exactly lies in [200, inf)
        (level(200, ">"), Point(2024, 205, "=", "kommersant"), "consistent"),
        (level(200, ">"), Point(2024, 189.5, "=", "kommersant"), "inconsistent"),
        # "about 200" from elsewhere spans 150-250 (rounding unit 100): partly above, partly below
        (level(200, ">"), Point(2024, 200, "~", "x"), "unverifiable"),
        # "approximately 23": 23 +- max(5%, half a unit) = 21.85-24.15
        (level(23, "~"), Point(2024, 22.5, "=", "x"), "consistent"),
        (level(23, "~"), Point(2024, 28.9, "=", "tass"), "inconsistent"),
        (level(23, "~"), Point(2024, 25, "<", "x"), "unverifiable"),  # "less than 25" is 24-25, partly inside
        (level(23, "="), Point(2024, 23, "=", "x"), "consistent"),
    ],
)
def test_level_claims(claim: LevelClaim, data: Point, result: str) -> None:
    check = check_claim(claim, [data], as_of_year=2026)
    assert check.result == result
    assert check.computed == data.value and check.evidence == [data.source]


def test_level_claim_without_independent_value_is_unverifiable() -> None:
    check = check_claim(level(23, "~"), [Point(2023, 23, "=", "x")], as_of_year=2026)
    assert (check.result, say(check.detail), check.evidence) == ("unverifiable", "no independent value for 2024", [])


@pytest.mark.parametrize("own", [Point(2024, 23, "~", SPEECH), Point(2024, 40, "=", SPEECH)])
def test_the_claims_own_source_is_never_evidence(own: Point) -> None:
    """Whether the speech's own figure agrees or not, it cannot verify the speech."""
    assert check_claim(level(23, "~"), [own], as_of_year=2026).result == "unverifiable"
    check = check_claim(level(23, "~"), [own, Point(2024, 28.9, "=", "tass")], as_of_year=2026)
    assert (check.result, check.computed, check.evidence) == ("inconsistent", 28.9, ["tass"])


@pytest.mark.parametrize(
    ("claim", "start", "end", "result", "computed"),
    [
        # road deaths 34,506 (2004) -> more than 14,400 (2024): ratio 14400/34506 = 0.4173 to 14500/34506 = 0.4202,
        # all below the claimed "< 0.5"
        (change(0.5, "<"), Point(2004, 34506), Point(2024, 14400, ">", "ria"), "consistent", 14400 / 34506),
        (change(0.5, "<"), Point(2004, 34506), Point(2024, 20000), "inconsistent", 20000 / 34506),
        # about 17,000 is 16,500-17,500: ratio 0.478-0.507 straddles 0.5
        (change(0.5, "<"), Point(2004, 34506), Point(2024, 17000, "~"), "unverifiable", 17000 / 34506),
        # percent: (14400/34506 - 1) * 100 = -58.3% < -50%
        (change(-50, "<", "percent"), Point(2004, 34506), Point(2024, 14400, "=", "ria"), "consistent", (14400 / 34506 - 1) * 100),
        (change(-70, "<", "percent"), Point(2004, 34506), Point(2024, 14400, "=", "ria"), "inconsistent", (14400 / 34506 - 1) * 100),
    ],
)
def test_change_claims(claim: ChangeClaim, start: Point, end: Point, result: str, computed: float) -> None:
    check = check_claim(claim, [start, end], as_of_year=2026)
    assert check.result == result
    assert check.computed == pytest.approx(computed)


def test_road_deaths_halved_figure_reads_minus_58_3_percent() -> None:
    check = check_claim(change(0.5, "<"), [Point(2004, 34506, "=", "government"), Point(2024, 14400, ">", "ria")], as_of_year=2026)
    assert say(check.figure) == "−58.3% (2004: 34,506 → 2024: more than 14,400)"
    assert say(check.detail) == "computed ratio 0.417–0.420 against the claimed ratio less than 0.5"
    assert check.evidence == ["government", "ria"]


def test_change_from_zero_is_unverifiable() -> None:
    check = check_claim(change(0.5, "<"), [Point(2004, 0), Point(2024, 10)], as_of_year=2026)
    assert check.result == "unverifiable" and "positive starting value" in say(check.detail)


@pytest.mark.parametrize(
    ("way", "start", "end", "result"),
    [
        ("up", Point(2023, 677000), Point(2024, 765400), "consistent"),
        ("down", Point(2023, 677000), Point(2024, 765400), "inconsistent"),
        ("down", Point(2023, 677000), Point(2024, 677000), "inconsistent"),  # flat is not down
        ("up", Point(2023, 14504), Point(2024, 14400, ">"), "inconsistent"),  # "more than 14,400" is at most 14,500 < 14,504
        ("up", Point(2023, 14450, "~"), Point(2024, 14400, ">"), "unverifiable"),  # 14,445-14,455 inside 14,400-14,500
    ],
)
def test_direction_claims(way: str, start: Point, end: Point, result: str) -> None:
    assert check_claim(direction(way), [start, end], as_of_year=2026).result == result


def test_direction_claim_missing_years_are_named() -> None:
    check = check_claim(direction("down"), [Point(2023, 10, "=", SPEECH), Point(2024, 9, "=", SPEECH)], as_of_year=2026)
    assert (check.result, say(check.detail)) == ("unverifiable", "no independent value for 2023 and 2024")


def target(year: int, **kw: object) -> TargetClaim:
    return TargetClaim(id="c", indicator="i", source=SPEECH, quote="q", kind="target", year=year, **kw)  # type: ignore[arg-type]


def _methods(**statuses: str) -> dict[str, MethodResult]:
    return {m: MethodResult(m, s, None) for m, s in statuses.items()}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("statuses", "course", "disagree", "detail"),
    [
        ({"unsd": "on_track", "escap": "on_track"}, "on_course", False, "on course (UNSD: on track)"),
        ({"unsd": "target_achieved"}, "on_course", False, "on course (UNSD: target achieved)"),
        # fair progress is too slow to reach the target by its year: off course
        ({"unsd": "fair", "escap": "on_track"}, "off_course", True, "off course (UNSD: fair progress)"),
        ({"unsd": "limited"}, "off_course", False, "off course (UNSD: limited progress)"),
        ({"unsd": "deterioration"}, "off_course", False, "off course (UNSD: deterioration)"),
        ({"unsd": "insufficient_data"}, "too_early", False, "too early to say (UNSD: insufficient data)"),
        ({}, "too_early", False, "too early to say"),
    ],
)
def test_target_claim_not_yet_due_is_in_the_works_with_the_headline_course(
    statuses: dict[str, str], course: str, disagree: bool, detail: str
) -> None:
    claim = target(2030, ratio="2/3", baseline_year=2024, qualifier="<=")
    check = check_claim(claim, [Point(2024, 9.5)], as_of_year=2026, methods=_methods(**statuses))
    assert (check.result, check.course, check.methods_disagree) == ("in_works", course, disagree)
    assert (say(check.figure), say(check.detail)) == ("due 2030", "a commitment for 2030, in the works: " + detail)
    assert verdict(check) == "in the works: " + detail.split(" (")[0]


def test_target_claim_due_without_data_is_unverifiable_not_in_the_works() -> None:
    check = check_claim(target(2024, value=4), [Point(2020, 9.5, "=", "x")], as_of_year=2026, methods=_methods(unsd="on_track"))
    assert (check.result, check.course) == ("unverifiable", None)


@pytest.mark.parametrize(("result", "word"), [("consistent", "kept"), ("inconsistent", "missed")])
def test_a_due_commitment_reads_kept_or_missed(result: str, word: str) -> None:
    check = check_claim(target(2024, value=4), [Point(2024, 3.9 if word == "kept" else 11.6, "=", "x")], as_of_year=2026)
    assert check.result == result and verdict(check, commitment=True) == word


@pytest.mark.parametrize(
    ("latest", "lower_is_better", "result"),
    [
        (3.9, True, "consistent"),  # "no more than 4 per 100k by 2024": 3.9 <= 4
        (11.6, True, "inconsistent"),
        (4.5, False, "consistent"),  # higher is better: a plain target of 4 is met by 4.5
        (3.9, False, "inconsistent"),
    ],
)
def test_target_claim_now_due(latest: float, lower_is_better: bool, result: str) -> None:
    check = check_claim(target(2024, value=4), [Point(2024, latest, "=", "x")], as_of_year=2026, lower_is_better=lower_is_better)
    assert check.result == result


def test_relative_target_claim_uses_the_independent_baseline() -> None:
    # 2/3 of 12 (2020) = 8; 7.5 in 2024 is below
    points = [Point(2020, 12, "=", "x"), Point(2024, 7.5, "=", "x"), Point(2020, 99, "=", SPEECH)]
    check = check_claim(target(2024, ratio="2/3", baseline_year=2020, qualifier="<="), points, as_of_year=2026)
    assert check.result == "consistent" and say(check.detail) == "target at most 8"


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [(0.5, "<", (float("-inf"), 0.5)), (200, ">", (200, float("inf"))), (23, "~", (21.85, 24.15)), (14504, "=", (14503.5, 14504.5))],
)
def test_claim_set(value: float, qualifier: str, expected: tuple[float, float]) -> None:
    assert claim_set(value, qualifier) == (pytest.approx(expected[0]), pytest.approx(expected[1]))


def test_compare() -> None:
    assert compare(1, 2, 0, 3) == "consistent"
    assert compare(4, 5, 0, 3) == "inconsistent"
    assert compare(2, 4, 0, 3) == "unverifiable"


def test_shipped_road_deaths_claim_is_consistent(frozen_assessment: Assessment) -> None:
    check = frozen_assessment.checks["road_deaths_halved_20y"]
    assert check.result == "consistent"
    assert say(check.figure).startswith("−58.3% ")
    assert check.computed == pytest.approx(14400 / 34506)
    assert "kremlin-2025-03-05" not in check.evidence


def test_no_shipped_check_uses_the_speech_as_evidence(frozen_assessment: Assessment, frozen_registry) -> None:
    for claim in frozen_registry.claims:
        assert claim.source not in frozen_assessment.checks[claim.id].evidence, claim.id
    # the speech's own 23% and 200 bn are in the registry, yet cannot confirm themselves: the verdicts rest on
    # the Prosecutor General's 23% (iz.ru) and on a stand-in (the Bank of Russia survey)
    assert frozen_assessment.checks["cybercrime_solve_rate_23"].evidence == ["iz-2025-03-19"]
    assert frozen_assessment.checks["retirees_quarter_of_victims"].by_stand_in
    assert frozen_assessment.checks["cybercrime_damage_200bn"].evidence == ["kommersant"]
