"""The assessment of a registry: every fact a page, chart, export or summary shows, computed once.

`build(registry)` returns an `Assessment` holding one `IndicatorView` per indicator: its points,
the value chosen for each year, the latest value, the result for each target, the headline
target, the claim checks on it, the change figure the cards and tiles print, and the sources
it draws on. Consumers read these views and compute nothing of their own, so the overview
card, the indicator page, the chart, the exported file and the summary cannot disagree.

The headline target (the one an indicator is summarised by) is chosen by one rule: the first
target, in the order the registry lists them, whose status is not "insufficient data"; when
every target lacks data, the first target. Editors choose the headline by ordering targets.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from dashboard.engine.claims import ClaimCheck
from dashboard.engine.claimtext import claim_text
from dashboard.engine.derived import Derivation, cross_checks, derivations
from dashboard.engine.evidence import Staleness, check_claims, staleness
from dashboard.engine.evidence import disagreements as sources_disagree
from dashboard.engine.phrases import NOTHING, Phrase
from dashboard.engine.progress import Point, TargetProgress, assess, by_year
from dashboard.formatting import change_text
from dashboard.i18n import _, use_language
from dashboard.registry.models import Claim, Indicator, Registry, Target


@dataclass(frozen=True)
class Change:
    """The change from a reference value to the latest one, as the cards and tiles print it.

    A share (unit "%") changes in percentage points, anything else in percent; bounded values
    ("more than 20") give a range, from the least to the most the change can be.
    """

    start: Point
    end: Point
    low: float
    high: float
    unit: str  # "%" (percent change) or "pp" (percentage points)
    reference: str  # "baseline" or "first value"

    @property
    def bounded(self) -> bool:
        return self.low != self.high

    @property
    def text(self) -> str:
        """'−4.2%', '−4.2% to −3.5%', '+25.5 pp'."""
        return change_text(self.low, self.high, self.unit)


@dataclass(frozen=True)
class TargetView:
    target: Target
    result: TargetProgress
    headline: bool = False

    @property
    def label(self) -> str:
        """The headline method's status in words, as a range when a bound spans two statuses."""
        return self.result.methods["unsd"].label if self.result.methods else _("insufficient data")

    @property
    def name(self) -> str:
        return self.target.label or self.target.id


@dataclass(frozen=True)
class IndicatorView:
    indicator: Indicator
    points: tuple[Point, ...]  # every value, in year order
    yearly: dict[int, Point]  # the value charted for each year: exact before approximate before bounds
    targets: tuple[TargetView, ...]
    claims: tuple[tuple[Claim, ClaimCheck], ...]
    sources: tuple[str, ...]  # source ids the indicator draws on, values first, then targets
    change: Change | None
    change_note: Phrase  # why there is no change figure; NOTHING when there is one
    stale: Staleness
    derivations: tuple[Derivation, ...] = ()  # values computed by the indicator's formula, with their inputs

    @functools.cached_property
    def disagreements(self) -> dict[int, list[Point]]:
        """Years where sources give values that do not overlap: on first use (only the summary lists them; a
        100,000-row series takes 0.13 s), once per view. A frozen view still caches it: cached_property writes
        the instance's __dict__ directly."""
        return sources_disagree(list(self.points))

    @property
    def chartable(self) -> bool:
        """Whether there is a value to draw: a level, for a year or part of one (a published change alone is not)."""
        return any(p.kind == "level" for p in self.points)

    @property
    def partial_year(self) -> tuple[Point, ...]:
        """Values for part of a year ("Jan-Jul"): shown apart, never the latest value nor used in progress."""
        return tuple(p for p in self.points if p.period is not None)

    @property
    def published_changes(self) -> tuple[Point, ...]:
        """Year-on-year changes a source published instead of levels (percent)."""
        return tuple(p for p in self.points if p.kind == "change")

    @property
    def cross_checks(self) -> list[tuple[Point, Point, bool]]:
        """(published, derived, agree) for each year that has both."""
        return cross_checks(list(self.points))

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def latest(self) -> Point | None:
        return next(reversed(self.yearly.values()), None) if self.yearly else None

    @property
    def headline(self) -> TargetView | None:
        return next((t for t in self.targets if t.headline), None)

    def target(self, target_id: str) -> TargetView | None:
        return next((t for t in self.targets if t.target.id == target_id), None)

    @property
    def results(self) -> dict[str, TargetProgress]:
        return {t.target.id: t.result for t in self.targets}


