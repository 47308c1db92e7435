"""The summary report: per indicator latest, baseline, targets and statuses; claim checks."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from dashboard.engine.assessment import Assessment, IndicatorView, TargetView
from dashboard.engine.evidence import verdict_counts
from dashboard.engine.progress import Point
from dashboard.engine.vocabulary import METHOD_SHORT, METHODS, RESULT_TEXT
from dashboard.formatting import date, number, qualified, rate
from dashboard.i18n import _
from dashboard.outputs import csvfile
from dashboard.outputs.rulings import ruling_text
from dashboard.outputs.wording import check_words, publishers, say, status_line, verdict
from dashboard.registry.texts import written_in


def _point(p: Point | None) -> dict | None:
    return {"year": p.year, "value": p.value, "qualifier": p.qualifier, "source": p.source} if p else None


def _value(p: Point) -> dict:
    """A value with everything that qualifies it: bounds, all sources, period, kind, derived."""
    return {
        "year": p.year,
        "value": p.value,
        "qualifier": p.qualifier,
        "low": p.low,
        "high": p.high,
        "source": p.source,
        "sources": p.sources,
        "period": p.period,
        "kind": p.kind,
        "derived": p.derived,
    }


def _evidence(view: IndicatorView) -> dict:
    """Stale flag, derived values, partial-year values, published changes and disagreeing sources of one indicator."""
    ind, st = view.indicator, view.stale
    return {
        "stale": {"stale": st.stale, "age_years": st.age_years, "latest_year": st.latest_year},
        "derived": {"formula": ind.derived.formula, "mid_year": ind.derived.mid_year, "note": ind.derived.note} if ind.derived else None,
        "derived_values": [_value(d.point) for d in view.derivations],
        "partial_year_values": [_value(p) for p in view.partial_year],
        "published_changes": [_value(p) for p in view.published_changes],
        "disagreements": {str(y): [_value(p) for p in found] for y, found in view.disagreements.items()},
        "cross_checks": [
            {"year": a.year, "published": a.value, "derived_low": b.low, "derived_high": b.high, "agree": ok}
            for a, b, ok in view.cross_checks
        ],
    }


def _target(tv: TargetView) -> dict:
    tgt, res = tv.target, tv.result
    return {
        "id": tgt.id,
        "label": tgt.label,
        "year": tgt.year,
        "value": res.target_value,
        "source": tgt.source,
        "headline": tv.headline,
        "status": tv.label,
        "baseline": {"year": res.baseline.year, "value": res.baseline.value} if res.baseline else None,
        "latest": _point(res.latest),
        "rate_kind": res.rate_kind,
        "required_rate": res.required_rate,
        "actual_rate": res.actual_rate,
        "projected_value": res.projected_value,
        "statuses": {
            m: {"status": r.status, "label": r.label, "score": r.score, "at_low_bound": r.status_low, "at_high_bound": r.status_high}
            for m, r in res.methods.items()
        },
        "methods_disagree": res.methods_disagree,
        "reason": say(res.reason) or None,
        "due": res.due,
        "gap": res.gap,
    }


def summary_data(assessment: Assessment) -> dict:
    registry = assessment.registry
    indicators = []
    for view in assessment:
        ind, head, change = view.indicator, view.headline, view.change
        indicators.append(
            {
                "id": ind.id,
                "title": ind.title,
                "area": ind.area,
                "unit": ind.unit,
                "direction": ind.direction,
                "latest": _point(view.latest),
                "baseline": {"year": ind.baseline.year} if ind.baseline else None,
                "headline_target": head.target.id if head else None,
                "status_line": status_line(view),
                "change": {
                    "text": change.text,
                    "low": change.low,
                    "high": change.high,
                    "unit": change.unit,
                    "from": _point(change.start),
                    "reference": change.reference,
                }
                if change
                else None,
                "change_note": say(view.change_note) or None,
                "targets": [_target(tv) for tv in view.targets],
                "claims": [c.id for c, _ in view.claims],
                **_evidence(view),
            }
        )
    claims = []
    names = publishers(registry)
    for claim in registry.claims:
        check = assessment.checks[claim.id]
        words = check_words(check, names)
        claims.append(
            {
                "id": claim.id,
                "indicator": claim.indicator,
                "kind": claim.kind,
                "source": claim.source,
                "quote": claim.quote,
                "quote_language": written_in(claim.quote),
                "translation": {"text": claim.translation.text, "by": claim.translation.by} if claim.translation else None,
                "result": check.result,
                "course": check.course,
                "courses": dict(check.courses),
                "figure": words["figure"],
                "detail": words["detail"],
                "computed": check.computed,
                "evidence": check.evidence,
                "verdict": words["verdict"],
                "text": check.text,
                "ruling": ruling_text(assessment, claim),
                "by_stand_in": check.by_stand_in,
                "stand_in": {"indicator": claim.stand_in.indicator, "period": claim.stand_in.period, "reason": claim.stand_in.reason}
                if claim.stand_in
                else None,
                "missing": words["missing"] or None,
                "per_source": words["per_source"],
                "values": [_value(p) for p in check.values],
                "said_on": check.said_on,
                "said_by": claim.said_by,
                "period": claim.period,
                "found_in": claim.found_in,
                "topic": claim.topic,
                "also_quoted": [{"source": a.source, "quote": a.quote} for a in claim.also_quoted],
                "note": claim.note,
                "quote_checked": check.quote_checked,
                "quote_status": None if check.quote_checked else _("not checked against a stored text"),
            }
        )
    return {
        "registry": {
            "path": registry.path,
            "version": registry.version,
            "sha256": registry.sha256,
            "as_of": registry.meta.as_of.isoformat(),
            "title": registry.meta.title,
        },
        "indicators": indicators,
        "claims": claims,
        "verdict_counts": verdict_counts(assessment.checks, registry),
    }


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity (a CR of -inf when the target equals the baseline): write null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def as_json(assessment: Assessment) -> str:
    return json.dumps(_finite(summary_data(assessment)), ensure_ascii=False, indent=2, allow_nan=False)


def as_csv(assessment: Assessment) -> str:
    """One row per indicator x target (indicators without a target get one row).

    Statuses read as on the page: "limited to fair progress"."""
    data = summary_data(assessment)
    claim_results = {c["id"]: c["result"] for c in data["claims"]}
    columns = [
        "indicator",
        "title",
        "latest_year",
        "latest_value",
        "latest_qualifier",
        "target",
        "headline",
        "target_year",
        "target_value",
        "baseline_year",
        "baseline_value",
        "required_rate",
        "actual_rate",
        "projected_value",
        *[f"{m}_status" for m in METHODS],
        "methods_disagree",
        "claims",
    ]
    rows = []
    for ind in data["indicators"]:
        latest = ind["latest"] or {}
        base = {
            "indicator": ind["id"],
            "title": ind["title"],
            "latest_year": latest.get("year"),
            "latest_value": latest.get("value"),
            "latest_qualifier": latest.get("qualifier"),
            "claims": "; ".join(f"{c}: {claim_results[c]}" for c in ind["claims"]),
        }
        for tgt in ind["targets"] or [None]:
            row = dict(base)
            if tgt:
                row.update(
                    {
                        "target": tgt["id"],
                        "headline": tgt["headline"],
                        "target_year": tgt["year"],
                        "target_value": tgt["value"],
                        "baseline_year": (tgt["baseline"] or {}).get("year"),
                        "baseline_value": (tgt["baseline"] or {}).get("value"),
                        "required_rate": tgt["required_rate"],
                        "actual_rate": tgt["actual_rate"],
                        "projected_value": tgt["projected_value"],
                        "methods_disagree": tgt["methods_disagree"],
                        **{f"{m}_status": tgt["statuses"][m]["label"] for m in METHODS},
                    }
                )
            rows.append([row.get(c) for c in columns])
    return csvfile.write(columns, rows)


def as_table(assessment: Assessment) -> str:
    registry = assessment.registry
    lines = [
        f"{registry.meta.title}",
        _("data as of {date}  registry version {version}").format(date=registry.meta.as_of.isoformat(), version=registry.version),
        "",
    ]
    for view in assessment:
        ind, latest = view.indicator, view.latest
        if latest:
            shown = _("{value} ({year})").format(
                value=qualified(latest.value, latest.qualifier, ind.decimals, ind.unit_short), year=latest.year
            )
            lines.append(f"{ind.id}  " + _("{title}: latest {value}").format(title=ind.title, value=shown))
        else:
            lines.append(f"{ind.id}  " + _("{title}: latest no data").format(title=ind.title))
        for tv in view.targets:
            res = tv.result
            base = (
                _("{value} ({year})").format(value=number(res.baseline.value, ind.decimals), year=res.baseline.year)
                if res.baseline
                else "–"
            )
            head = "  " + _("[headline]") if tv.headline else ""
            lines.append(
                "  "
                + _("target {id}: {value} by {year}, baseline {baseline}").format(
                    id=tv.target.id, value=number(res.target_value, ind.decimals), year=tv.target.year, baseline=base
                )
                + head
            )
            lines.append(
                "    "
                + _("required {required}, actual {actual}, projected {projected} in {year}").format(
                    required=rate(res.required_rate, res.rate_kind),
                    actual=rate(res.actual_rate, res.rate_kind),
                    projected=number(res.projected_value, ind.decimals),
                    year=tv.target.year,
                )
            )
            statuses = "; ".join(f"{METHOD_SHORT[m]}: {r.label}" for m, r in res.methods.items())
            flag = "  " + _("[methods disagree]") if res.methods_disagree else ""
            lines.append(f"    {statuses}{flag}" + (f"  ({say(res.reason)})" if res.reason else ""))
    lines += ["", _("Claims, checked against independent data:")]
    speech = None
    width = max([13, *(len(_(text)) for text in RESULT_TEXT.values())])
    for claim in registry.claims:
        check = assessment.checks[claim.id]
        if check.said_on != speech:
            speech = check.said_on
            said = date(dt.date.fromisoformat(speech)) if speech else _("unknown date")
            lines.append(" " + _("Speech of {date}:").format(date=said))
        result = verdict(check).upper()
        lines.append(f"  {result:<{width}} {claim.id}: {ruling_text(assessment, claim)}")
        lines.append(f'                "{claim.quote}"' + ("" if check.quote_checked else "  " + _("[not checked against a stored text]")))
    return "\n".join(lines) + "\n"
