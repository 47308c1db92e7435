"""Pandas frames over a loaded registry: the public tabular API.

`build_frames(registry)` computes everything once: observations (tidy),
indicators, targets, progress (one row per indicator x target) and claims
(with check results).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .claims import ClaimCheck, check_claim
from .progress import METHODS, Point, TargetProgress, assess, by_year
from .registry.models import Indicator, Registry, Target
from .registry.yamlfile import paused_gc

OBSERVATION_COLUMNS = ["indicator", "year", "value", "qualifier", "source", "note", "quote", "origin"]


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


def observations(registry: Registry) -> pd.DataFrame:
    """Every value, inline and from series files, one row each."""
    rows = [
        (ind.id, o.year, o.value, o.qualifier, o.source, o.note, o.quote, "registry")
        for ind in registry.indicators
        for o in ind.observations
    ]
    frames = [pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)]
    frames += [f[OBSERVATION_COLUMNS] for f in registry.series.values()]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "year" else "float64" if c == "value" else "object") for c in OBSERVATION_COLUMNS})
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out.astype({"year": "int64", "value": "float64"})


def points(registry: Registry) -> dict[str, list[Point]]:
    """Observations per indicator as progress-engine points, in year order."""
    out: dict[str, list[Point]] = {ind.id: [Point(o.year, o.value, o.qualifier, o.source) for o in ind.observations] for ind in registry.indicators}
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


def assess_target(ind: Indicator, target: Target, pts: list[Point]) -> TargetProgress:
    base = baseline_of(ind, target)
    return assess(
        pts,
        base.year if base else None,
        target.year,
        lower_is_better=ind.direction == "lower_is_better",
        target_value=target.value,
        target_ratio=target.ratio,
        baseline_value=base.value if base else None,
    )


def build_frames(registry: Registry) -> Frames:
    # many small objects that all survive (points, results, rows): the cyclic collector would scan them
    # again and again while they are made (a third of the time for a 100,000-row series)
    with paused_gc():
        return _build_frames(registry)


def _build_frames(registry: Registry) -> Frames:
    pts = points(registry)
    obs = observations(registry)
    results: dict[tuple[str, str], TargetProgress] = {}
    target_rows, progress_rows = [], []
    for ind in registry.indicators:
        for tgt in ind.targets:
            res = assess_target(ind, tgt, pts[ind.id])
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
            progress_rows.append(row)

    as_of_year = registry.meta.as_of.year
    checks: dict[str, ClaimCheck] = {}
    claim_rows = []
    for claim in registry.claims:
        ind = registry.indicator(claim.indicator)
        status = None
        if getattr(claim, "target", None) and (claim.indicator, claim.target) in results:
            status = results[(claim.indicator, claim.target)].methods["unsd"].label
        check = check_claim(
            claim, pts.get(claim.indicator, []), decimals=ind.decimals if ind else 0, as_of_year=as_of_year, target_status=status,
            lower_is_better=ind.direction == "lower_is_better" if ind else True,
        )
        checks[claim.id] = check
        claim_rows.append({
            "claim": claim.id, "indicator": claim.indicator, "kind": claim.kind, "source": claim.source, "quote": claim.quote,
            "year": getattr(claim, "year", None), "from_year": getattr(claim, "from_year", None), "to_year": getattr(claim, "to_year", None),
            "value": getattr(claim, "value", None), "qualifier": claim.qualifier, "note": claim.note,
            "result": check.result, "figure": check.figure, "detail": check.detail, "computed": check.computed,
            "evidence": ", ".join(check.evidence),
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
    )
