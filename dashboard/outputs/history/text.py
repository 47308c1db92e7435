"""A diff of two versions in words, in the scope's language: the CLI's table and the /changes page's lines."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.engine.assessment import Assessment
from dashboard.engine.changes import Changes, Run, StatusChange, ValueChange, VerdictChange
from dashboard.engine.vocabulary import METHOD_SHORT, RESULT_TEXT, STATUS_TEXT
from dashboard.i18n import _

NONE = "–"


@dataclass(frozen=True)
class Names:
    """What a reader knows things by: indicators by title, sources by publisher, claims in plain words. The pages
    pass the current registry's; the CLI, an analyst's tool, passes none and shows the ids."""

    indicators: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)
    targets: dict[tuple[str, str], str] = field(default_factory=dict)


IDS = Names()


def names_of(assessment: Assessment) -> Names:
    registry = assessment.registry
    return Names(
        {i.id: str(i.title) for i in registry.indicators},
        {s.id: str(s.publisher) for s in registry.sources},
        {cid: check.text for cid, check in assessment.checks.items() if check.text},
        {(i.id, t.id): str(t.label or t.id) for i in registry.indicators for t in i.targets},
    )


def status_name(code: str | None) -> str:
    return NONE if code is None else (_(STATUS_TEXT[code]) if code in STATUS_TEXT else code)


def verdict_name(code: str | None, stand_in: bool = False) -> str:
    """The verdict's name; a code this version does not know is shown as it is."""
    if code is None:
        return NONE
    name = _(RESULT_TEXT[code]) if code in RESULT_TEXT else code.replace("_", " ")
    return _("{verdict} (by a stand-in)").format(verdict=name) if stand_in else name


def value_where(change: ValueChange, names: Names = IDS) -> str:
    """'2026, news.mail.ru', '2025 Jan-Sep, tass.ru, published change'."""
    parts = [f"{change.year}" + (f" {change.period}" if change.period else ""), names.sources.get(change.source, change.source)]
    return ", ".join(parts + ([_("published change")] if change.kind == "change" else []))


def value_line(change: ValueChange, names: Names = IDS) -> str:
    where = value_where(change, names)
    indicator = names.indicators.get(change.indicator, change.indicator)
    if change.old is None:
        return _("{indicator} {where}: added {new}").format(indicator=indicator, where=where, new=change.new)
    if change.new is None:
        return _("{indicator} {where}: removed (was {old})").format(indicator=indicator, where=where, old=change.old)
    return _("{indicator} {where}: {old} → {new}").format(indicator=indicator, where=where, old=change.old, new=change.new)


def status_line(change: StatusChange, names: Names = IDS) -> str:
    return _("{indicator} / {target}, {method}: {old} → {new}").format(
        indicator=names.indicators.get(change.indicator, change.indicator),
        target=names.targets.get((change.indicator, change.target), change.target),
        method=METHOD_SHORT.get(change.method, change.method),
        old=status_name(change.old),
        new=status_name(change.new),
    )


def verdict_line(change: VerdictChange, names: Names = IDS) -> str:
    return _("{claim}: {old} → {new}").format(
        claim=names.claims.get(change.claim, change.claim),
        old=verdict_name(change.old, change.old_stand_in),
        new=verdict_name(change.new, change.new_stand_in),
    )


def changes_table(changes: Changes) -> str:
    """The diff as plain text: a heading per kind of change, a line per change."""
    lines = [_("From version {old} to version {new}").format(old=changes.old, new=changes.new)]
    if changes.empty:
        lines.append(_("No values, statuses or verdicts changed."))
    sections = (
        (_("Values"), [value_line(c) for c in changes.values]),
        (_("Target statuses"), [status_line(c) for c in changes.statuses]),
        (_("Claim verdicts"), [verdict_line(c) for c in changes.verdicts]),
    )
    for title, items in sections:
        if items:
            lines += ["", f"{title} ({len(items)})"] + [f"  {item}" for item in items]
    if not changes.values_recorded:
        lines += ["", _("Values were not compared: a record of a very large registry keeps no values.")]
    return "\n".join(lines) + "\n"


def when(time: str) -> str:
    """A record's ISO time as a date in the scope's language."""
    import datetime as dt

    from dashboard.formatting import date

    try:
        return date(dt.datetime.fromisoformat(time).date())
    except ValueError:
        return time


def verdict_history(runs: list[Run], names: Names = IDS) -> str:
    """'Unverifiable from version a0b1… until version b1c2…, consistent since version b1c2… (7 December 2026).', or, with one verdict
    all along, the date it was reached; '' when no record holds the claim."""
    if not runs:
        return ""
    last = runs[-1]
    if len(runs) == 1:
        return _("Verdict reached by {date} (version {version}).").format(date=when(last.time), version=last.version)
    parts = [
        _("{verdict} from version {first} until version {version}").format(
            verdict=verdict_name(run.verdict, run.stand_in), first=run.version, version=after.version
        )
        for run, after in zip(runs, runs[1:])
    ]
    parts.append(
        _("{verdict} since version {version} ({date})").format(
            verdict=verdict_name(last.verdict, last.stand_in), version=last.version, date=when(last.time)
        )
    )
    text = ", ".join(parts)
    if last.because:
        shown = [value_line(c, names) for c in last.because[:3]]
        more = len(last.because) - len(shown)
        text += ", " + _("because {changes}").format(changes="; ".join(shown) + (f"; … (+{more})" if more else ""))
    text += "."
    return text[0].upper() + text[1:]
