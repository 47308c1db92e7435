"""The claim kinds the earlier speeches need, on small registries worked out by hand: a trend over a span
("growing annually"), a published direction ("the rate declined"), a part-year stand-in for a full-year claim
("up by more than a quarter" on January-November figures), a ratio over a span ("ten-fold in six years"), and
the fields that say how a quote was found and what it is about."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from dashboard.engine.claimtext import claim_text
from dashboard.engine.evidence import check_claims
from dashboard.engine.progress import Point
from dashboard.outputs.wording import say
from dashboard.registry.models import Registry


def _registry(claim: dict, *, stand_in: dict | None = None) -> Registry:
    base = {"id": "c", "indicator": "n", "source": "speech", "quote": "q"}
    if stand_in is not None:
        base["stand_in"] = stand_in
    return Registry.model_validate(
        {
            "schema_version": 1,
            "meta": {"title": "t", "as_of": dt.date(2026, 1, 1)},
            "sources": [{"id": s, "title": s, "publisher": s, "url": f"https://example.org/{s}"} for s in ("speech", "a", "b")],
            "areas": [{"id": "x", "title": "x"}],
            "indicators": [
                {
                    "id": "n",
                    "title": "Crimes",
                    "area": "x",
                    "unit": "crimes",
                    "unit_short": "crimes",
                    "description": "d",
                    "direction": "lower_is_better",
                }
            ],
            "claims": [{**base, **claim}],
        }
    )


def _check(claim: dict, points: list[Point], **kw: object):
    return check_claims(_registry(claim, **kw), {"n": points})["c"]


TREND_UP = {"kind": "trend", "from_year": 2019, "to_year": 2021, "direction": "up"}


@pytest.mark.parametrize(
    ("points", "result"),
    [
        ([Point(2019, 294400, "=", "a"), Point(2020, 510300, "=", "a"), Point(2021, 517700, "=", "b")], "consistent"),
        ([Point(2019, 294400, "=", "a"), Point(2020, 510300, "=", "a"), Point(2021, 500000, "=", "b")], "inconsistent"),
        # a step that went the other way decides, even with another step unsettled
        ([Point(2019, 294400, "=", "a"), Point(2020, 200000, "=", "a")], "inconsistent"),
        ([Point(2019, 294400, "=", "a"), Point(2020, 510300, "=", "a")], "unverifiable"),  # 2021 missing
        # a published change settles a step that has no level
        ([Point(2019, 294400, "=", "a"), Point(2020, 510300, "=", "a"), Point(2021, 1.4, "=", "b", kind="change")], "consistent"),
        ([Point(2019, 294400, "=", "a"), Point(2020, 510300, "=", "a"), Point(2021, -1, "=", "b", kind="direction")], "inconsistent"),
        # the speech's own figures are never evidence
        ([Point(2019, 294400, "=", "speech"), Point(2020, 510300, "=", "a"), Point(2021, 517700, "=", "b")], "unverifiable"),
        # a part-year value is not a step of a full-year trend
        (
            [Point(2019, 294400, "=", "a"), Point(2020, 510300, "=", "a"), Point(2021, 5, "=", "b", period="Jan-Jun", kind="change")],
            "unverifiable",
        ),
    ],
)
def test_a_trend_holds_when_every_step_moves_the_claimed_way(points: list[Point], result: str) -> None:
    check = _check(TREND_UP, points)
    assert check.result == result
    if result == "unverifiable":
        # said after "what would settle it: ", like the other kinds' figures: no "needs" of its own
        assert say(check.missing).startswith("crimes for every year from 2019 to 2021 from an independent source")


def test_a_trend_says_each_step() -> None:
    check = _check(TREND_UP, [Point(2019, 294400, "=", "a"), Point(2020, 510300, "=", "a"), Point(2021, 500000, "=", "b")])
    assert say(check.figure).startswith("2019–2020: consistent")
    assert "2020–2021: inconsistent" in say(check.figure)
    assert say(check.detail) == "not up in 2021"
    assert check.evidence == ["a", "b"]


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ({"kind": "trend", "from_year": 2020, "to_year": 2021, "direction": "up"}, "at least two year-on-year steps"),
        ({"kind": "trend", "from_year": 2021, "to_year": 2019, "direction": "up"}, "at least two year-on-year steps"),
        ({"kind": "trend", "from_year": 2019, "to_year": 2021, "direction": "sideways"}, "'up' or 'down'"),
        ({**TREND_UP, "found_in": "rumour"}, "'transcript', 'press_quote' or 'paraphrase'"),
        ({**TREND_UP, "topic": "weather"}, "'cybercrime'"),
        ({**TREND_UP, "also_quoted": [{"source": "a"}]}, "quote"),
    ],
)
def test_bad_claims_are_refused(claim: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _registry(claim)


def test_how_a_quote_was_found_and_its_topic_are_kept() -> None:
    claim = _registry({**TREND_UP, "found_in": "paraphrase", "topic": "cybercrime", "also_quoted": [{"source": "a", "quote": "w"}]}).claims[
        0
    ]
    assert (claim.found_in, claim.topic, claim.also_quoted[0].source) == ("paraphrase", "cybercrime", "a")


DOWN = {"kind": "direction", "from_year": 2019, "to_year": 2020, "direction": "down"}


@pytest.mark.parametrize(
    ("points", "result"),
    [
        ([Point(2020, -1, "=", "a", kind="direction")], "consistent"),
        ([Point(2020, 1, "=", "a", kind="direction")], "inconsistent"),
        ([Point(2020, -1, "=", "a", kind="direction"), Point(2020, 1, "=", "b", kind="direction")], "unverifiable"),
        ([Point(2020, -1, "=", "speech", kind="direction")], "unverifiable"),
        ([Point(2020, -1, "=", "a", kind="direction", period="Jan-Jun")], "unverifiable"),
        # a published change, when there is one, decides before a bare direction
        ([Point(2020, 3.0, "=", "a", kind="change"), Point(2020, -1, "=", "b", kind="direction")], "inconsistent"),
    ],
)
def test_a_published_direction_decides_a_direction_claim(points: list[Point], result: str) -> None:
    assert _check(DOWN, points).result == result


@pytest.mark.parametrize(
    ("observation", "ok"),
    [({"value": -1}, True), ({"value": 1}, True), ({"value": 0}, True), ({"value": 2}, False), ({"value": -1, "qualifier": "~"}, False)],
)
def test_a_direction_observation_is_a_sign(observation: dict, ok: bool) -> None:
    from dashboard.registry.models import Observation

    made = {"year": 2020, "source": "a", "kind": "direction", **observation}
    if ok:
        assert Observation.model_validate(made).kind == "direction"
    else:
        with pytest.raises(ValidationError, match="a direction is 1"):
            Observation.model_validate(made)


QUARTER = {"kind": "change", "from_year": 2020, "to_year": 2021, "value": 25, "qualifier": ">", "measure": "percent"}
JAN_NOV = {"period": "Jan-Nov", "reason": "only January-November figures were found"}


@pytest.mark.parametrize(
    ("points", "result", "by_stand_in"),
    [
        ([Point(2020, 784, "=", "a", "Jan-Nov"), Point(2021, 983, "=", "a", "Jan-Nov")], "consistent", True),  # +25.4%
        ([Point(2020, 784, "=", "a", "Jan-Nov"), Point(2021, 900, "=", "a", "Jan-Nov")], "inconsistent", True),  # +14.8%
        # months that differ between the years are not compared
        ([Point(2020, 784, "=", "a", "Jan-Nov"), Point(2021, 983, "=", "a", "Jan-Oct")], "unverifiable", False),
        # the full year, when there is one, decides directly
        ([Point(2020, 1000, "=", "a"), Point(2021, 1300, "=", "b"), Point(2020, 784, "=", "a", "Jan-Nov")], "consistent", False),
        ([Point(2021, 36.4, "=", "a", "Jan-Jun", "change")], "unverifiable", False),  # other months than the stand-in's
    ],
)
def test_a_part_year_stand_in_compares_the_same_months_only(points: list[Point], result: str, by_stand_in: bool) -> None:
    check = _check(QUARTER, points, stand_in=JAN_NOV)
    assert (check.result, check.by_stand_in) == (result, by_stand_in)
    if by_stand_in:
        assert say(check.detail).startswith("by a stand-in, crimes for Jan-Nov of each year only:")
    if result == "unverifiable":
        assert "for 2020 and 2021 from an independent source" in say(check.missing)


@pytest.mark.parametrize(
    ("stand_in", "claim_period", "message"),
    [
        ({"reason": "r"}, None, "give the stand-in `indicator`"),
        ({"period": "Nov-Jan", "reason": "r"}, None, "runs backwards"),
        ({"period": "Jan-Nov", "reason": "r"}, "Jan-Jun", "already has a `period`"),
    ],
)
def test_bad_stand_ins_are_refused(stand_in: dict, claim_period: str | None, message: str) -> None:
    claim = {**QUARTER, "period": claim_period} if claim_period else QUARTER
    with pytest.raises(ValidationError, match=message):
        _registry(claim, stand_in=stand_in)


TENFOLD = {"kind": "change", "from_year": 2014, "to_year": 2020, "value": 10, "qualifier": ">", "measure": "ratio"}


@pytest.mark.parametrize(
    ("points", "result"),
    [
        ([Point(2014, 11000, "=", "a"), Point(2020, 510300, "=", "b")], "consistent"),
        ([Point(2014, 60000, "=", "a"), Point(2020, 510300, "=", "b")], "inconsistent"),
        ([Point(2020, 510300, "=", "b")], "unverifiable"),
    ],
)
def test_a_ratio_over_a_span_is_the_change_claim(points: list[Point], result: str) -> None:
    check = _check(TENFOLD, points)
    assert check.result == result
    if result == "unverifiable":
        assert say(check.missing) == "crimes for 2014 and 2020 from an independent source"


def test_trends_in_plain_words() -> None:
    registry = _registry(TREND_UP)
    assert claim_text(registry.claims[0], registry.indicator("n")) == "Crimes rose every year between 2019 and 2021"
