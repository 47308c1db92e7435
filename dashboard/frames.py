"""Pandas frames over a loaded registry: the public tabular API.

`build_frames(registry)` computes everything once: observations (tidy),
indicators, targets, progress (one row per indicator x target) and claims
(with check results).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .claims import ClaimCheck
from .derived import Derivation, derivations
from .evidence import check_claims, staleness
from .progress import METHODS, Point, TargetProgress, assess, by_year
from .registry.models import Indicator, Registry, Target
from .registry.yamlfile import paused_gc

OBSERVATION_COLUMNS = ["indicator", "year", "value", "qualifier", "source", "note", "quote", "origin", "period", "kind", "derived", "low", "high"]
# period: months covered ("Jan-Jul"), None for the full year; kind: "level" or "change" (a published percent change);
# derived: computed by the indicator's formula (origin "derived", source = its inputs' sources); low/high: its bounds


@dataclass
class Frames:
    observations: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    progress: pd.DataFrame
    claims: pd.DataFrame
    points: dict[str, list[Point]] = field(default_factory=dict)
    results: dict[tuple[str, str], TargetProgress] = field(default_factory=dict)
    checks: dict[str, ClaimCheck] = field(default_factory=dict)
    derivations: dict[str, list[Derivation]] = field(default_factory=dict)


def observations(registry: Registry, derived: dict[str, list[Derivation]] | None = None) -> pd.DataFrame:
    """Every value, inline, from series files and derived, one row each."""
    rows = [
        (ind.id, o.year, o.value, o.qualifier, o.source, o.note, o.quote, "registry", o.period, o.kind, False, None, None)
        for ind in registry.indicators
        for o in ind.observations
    ]
    rows += [
        (d.indicator, d.point.year, d.point.value, d.point.qualifier, d.point.source, f"derived: {d.formula}; {d.text}", None, "derived",
         None, "level", True, d.point.low, d.point.high)
        for found in (derived or {}).values() for d in found
    ]
    frames = [pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)]
    defaults = {"period": None, "kind": "level", "derived": False, "low": None, "high": None}
    frames += [f.assign(**{k: v for k, v in defaults.items() if k not in f.columns})[OBSERVATION_COLUMNS] for f in registry.series.values()]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "year" else "float64" if c == "value" else "object") for c in OBSERVATION_COLUMNS})
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out.astype({"year": "int64", "value": "float64"})


def points(registry: Registry) -> dict[str, list[Point]]:
    """Observations per indicator as progress-engine points, in year order."""
    out: dict[str, list[Point]] = {
        ind.id: [Point(o.year, o.value, o.qualifier, o.source, o.period, o.kind) for o in ind.observations] for ind in registry.indicators
    }
    for ind_id, frame in registry.series.items():
        out[ind_id] = out.get(ind_id, []) + [
            # tolist() gives plain ints, floats and strs at once; iterating a pandas column boxes each element
            Point(y, v, q, s) for y, v, q, s in zip(*(frame[c].tolist() for c in ("year", "value", "qualifier", "source")))
        ]
    for pts in out.values():
        pts.sort(key=lambda p: p.year)
    return out


def baseline_of(ind: Indicator, target: Target):
    return target.baseline or ind.baseline


def assess_target(ind: Indicator, target: Target, pts: list[Point], as_of_year: int | None = None) -> TargetProgress:
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
    )


def build_frames(registry: Registry) -> Frames:
    # many small objects that all survive (points, results, rows): the cyclic collector would scan them
    # again and again while they are made (a third of the time for a 100,000-row series)
    with paused_gc():
        return _build_frames(registry)


def _build_frames(registry: Registry) -> Frames:
    pts = points(registry)
    found = derivations(registry, pts)
    for ind_id, ders in found.items():  # derived values join the published ones; by_year prefers a published value
        pts[ind_id] = sorted(pts.get(ind_id, []) + [d.point for d in ders], key=lambda p: p.year)
    obs = observations(registry, found)
    as_of_year = registry.meta.as_of.year
    results: dict[tuple[str, str], TargetProgress] = {}
    target_rows, progress_rows = [], []
    for ind in registry.indicators:
        for tgt in ind.targets:
            res = assess_target(ind, tgt, pts[ind.id], as_of_year)
            results[(ind.id, tgt.id)] = res
            base = baseline_of(ind, tgt)
            target_rows.append({
                "indicator": ind.id, "target": tgt.id, "label": tgt.label, "year": tgt.year, "value": res.target_value,
                "ratio": tgt.ratio, "baseline_year": base.year if base else None,
                "baseline_value": res.baseline.value if res.baseline else None,
                "source": tgt.source, "quote": tgt.quote, "note": tgt.note,
            })
            row = {
                "indicator": ind.id, "target": tgt.id, "label": tgt.label, "direction": ind.direction,
                "baseline_year": res.baseline.year if res.baseline else (base.year if base else None),
                "baseline_value": res.baseline.value if res.baseline else None,
                "latest_year": res.latest.year if res.latest else None,
                "latest_value": res.latest.value if res.latest else None,
                "latest_qualifier": res.latest.qualifier if res.latest else None,
                "target_year": tgt.year, "target_value": res.target_value,
                "rate_kind": res.rate_kind, "required_rate": res.required_rate, "actual_rate": res.actual_rate,
                "share_done": res.share_done, "projected_value": res.projected_value,
            }
            for m in METHODS:
                r = res.methods[m]
                row[f"{m}_status"], row[f"{m}_score"], row[f"{m}_label"] = r.status, r.score, r.label
            row["methods_disagree"] = res.methods_disagree
            row["reason"] = res.reason
            row["due"], row["gap"], row["status"] = res.due, res.gap, res.status
            row["latest_derived"] = bool(res.latest and res.latest.derived)
            progress_rows.append(row)

    checks = check_claims(registry, pts, results)
    claim_rows = []
    for claim in registry.claims:
        check = checks[claim.id]
        claim_rows.append({
            "claim": claim.id, "indicator": claim.indicator, "kind": claim.kind, "source": claim.source, "quote": claim.quote,
            "year": getattr(claim, "year", None), "from_year": getattr(claim, "from_year", None), "to_year": getattr(claim, "to_year", None),
            "value": getattr(claim, "value", None), "qualifier": claim.qualifier, "note": claim.note,
            "result": check.result, "figure": check.figure, "detail": check.detail, "computed": check.computed,
            "evidence": ", ".join(check.evidence),
            "verdict": check.verdict, "by_stand_in": check.by_stand_in, "stand_in": check.stand_in, "text": check.text,
            "missing": check.missing or None, "per_source": "; ".join(check.per_source) or None, "said_on": check.said_on,
            "said_by": claim.said_by, "period": claim.period, "quote_checked": check.quote_checked,
            "values": "; ".join(f"{p.year}{' ' + p.period if p.period else ''} {p.kind} {p.qualifier}{p.value:g} ({p.source}{', derived' if p.derived else ''})" for p in check.values) or None,
        })

    ind_rows = []
    for ind in registry.indicators:
        yearly = by_year(pts[ind.id])
        latest = next(reversed(yearly.values()), None) if yearly else None
        ind_rows.append({
            "indicator": ind.id, "title": ind.title, "area": ind.area, "unit": ind.unit, "unit_short": ind.unit_short,
            "direction": ind.direction, "decimals": ind.decimals, "limit": ind.limit, "observations": len(pts[ind.id]),
            "first_year": min(yearly) if yearly else None, "latest_year": latest.year if latest else None,
            "latest_value": latest.value if latest else None, "latest_qualifier": latest.qualifier if latest else None,
            "latest_source": latest.source if latest else None, "targets": len(ind.targets),
            "baseline_year": ind.baseline.year if ind.baseline else None,
            "latest_derived": bool(latest and latest.derived), "derived_formula": ind.derived.formula if ind.derived else None,
            **_stale_columns(pts[ind.id], registry),
        })
    return Frames(
        observations=obs,
        indicators=pd.DataFrame(ind_rows),
        targets=pd.DataFrame(target_rows),
        progress=pd.DataFrame(progress_rows),
        claims=pd.DataFrame(claim_rows),
        points=pts,
        results=results,
        checks=checks,
        derivations=found,
    )


def _stale_columns(pts: list[Point], registry: Registry) -> dict:
    st = staleness(pts, registry.meta.as_of)
    return {"stale": st.stale, "age_years": st.age_years}
