"""Inserting and replacing rows of a series file as text: every other line stays byte for byte."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from ..fields import QUALIFIER_WORDS
from .yamltext import EditError, Splice, split_lines

_WORD_QUALIFIER = {word: symbol for symbol, word in QUALIFIER_WORDS.items()}


@dataclass
class Row:
    line: int  # 0-based index of its first line in the file
    end: int  # the index after its last line
    cells: dict[str, str]

    @property
    def key(self) -> tuple:
        year = self.cells.get("year", "").strip()
        return (
            int(year) if year.isdigit() else year,
            self.cells.get("source", "").strip(),
            self.cells.get("period", "").strip() or None,
            self.cells.get("kind", "").strip() or "level",
        )

    @property
    def qualifier(self) -> str:
        raw = self.cells.get("qualifier", "").strip()
        return _WORD_QUALIFIER.get(raw, raw) or "="


@dataclass
class CsvText:
    text: str
    header: list[str]
    rows: list[Row]
    lines: list[str]
    splices: list[Splice] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str, relative: str) -> CsvText:
        body = text.removeprefix("\ufeff")
        lines = split_lines(body)
        reader = csv.reader(io.StringIO(body, newline=""))
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise EditError(f"{relative} is empty: write its header first") from None
        rows: list[Row] = []
        end = reader.line_num
        try:
            for cells in reader:
                start, end = end, reader.line_num
                if cells:
                    rows.append(Row(start, end, dict(zip(header, cells))))
        except csv.Error as exc:
            raise EditError(f"{relative}:{end + 1}: {exc}") from None
        return cls(text, header, rows, lines)

    @property
    def newline(self) -> str:
        first = self.lines[0] if self.lines else "\n"
        return "\r\n" if first.endswith("\r\n") else ("\r" if first.endswith("\r") else "\n")

    def find(self, key: tuple) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)

    def render(self, value: Any, relative: str) -> str:
        cells = {
            "year": str(value.year),
            "value": value.value,
            "qualifier": "" if value.qualifier == "=" else value.qualifier,
            "source": value.source,
            "note": value.note or "",
            "quote": value.quote or "",
            "note_ru": value.note_ru or "",
            "period": value.period or "",
            "kind": "" if value.kind == "level" else value.kind,
        }
        lacking = [c for c, v in cells.items() if v and c not in self.header]
        if lacking:
            raise EditError(f"{relative} has no {', '.join(lacking)} column: add it to the header, then run this again")
        out = io.StringIO()
        csv.writer(out, lineterminator=self.newline).writerow([cells.get(c, "") for c in self.header])
        return out.getvalue()

    def add(self, value: Any, replaces: Row | None, relative: str) -> None:
        line = self.render(value, relative)
        if replaces is not None:
            self.splices.append(Splice(replaces.line, replaces.end, [line], len(self.splices)))
            return
        later = next((r for r in self.rows if isinstance(r.key[0], int) and r.key[0] > value.year), None)
        at = later.line if later is not None else (self.rows[-1].end if self.rows else 1)
        self.splices.append(Splice(at, at, [line], len(self.splices)))

    def result(self) -> str:
        bom = "\ufeff" if self.text.startswith("\ufeff") else ""
        lines = list(self.lines)
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += self.newline
        for s in sorted(self.splices, key=lambda s: (s.start, s.end, s.order), reverse=True):
            lines[s.start : s.end] = s.lines
        return bom + "".join(lines)
