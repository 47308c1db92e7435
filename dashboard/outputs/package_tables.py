"""The data package's tables beside observations.csv and claims.csv: indicators, targets, target statuses, sources.

Pure functions of an assessment, written by the one CSV writer (`csvfile.write`), so they open in a spreadsheet
and round-trip like the other downloads. Their columns are the fields of their Table Schemas
(`package_schema.FIELDS`): a column cannot be added to one without the other.
"""

from __future__ import annotations

from dashboard.engine.assessment import Assessment, baseline_of
from dashboard.engine.vocabulary import HEADLINE_METHOD, METHODS, STATUS_TEXT
from dashboard.i18n import _
from dashboard.outputs import csvfile
from dashboard.outputs.package_schema import FIELDS
from dashboard.outputs.wording import publishers, say


def columns(resource: str) -> list[str]:
    return [f["name"] for f in FIELDS[resource]]


def _num(value: float | None) -> str:
    return csvfile.number(value)


def indicators_csv(assessment: Assessment) -> str:
    """One row per indicator: its title, unit, direction and how its values are read."""
    registry = assessment.registry
    areas = {a.id: a.title for a in registry.areas}
    rows = [
        [
            ind.id,
            ind.title,
            ind.area,
            areas.get(ind.area, ""),
            ind.unit,
            ind.unit_short,
            ind.direction,
            ind.decimals,
            _num(ind.minimum),
            _num(ind.limit),
            ind.derived.formula if ind.derived else "",
            ind.description,
        ]
        for ind in registry.indicators
    ]
    return csvfile.write(columns("indicators"), rows)


def targets_csv(assessment: Assessment) -> str:
    """One row per indicator x target: the target, its baseline, the latest value and the rates the statuses rest on."""
    rows = []
    names = publishers(assessment.registry)
    for view in assessment:
        ind = view.indicator
        for tv in view.targets:
            tgt, res = tv.target, tv.result
            base = baseline_of(ind, tgt)
            baseline = res.baseline
            latest = res.latest
            rows.append(
                [
                    ind.id,
                    tgt.id,
                    tgt.label or "",
                    tgt.year,
                    _num(res.target_value),
                    _num(tgt.ratio),
                    baseline.year if baseline else (base.year if base else ""),
                    _num(baseline.value if baseline else None),
                    latest.year if latest else "",
                    _num(latest.value if latest else None),
                    res.rate_kind or "",
                    _num(res.required_rate),
                    _num(res.actual_rate),
                    _num(res.projected_value),
                    res.status,
                    tv.headline,
                    res.due,
                    _num(res.gap),
                    say(res.reason, names),
                    tgt.source,
                    tgt.quote or "",
                    tgt.note or "",
                ]
            )
    return csvfile.write(columns("targets"), rows)


def statuses_csv(assessment: Assessment) -> str:
    """One row per indicator x target x method: the status each of the three methods gives, with its score."""
    rows = []
    for view in assessment:
        for tv in view.targets:
            for method in METHODS:
                r = tv.result.methods[method]
                rows.append(
                    [
                        view.id,
                        tv.target.id,
                        method,
                        r.status,
                        _(STATUS_TEXT[r.status]),
                        r.label,
                        _num(r.score),
                        r.status_low or "",
                        r.status_high or "",
                        method == HEADLINE_METHOD,
                    ]
                )
    return csvfile.write(columns("statuses"), rows)


def sources_csv(assessment: Assessment) -> str:
    """One row per source: its publisher, address and date, the licence of its text where the registry gives it."""
    rows = [
        [
            s.id,
            s.title,
            s.publisher,
            s.type or "",
            s.url,
            s.date.isoformat() if s.date else "",
            s.document or "",
            s.license or "",
            s.language or "",
        ]
        for s in assessment.registry.sources
    ]
    return csvfile.write(columns("sources"), rows)
