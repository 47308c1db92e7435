"""Derived values: indicators computed per year from others by a formula (pure; no pandas, no I/O).

`derive(registry, points_by_indicator)` gives, per derived indicator, one Point a
year for every year in which all its inputs have a full-year value:

- value: the formula on the inputs' chosen values (published before derived,
  exact before approximate before bounds, as `progress.by_year` picks);
- bounds: interval arithmetic on the inputs' low/high, carried in `lo`/`hi`;
  the qualifier is "=" when every input is exact, else "~" (a range);
- provenance: `source` lists every input's source (", "-joined; see
  `Point.sources`), and `derivations` keeps the inputs themselves;
- `mid_year` inputs (stocks on 1 January, e.g. population) use the mean of
  1 January of the year and of the next year when both exist, else 1 January
  of the year.

Derived indicators may use other derived indicators; they are computed in
dependency order (cycles are refused when the registry is loaded).
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.engine.progress import Point, by_year, implied_unit
from dashboard.registry.formula import FormulaError, evaluate, names, parse
from dashboard.registry.models import Indicator, Registry


@dataclass(frozen=True)
class Derivation:
    """One derived value with the input values it was computed from."""

    indicator: str
    point: Point
    inputs: dict[str, list[Point]]  # input id -> the value(s) used (two for a mid-year mean)
    formula: str


def _order(registry: Registry) -> list[Indicator]:
    """Derived indicators, each after the derived indicators it uses."""
    derived = {ind.id: ind for ind in registry.indicators if ind.derived}
    done: list[Indicator] = []
    seen: set[str] = set()

    def visit(ident: str, path: tuple[str, ...]) -> None:
        if ident in seen or ident not in derived or ident in path:
            return
        for name, _kind in names(derived[ident].derived.formula):  # type: ignore[union-attr]
            visit(name, path + (ident,))
        seen.add(ident)
        done.append(derived[ident])

    for ident in derived:
        visit(ident, ())
    return done


def _input(yearly: dict[int, Point], year: int, mid_year: bool) -> list[Point] | None:
    p = yearly.get(year)
    if p is None:
        return None
    if mid_year and (year + 1) in yearly:
        return [p, yearly[year + 1]]
    return [p]


def derive_one(ind: Indicator, points_by_indicator: dict[str, list[Point]]) -> list[Derivation]:
    """The derived values of one indicator, in year order."""
    assert ind.derived is not None
    formula = ind.derived.formula
    try:
        tree = parse(formula)
        inputs = list(dict.fromkeys(name for name, _kind in names(formula)))
    except FormulaError:
        return []
    yearly = {name: by_year(points_by_indicator.get(name, [])) for name in inputs}
    years = set.intersection(*(set(v) for v in yearly.values())) if inputs else set()
    out: list[Derivation] = []
    for year in sorted(years):
        used = {name: _input(yearly[name], year, name in ind.derived.mid_year) for name in inputs}
        if any(v is None for v in used.values()):
            continue

        def lookup(name: str, used: dict[str, list[Point] | None] = used) -> tuple[float, float, float]:
            pts = used[name] or []
            n = len(pts)
            return sum(p.value for p in pts) / n, sum(p.low for p in pts) / n, sum(p.high for p in pts) / n

        try:
            central, low, high = evaluate(tree, lookup)
        except ZeroDivisionError:
            continue
        exact = all(not p.bounded for pts in used.values() for p in pts or [])
        sources = list(dict.fromkeys(s for pts in used.values() for p in pts or [] for s in p.sources))
        point = Point(year, central, "=" if exact else "~", ", ".join(sources), None, "level", True, low, high)
        out.append(Derivation(ind.id, point, {k: v or [] for k, v in used.items()}, formula))
    return out


def derivations(registry: Registry, points_by_indicator: dict[str, list[Point]]) -> dict[str, list[Derivation]]:
    """Every derived value with its inputs, per derived indicator."""
    pts = dict(points_by_indicator)
    out: dict[str, list[Derivation]] = {}
    for ind in _order(registry):
        out[ind.id] = derive_one(ind, pts)
        pts[ind.id] = pts.get(ind.id, []) + [d.point for d in out[ind.id]]  # later formulas may use it
    return out


def derive(registry: Registry, points_by_indicator: dict[str, list[Point]]) -> dict[str, list[Point]]:
    """Derived Points per derived indicator (`derived=True`). Merge them with the published points:
    `progress.by_year` prefers a published value of the same year."""
    return {ident: [d.point for d in found] for ident, found in derivations(registry, points_by_indicator).items()}


def with_derived(registry: Registry, points_by_indicator: dict[str, list[Point]]) -> dict[str, list[Point]]:
    """Published and derived points together, per indicator, in year order."""
    out = {k: list(v) for k, v in points_by_indicator.items()}
    for ident, pts in derive(registry, points_by_indicator).items():
        out[ident] = sorted(out.get(ident, []) + pts, key=lambda p: p.year)
    return out


def cross_checks(points: list[Point]) -> list[tuple[Point, Point, bool]]:
    """For each year with both: (published, derived, agree).

    `agree`: their bounds overlap (an exact published figure within its rounding)."""
    published = by_year([p for p in points if not p.derived])
    derived = by_year([p for p in points if p.derived])
    out = []
    for y in sorted(set(published) & set(derived)):
        p, d = published[y], derived[y]
        half = implied_unit(p.value) / 2 if p.qualifier == "=" else 0.0  # a published 9.5 stands for 9.45-9.55
        out.append((p, d, p.low - half <= d.high and d.low <= p.high + half))
    return out
