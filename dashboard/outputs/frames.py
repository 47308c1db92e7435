"""Pandas frames over an assessed registry: the public tabular API.

`frames_of(assessment)` lays the assessment out as tidy frames, once per assessment:
observations, indicators, targets, progress (one row per indicator x target) and claims (with
their check results). The frames hold what the assessment holds and compute nothing of their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.engine.assessment import Assessment, baseline_of, build
from dashboard.engine.progress import Point
from dashboard.engine.vocabulary import METHODS
from dashboard.outputs.wording import check_words, derivation_text, publishers, say
from dashboard.registry.models import Registry

OBSERVATION_COLUMNS = [
    "indicator",
    "year",
    "value",
    "qualifier",
    "source",
    "note",
    "quote",
    "origin",
    "period",
    "kind",
    "derived",
    "low",
    "high",
]
# period: months covered ("Jan-Jul"), None for the full year; kind: "level" or "change" (a published percent change);
# derived: computed by the indicator's formula (origin "derived", source = its inputs' sources); low/high: its bounds


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


def observations(assessment: Assessment) -> pd.DataFrame:
    """Every value, inline, from series files and derived, one row each."""
    registry = assessment.registry
    names = publishers(registry)
    rows = [
        (ind.id, o.year, o.value, o.qualifier, o.source, o.note, o.quote, "registry", o.period, o.kind, False, None, None)
        for ind in registry.indicators
        for o in ind.observations
    ]
    rows += [
        (
            d.indicator,
            d.point.year,
            d.point.value,
            d.point.qualifier,
            d.point.source,
            f"derived: {d.formula}; {derivation_text(d, names)}",
            None,
            "derived",
            None,
            "level",
            True,
            d.point.low,
            d.point.high,
        )
        for view in assessment
        for d in view.derivations
    ]
    frames = [pd.DataFrame(rows, columns=OBSERVATION_COLUMNS)]
    defaults = {"period": None, "kind": "level", "derived": False, "low": None, "high": None}
    frames += [f.assign(**{k: v for k, v in defaults.items() if k not in f.columns})[OBSERVATION_COLUMNS] for f in registry.series.values()]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if c == "year" else "float64" if c == "value" else "object") for c in OBSERVATION_COLUMNS}
        )
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
            target_rows.append(
                {
                    "indicator": ind.id,
                    "target": tgt.id,
                    "label": tgt.label,
                    "year": tgt.year,
                    "value": res.target_value,
                    "ratio": tgt.ratio,
                    "baseline_year": base.year if base else None,
                    "baseline_value": res.baseline.value if res.baseline else None,
                    "source": tgt.source,
                    "quote": tgt.quote,
                    "note": tgt.note,
                    "headline": tv.headline,
                }
            )
            row = {
                "indicator": ind.id,
                "target": tgt.id,
                "label": tgt.label,
                "headline": tv.headline,
                "direction": ind.direction,
                "baseline_year": res.baseline.year if res.baseline else (base.year if base else None),
                "baseline_value": res.baseline.value if res.baseline else None,
                "latest_year": res.latest.year if res.latest else None,
                "latest_value": res.latest.value if res.latest else None,
                "latest_qualifier": res.latest.qualifier if res.latest else None,
                "target_year": tgt.year,
                "target_value": res.target_value,
                "rate_kind": res.rate_kind,
                "required_rate": res.required_rate,
                "actual_rate": res.actual_rate,
                "share_done": res.share_done,
                "projected_value": res.projected_value,
            }
            for m in METHODS:
                r = res.methods[m]
                row[f"{m}_status"], row[f"{m}_score"], row[f"{m}_label"] = r.status, r.score, r.label
            row["methods_disagree"] = res.methods_disagree
            row["reason"] = say(res.reason)
            row["due"], row["gap"], row["status"] = res.due, res.gap, res.status
            row["latest_derived"] = bool(res.latest and res.latest.derived)
            progress_rows.append(row)
        latest, head, change = view.latest, view.headline, view.change
        ind_rows.append(
            {
                "indicator": ind.id,
                "title": ind.title,
                "area": ind.area,
                "unit": ind.unit,
                "unit_short": ind.unit_short,
                "direction": ind.direction,
                "decimals": ind.decimals,
                "limit": ind.limit,
                "observations": len(view.points),
                "first_year": min(view.yearly) if view.yearly else None,
                "latest_year": latest.year if latest else None,
                "latest_value": latest.value if latest else None,
                "latest_qualifier": latest.qualifier if latest else None,
                "latest_source": latest.source if latest else None,
                "targets": len(ind.targets),
                "baseline_year": ind.baseline.year if ind.baseline else None,
                "headline_target": head.target.id if head else None,
                "headline_status": head.label if head else None,
                "change": change.text if change else None,
                "change_low": change.low if change else None,
                "change_high": change.high if change else None,
                "change_unit": change.unit if change else None,
                "change_since": change.start.year if change else None,
                "latest_derived": bool(latest and latest.derived),
                "derived_formula": ind.derived.formula if ind.derived else None,
                "stale": view.stale.stale,
                "age_years": view.stale.age_years,
            }
        )
    claim_rows = []
    names = publishers(registry)
    for claim in registry.claims:
        check = assessment.checks[claim.id]
        words = check_words(check, names)
        claim_rows.append(
            {
                "claim": claim.id,
                "indicator": claim.indicator,
                "kind": claim.kind,
                "source": claim.source,
                "quote": claim.quote,
                "year": getattr(claim, "year", None),
                "from_year": getattr(claim, "from_year", None),
                "to_year": getattr(claim, "to_year", None),
                "value": getattr(claim, "value", None),
                "qualifier": claim.qualifier,
                "note": claim.note,
                "result": check.result,
                "course": check.course,
                "computed": check.computed,
                "evidence": ", ".join(check.evidence),
                "by_stand_in": check.by_stand_in,
                "stand_in": check.stand_in,
                "text": check.text,
                "figure": words["figure"],
                "detail": words["detail"],
                "verdict": words["verdict"],
                "missing": words["missing"] or None,
                "per_source": "; ".join(words["per_source"]) or None,
                "said_on": check.said_on,
                "said_by": claim.said_by,
                "period": claim.period,
                "quote_checked": check.quote_checked,
                "values": "; ".join(_value_text(p) for p in check.values) or None,
            }
        )
    return Frames(
        observations=observations(assessment),
        indicators=pd.DataFrame(ind_rows),
        targets=pd.DataFrame(target_rows),
        progress=pd.DataFrame(progress_rows),
        claims=pd.DataFrame(claim_rows),
    )


def _value_text(p: Point) -> str:
    """'2025 Jan-Jul level =28.9 (tass)': one value a claim check used."""
    return f"{p.year}{' ' + p.period if p.period else ''} {p.kind} {p.qualifier}{p.value:g} ({p.source}{', derived' if p.derived else ''})"