@dataclass(frozen=True, eq=False)
class Assessment:
    registry: Registry
    views: dict[str, IndicatorView]
    checks: dict[str, ClaimCheck]
    lang: str = "en"  # the language of every display text in `registry` and the views
    _cache: dict = field(default_factory=dict, repr=False)

    def view(self, indicator_id: str) -> IndicatorView | None:
        return self.views.get(indicator_id)

    def __iter__(self) -> Iterator[IndicatorView]:
        return iter(self.views.values())

    def cached(self, key: str, make: Callable[[Assessment], Any]) -> Any:
        """A value derived from this assessment once, on first use (the pandas frames: `frames.frames_of`)."""
        try:
            return self._cache[key]
        except KeyError:
            return self._cache.setdefault(key, make(self))


_year = operator.attrgetter("year")
_source = operator.attrgetter("source")


def points_of(registry: Registry) -> dict[str, list[Point]]:
    """Observations per indicator as progress-engine points, inline and from series files, in year order."""
    out: dict[str, list[Point]] = {
        ind.id: [Point(o.year, o.value, o.qualifier, o.source, o.period, o.kind) for o in ind.observations] for ind in registry.indicators
    }
    for ind_id, table in registry.series.tables.items():  # the plain columns: no DataFrame is built
        out[ind_id] = out.get(ind_id, []) + list(
            itertools.starmap(Point, zip(table.year, table.value, table.qualifier, table.source, table.period, table.kind))
        )
    for pts in out.values():
        pts.sort(key=_year)
    return out


def baseline_of(ind: Indicator, target: Target):
    return target.baseline or ind.baseline


def assess_target(
    ind: Indicator, target: Target, pts: list[Point], as_of_year: int | None = None, yearly: dict[int, Point] | None = None
) -> TargetProgress:
    base = baseline_of(ind, target)
    return assess(
        pts,
        base.year if base else None,
        target.year,
        lower_is_better=ind.direction == "lower_is_better",
        target_value=target.value,
        target_ratio=target.ratio,
        baseline_value=base.value if base else None,
        as_of_year=as_of_year,
        yearly=yearly,
    )


def _change(ind: Indicator, yearly: dict[int, Point], head: TargetView | None) -> tuple[Change | None, Phrase]:
    if not yearly:
        return None, Phrase.of("no_figure_yet")
    latest = next(reversed(yearly.values()))
    base_year = head.result.baseline.year if head and head.result.baseline else (ind.baseline.year if ind.baseline else None)
    reference = "baseline"
    start = head.result.baseline if head and head.result.baseline else (yearly.get(base_year) if base_year is not None else None)
    if base_year is not None and start is None:
        return None, Phrase.of("no_baseline_year_value", year=base_year)
    if start is None:
        start, reference = next(iter(yearly.values())), "first value"
        if start.year == latest.year:
            return None, Phrase.of("no_baseline_set")
    if latest.year <= start.year:
        return None, Phrase.of("no_later_value")
    if ind.unit_short.strip() == "%":
        low, high = latest.low - start.high, latest.high - start.low
        return Change(start, latest, low, high, "pp", reference), NOTHING
    if start.low <= 0:
        return None, Phrase.of("no_change_from_zero")
    low, high = (latest.low / start.high - 1) * 100, (latest.high / start.low - 1) * 100
    return Change(start, latest, low, high, "%", reference), NOTHING


