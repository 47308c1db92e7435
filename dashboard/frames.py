"""Pandas frames over an assessed registry: the public tabular API.

`frames_of(assessment)` lays the assessment out as tidy frames, once per assessment:
observations, indicators, targets, progress (one row per indicator x target) and claims (with
their check results). The frames hold what the assessment holds and compute nothing of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .assessment import Assessment, baseline_of, build
from .progress import METHODS
from .registry.models import Registry

OBSERVATION_COLUMNS = ["indicator", "year", "value", "qualifier", "source", "note", "quote", "origin"]


@dataclass(frozen=True)
class Frames:
    observations: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    progress: pd.DataFrame
    claims: pd.DataFrame


def build_frames(registry: Registry) -> Frames:
    return frames_of(build(registry))


def frames_of(assessment: Assessment) -> Frames:
    """The frames of an assessment, built on first use and kept with it."""
    return assessment.cached("frames", _frames)


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


def _frames(assessment: Assessment) -> Frames:
    registry = assessment.registry
    target_rows, progress_rows, ind_rows = [], [], []
    for view in assessment:
        ind = view.indicator
        for tv in view.targets:
            tgt, res = tv.target, tv.result
            base = baseline_of(ind, tgt)
            target_rows.append({
                "indicator": ind.id, "target": tgt.id, "label": tgt.label, "year": tgt.year, "value": res.target_value,
                "ratio": tgt.ratio, "baseline_year": base.year if base else None,
                "baseline_value": res.baseline.value if res.baseline else None,
                "source": tgt.source, "quote": tgt.quote, "note": tgt.note, "headline": tv.headline,
            })
            row = {
                "indicator": ind.id, "target": tgt.id, "label": tgt.label, "headline": tv.headline, "direction": ind.direction,
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
        latest, head, change = view.latest, view.headline, view.change
        ind_rows.append({
            "indicator": ind.id, "title": ind.title, "area": ind.area, "unit": ind.unit, "unit_short": ind.unit_short,
            "direction": ind.direction, "decimals": ind.decimals, "limit": ind.limit, "observations": len(view.points),
            "first_year": min(view.yearly) if view.yearly else None, "latest_year": latest.year if latest else None,
            "latest_value": latest.value if latest else None, "latest_qualifier": latest.qualifier if latest else None,
            "latest_source": latest.source if latest else None, "targets": len(ind.targets),
            "baseline_year": ind.baseline.year if ind.baseline else None,
            "headline_target": head.target.id if head else None, "headline_status": head.label if head else None,
            "change": change.text if change else None, "change_low": change.low if change else None,
            "change_high": change.high if change else None, "change_unit": change.unit if change else None,
            "change_since": change.start.year if change else None,
        })
    claim_rows = []
    for claim in registry.claims:
        check = assessment.checks[claim.id]
        claim_rows.append({
            "claim": claim.id, "indicator": claim.indicator, "kind": claim.kind, "source": claim.source, "quote": claim.quote,
            "year": getattr(claim, "year", None), "from_year": getattr(claim, "from_year", None), "to_year": getattr(claim, "to_year", None),
            "value": getattr(claim, "value", None), "qualifier": claim.qualifier, "note": claim.note,
            "result": check.result, "figure": check.figure, "detail": check.detail, "computed": check.computed,
            "evidence": ", ".join(check.evidence),
        })
    return Frames(
        observations=observations(registry),
        indicators=pd.DataFrame(ind_rows),
        targets=pd.DataFrame(target_rows),
        progress=pd.DataFrame(progress_rows),
        claims=pd.DataFrame(claim_rows),
    )
