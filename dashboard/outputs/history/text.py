"""A diff of two versions in words, in the scope's language: the CLI's table and the /changes page's lines."""

from __future__ import annotations

from dashboard.engine.changes import Changes, Run, StatusChange, ValueChange, VerdictChange
from dashboard.engine.vocabulary import METHOD_SHORT, RESULT_TEXT, STATUS_TEXT
from dashboard.i18n import _

NONE = "–"


def status_name(code: str | None) -> str:
    return NONE if code is None else (_(STATUS_TEXT[code]) if code in STATUS_TEXT else code)


def verdict_name(code: str | None, stand_in: bool = False) -> str:
    """The verdict's name; a code this version does not know is shown as it is."""
    if code is None:
        return NONE
    name = _(RESULT_TEXT[code]) if code in RESULT_TEXT else code.replace("_", " ")
    return _("{verdict} (by a stand-in)").format(verdict=name) if stand_in else name


def value_where(change: ValueChange) -> str:
    """'2026, news-mail', '2025 Jan-Sep, tass, change'."""
    parts = [f"{change.year}" + (f" {change.period}" if change.period else ""), change.source]
    return ", ".join(parts + ([_("published change")] if change.kind == "change" else []))


def value_line(change: ValueChange) -> str:
    where = value_where(change)
    if change.old is None:
        return _("{indicator} {where}: added {new}").format(indicator=change.indicator, where=where, new=change.new)
    if change.new is None:
        return _("{indicator} {where}: removed (was {old})").format(indicator=change.indicator, where=where, old=change.old)
    return _("{indicator} {where}: {old} → {new}").format(indicator=change.indicator, where=where, old=change.old, new=change.new)


def status_line(change: StatusChange) -> str:
    return _("{indicator} / {target}, {method}: {old} → {new}").format(
        indicator=change.indicator,
        target=change.target,
        method=METHOD_SHORT.get(change.method, change.method),
        old=status_name(change.old),
        new=status_name(change.new),
    )


def verdict_line(change: VerdictChange) -> str:
    return _("{claim}: {old} → {new}").format(
        claim=change.claim, old=verdict_name(change.old, change.old_stand_in), new=verdict_name(change.new, change.new_stand_in)
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


def verdict_history(runs: list[Run]) -> str:
    """'Unverifiable until version b1c2…, consistent since version d4e5… (7 December 2026).', or, with one verdict
    all along, the date it was reached; '' when no record holds the claim."""
    if not runs:
        return ""
    last = runs[-1]
    if len(runs) == 1:
        return _("Verdict reached by {date} (version {version}).").format(date=when(last.time), version=last.version)
    parts = [
        _("{verdict} until version {version}").format(verdict=verdict_name(run.verdict, run.stand_in), version=after.version)
        for run, after in zip(runs, runs[1:])
    ]
    parts.append(
        _("{verdict} since version {version} ({date})").format(
            verdict=verdict_name(last.verdict, last.stand_in), version=last.version, date=when(last.time)
        )
    )
    text = ", ".join(parts)
    if last.because:
        shown = [value_line(c) for c in last.because[:3]]
        more = len(last.because) - len(shown)
        text += ", " + _("because {changes}").format(changes="; ".join(shown) + (f"; … (+{more})" if more else ""))
    text += "."
    return text[0].upper() + text[1:]