def _sources(ind: Indicator, points: list[Point]) -> tuple[str, ...]:
    """Every source id behind the values (a derived value's are ", "-joined) and the targets, in the order first met."""
    joined = dict.fromkeys(map(_source, points))  # each distinct text split once, not once per value
    joined.pop("", None)
    return tuple(dict.fromkeys([s for text in joined for s in text.split(", ")] + [t.source for t in ind.targets]))


def _targets(ind: Indicator, pts: list[Point], yearly: dict[int, Point], as_of_year: int) -> tuple[TargetView, ...]:
    results = [(t, assess_target(ind, t, pts, as_of_year, yearly)) for t in ind.targets]
    chosen = next((t.id for t, r in results if r.status != "insufficient_data"), results[0][0].id if results else None)
    return tuple(TargetView(t, r, headline=t.id == chosen) for t, r in results)


def build(registry: Registry, lang: str = "en") -> Assessment:
    """The assessment of every indicator and claim, with the registry's texts in `lang` ("en" or "ru").

    Everything computed (values, results, verdicts and their phrases) is the same in every language:
    `localize` gives another language the same results with that language's texts, without computing again.
    """
    from dashboard.registry.gc_pause import paused_gc

    # many small objects that all survive (points, results, views): the cyclic collector would scan them
    # again and again while they are made (a third of the time for a 100,000-row series)
    with paused_gc():
        assessed = _build(registry)
    return localize(assessed, lang)


def localize(assessment: Assessment, lang: str) -> Assessment:
    """The same assessment with the registry's display texts in `lang`: its indicators, targets and claims
    as that language's registry has them, and each claim in plain words in that language. Nothing is computed
    again: the results and the phrases are shared."""
    registry = assessment.registry.in_language(lang)
    if registry is assessment.registry and assessment.lang == lang:
        return assessment
    claims = {c.id: c for c in registry.claims}
    with use_language(lang):
        checks = {
            cid: replace(check, text=claim_text(claims[cid], registry.indicator(claims[cid].indicator)))
            for cid, check in assessment.checks.items()
        }
    views = {}
    for ind_id, view in assessment.views.items():
        ind = registry.indicator(ind_id)
        targets = {t.id: t for t in ind.targets}
        views[ind_id] = replace(
            view,
            indicator=ind,
            targets=tuple(replace(tv, target=targets[tv.target.id]) for tv in view.targets),
            claims=tuple((claims[c.id], checks[c.id]) for c, _check in view.claims),
        )
    return Assessment(registry, views, checks, lang)


def _build(registry: Registry) -> Assessment:
    pts = points_of(registry)
    derived = derivations(registry, pts)
    for ind_id, found in derived.items():  # derived values join the published ones; by_year prefers a published value
        pts[ind_id] = sorted(pts.get(ind_id, []) + [d.point for d in found], key=lambda p: p.year)
    as_of = registry.meta.as_of
    yearly = {ind.id: by_year(pts[ind.id]) for ind in registry.indicators}
    targets = {ind.id: _targets(ind, pts[ind.id], yearly[ind.id], as_of.year) for ind in registry.indicators}
    checks = check_claims(registry, pts, {(i, t.target.id): t.result for i, tvs in targets.items() for t in tvs})
    on: dict[str, list[tuple[Claim, ClaimCheck]]] = {}
    for claim in sorted(registry.claims, key=lambda c: checks[c.id].said_on or ""):  # what was said, in date order
        on.setdefault(claim.indicator, []).append((claim, checks[claim.id]))
    views = {}
    for ind in registry.indicators:
        own, years = pts[ind.id], yearly[ind.id]
        head = next((t for t in targets[ind.id] if t.headline), None)
        change, note = _change(ind, years, head)
        views[ind.id] = IndicatorView(
            ind,
            tuple(own),
            years,
            targets[ind.id],
            tuple(on.get(ind.id, [])),
            _sources(ind, own),
            change,
            note,
            staleness(years, as_of),
            tuple(derived.get(ind.id, [])),
        )
    return Assessment(registry, views, checks, "")  # "": its texts are the registry's own, in no one language
