"""Warnings about a new version that looks cut off: what the banner shows above the page, in the reader's language.

A version is published even so (it may be an honest edit), with the warning visible until the next
version: fewer than three quarters of the indicators or claims of the version before; an indicator
that lost more than a quarter of its values in one edit (naming the file that holds them); a series
file that does not end in a line break (an interrupted copy often stops mid-row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.i18n import N_, _, use_language

# A new version that keeps less than this share of the indicators, claims or an indicator's values is warned about.
SHRINK_WARNING = 0.75

COUNTS = N_("This version has {dropped} — was the file saved whole?")
INDICATORS = N_("{count} indicators, down from {before}")
CLAIMS = N_("{count} claims, down from {before}")
AND = N_(", and ")
VALUES = N_("{file}: {indicator} has {count} values, down from {before} — was the file saved whole?")
UNENDED = N_("{file} does not end in a line break: its last row may be cut off — was the file copied whole?")


@dataclass(frozen=True)
class Note:
    """One warning, said in the language of whoever reads it (`say`)."""

    kind: str  # "counts", "values" or "unended"
    file: str = ""
    indicator: str = ""
    numbers: tuple[int, ...] = ()  # counts: (indicators now, before, claims now, before), -1 where not dropped; values: (now, before)

    def say(self) -> str:
        if self.kind == "counts":
            ind_now, ind_before, claims_now, claims_before = self.numbers
            parts = [_(INDICATORS).format(count=f"{ind_now:,}", before=f"{ind_before:,}")] if ind_now >= 0 else []
            parts += [_(CLAIMS).format(count=f"{claims_now:,}", before=f"{claims_before:,}")] if claims_now >= 0 else []
            return _(COUNTS).format(dropped=_(AND).join(parts))
        if self.kind == "values":
            now, before = self.numbers
            return _(VALUES).format(file=self.file, indicator=self.indicator, count=f"{now:,}", before=f"{before:,}")
        return _(UNENDED).format(file=self.file)


def _shrunk(now: int, before: int) -> bool:
    return now < before * SHRINK_WARNING


def count_note(old: Any, new: Any) -> Note | None:
    """When `new` keeps less than three quarters of `old`'s indicators or claims."""
    if old is None:
        return None
    pairs = [(len(new.indicators), len(old.indicators)), (len(new.claims), len(old.claims))]
    if not any(_shrunk(now, before) for now, before in pairs):
        return None
    numbers = tuple(n for now, before in pairs for n in ((now, before) if _shrunk(now, before) else (-1, -1)))
    return Note("counts", numbers=numbers)


def _values(registry: Any) -> dict[str, tuple[int, int, str]]:
    """Indicator id -> (values in the YAML, values in its series file, that file)."""
    tables = registry.series.tables
    return {
        ind.id: (len(ind.observations), len(tables[ind.id]) if ind.id in tables else 0, ind.series_file or "")
        for ind in registry.indicators
    }


def value_notes(old: Any, new: Any) -> list[Note]:
    """Each indicator of both versions that kept less than three quarters of its values, named by the file that lost them."""
    if old is None:
        return []
    before, now = _values(old), _values(new)
    notes = []
    for ident, (inline, series, file) in now.items():
        if ident not in before:
            continue
        was_inline, was_series, _file = before[ident]
        if _shrunk(inline + series, was_inline + was_series):
            where = file if file and _shrunk(series, was_series) else new.path.rsplit("/", 1)[-1]
            notes.append(Note("values", where, ident, (inline + series, was_inline + was_series)))
    return notes


def unended_notes(new: Any) -> list[Note]:
    """Each series file that does not end in a line break."""
    return [Note("unended", table.origin) for _id, table in sorted(new.series.tables.items()) if not table.ends_in_line_break]


def notes_of(old: Any, new: Any) -> tuple[Note, ...]:
    """Every warning about `new` against the version before it (`old`, None at the start)."""
    counts = count_note(old, new)
    return (*([counts] if counts else []), *value_notes(old, new), *unended_notes(new))


def english(notes: tuple[Note, ...]) -> str:
    """The notes as one English text: the API's `warning`, and what the banner's token follows."""
    with use_language("en"):
        return " ".join(n.say() for n in notes)
