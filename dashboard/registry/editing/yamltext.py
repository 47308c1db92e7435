"""Inserting and replacing observations and sources in indicators.yaml as text, keeping every other byte.

ruamel.yaml's round-trip loader tells where each indicator, list and item starts (line and column) and how
the file indents them; the new item is written in that indentation, its strings emitted by ruamel.yaml,
and spliced in between the original lines. Nothing else of the file is dumped again, so its comments,
blank lines, key order, quoting and line breaks stay as they were, byte for byte.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
# where a missing `observations:` goes: before the first of these keys of the indicator, else at its end
_AFTER_OBSERVATIONS = ("series_file", "baseline", "targets", "note", "derived", "breaks")
_EMPTY_FLOW = re.compile(r"^[ ]*observations:[ ]*\[[ ]*\][ ]*(#.*)?(\r\n|\r|\n)?$")


class EditError(Exception):
    """The file cannot be edited as text here (an unusual layout); the message says what to do instead."""


def split_lines(text: str) -> list[str]:
    """The lines with their own line endings (LF, CRLF or CR), as YAML counts them."""
    return _LINES.findall(text)


def yaml_string(text: str) -> str:
    """`text` as a one-line double-quoted YAML scalar, as ruamel.yaml emits it."""
    yaml = YAML()
    yaml.width = 1 << 30  # never folded onto a second line
    out = io.StringIO()
    yaml.dump({"k": DoubleQuotedScalarString(text)}, out)
    return out.getvalue().rstrip("\n")[3:]


def yaml_scalar(value: Any) -> str:
    """An int or a number's own text plain; anything else double-quoted."""
    if isinstance(value, bool):
        raise TypeError("no booleans in the registry")
    if isinstance(value, (int, Plain)):
        return str(value)
    return yaml_string(str(value))


class Plain(str):
    """A scalar written as it is: a number as the analyst typed it, an id, a date."""


def render_item(pairs: list[tuple[str, Any]], dash_col: int, key_col: int, newline: str) -> list[str]:
    """`- key: value` lines of one sequence item; a dict value becomes a nested mapping (a note in two languages)."""
    lines: list[str] = []
    for n, (key, value) in enumerate(pairs):
        lead = " " * dash_col + "-" + " " * (key_col - dash_col - 1) if n == 0 else " " * key_col
        if isinstance(value, dict):
            lines.append(f"{lead}{key}:{newline}")
            lines += [f"{' ' * (key_col + 2)}{k}: {yaml_scalar(v)}{newline}" for k, v in value.items()]
        else:
            lines.append(f"{lead}{key}: {yaml_scalar(value)}{newline}")
    return lines


@dataclass
class Splice:
    """Replace lines [start, end) of the original text with `lines` (start == end: insert before `start`)."""

    start: int
    end: int
    lines: list[str] = field(default_factory=list)
    order: int = 0  # among splices at one place: the order they were made in


@dataclass
class YamlText:
    """The registry's text, its round-trip tree and the splices to make; `result()` applies them all at once."""

    text: str
    doc: Any = None
    lines: list[str] = field(default_factory=list)
    splices: list[Splice] = field(default_factory=list)
    bom: str = ""

    @classmethod
    def parse(cls, text: str) -> YamlText:
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        body = text[len(bom) :]
        try:
            doc = YAML(typ="rt").load(body)
        except YAMLError as exc:
            raise EditError(f"the registry cannot be read for editing: {exc}") from None
        if not isinstance(doc, CommentedMap):
            raise EditError("the top level is not a mapping")
        return cls(body, doc, split_lines(body), [], bom)

    @property
    def newline(self) -> str:
        first = self.lines[0] if self.lines else "\n"
        return "\r\n" if first.endswith("\r\n") else ("\r" if first.endswith("\r") else "\n")

    # ------------------------------------------------------------ finding

    def section(self, name: str) -> CommentedSeq:
        seq = self.doc.get(name)
        if not isinstance(seq, CommentedSeq) or seq.fa.flow_style() or not seq:
            raise EditError(f"`{name}:` is not a block list with items: add the first entry by hand")
        return seq

    def indicator(self, indicator_id: str) -> CommentedMap | None:
        return next((i for i in self.section("indicators") if isinstance(i, CommentedMap) and i.get("id") == indicator_id), None)

    def dash_col(self, seq: CommentedSeq, index: int) -> int:
        line, col = seq.lc.item(index)
        dash = self.lines[line].rfind("-", 0, col)
        if dash < 0:
            raise EditError(f"line {line + 1}: an item not written as `- key: value`: edit it by hand")
        return dash

    def item_end(self, seq: CommentedSeq, index: int) -> int:
        """The line after item `index` of `seq`: the next line that is not blank, not deeper, not a comment past the item."""
        start = seq.lc.item(index)[0]
        dash = self.dash_col(seq, index)
        end = start + 1
        while end < len(self.lines):
            stripped = self.lines[end].strip()
            indent = len(self.lines[end]) - len(self.lines[end].lstrip(" "))
            if stripped and indent <= dash:
                break
            end += 1
        while end - 1 > start and (not self.lines[end - 1].strip() or self.lines[end - 1].lstrip().startswith("#")):
            end -= 1  # trailing blank lines and comments belong to what follows
        return end

    def item_span(self, seq: CommentedSeq, index: int) -> tuple[int, int]:
        return seq.lc.item(index)[0], self.item_end(seq, index)

    def layout(self, seq: CommentedSeq) -> tuple[int, int]:
        """(dash column, key column) of the items of `seq`."""
        return self.dash_col(seq, 0), seq.lc.item(0)[1]

    def observations_layout(self) -> tuple[int, int]:
        """How the file indents an indicator's observations relative to its keys: (dash offset, key offset)."""
        for ind in self.section("indicators"):
            obs = ind.get("observations") if isinstance(ind, CommentedMap) else None
            if isinstance(obs, CommentedSeq) and obs and not obs.fa.flow_style():
                key_col = ind.lc.key("observations")[1]
                dash, col = self.layout(obs)
                return dash - key_col, col - key_col
        return 2, 4

    # ------------------------------------------------------------ editing

    def splice(self, start: int, end: int, lines: list[str]) -> None:
        self.splices.append(Splice(start, end, lines, len(self.splices)))

    def result(self) -> str:
        lines = list(self.lines)
        if lines and not lines[-1].endswith(("\n", "\r")):
            lines[-1] += self.newline  # a new last line needs the old one ended
        for s in sorted(self.splices, key=lambda s: (s.start, s.end, s.order), reverse=True):
            lines[s.start : s.end] = s.lines
        return self.bom + "".join(lines)


def observation_pairs(value: Any) -> list[tuple[str, Any]]:
    """The keys of a new observation in the order the shipped file writes them."""
    pairs: list[tuple[str, Any]] = [("year", value.year), ("value", Plain(value.value))]
    if value.qualifier != "=":
        pairs.append(("qualifier", value.qualifier))
    if value.period:
        pairs.append(("period", value.period))
    if value.kind != "level":
        pairs.append(("kind", Plain(value.kind)))
    pairs.append(("source", Plain(value.source)))
    if value.quote:
        pairs.append(("quote", value.quote))
    if value.note and value.note_ru:
        pairs.append(("note", {"en": value.note, "ru": value.note_ru}))
    elif value.note:
        pairs.append(("note", value.note))
    return pairs


def find_observation(ind: CommentedMap, key: tuple) -> int | None:
    obs = ind.get("observations")
    if not isinstance(obs, CommentedSeq):
        return None
    for n, item in enumerate(obs):
        if isinstance(item, CommentedMap) and observation_key(item) == key:
            return n
    return None


def observation_key(item: Any) -> tuple:
    return (item.get("year"), str(item.get("source")), item.get("period") or None, item.get("kind") or "level")


def add_observations(text: YamlText, ind: CommentedMap, new: list[tuple[Any, int | None]]) -> None:
    """Splice `new` (value, index of the item it replaces or None) into `ind`'s observations, in year order."""
    nl = text.newline
    obs = ind.get("observations")
    empty_at = None  # the line of an `observations: []` to write out as a block list
    if isinstance(obs, CommentedSeq) and not obs:
        empty_at = ind.lc.key("observations")[0]
        if not _EMPTY_FLOW.match(text.lines[empty_at]):
            raise EditError(f"line {empty_at + 1}: write `observations:` of {ind.get('id')!r} as `observations: []` on one line")
    elif obs is not None and (not isinstance(obs, CommentedSeq) or obs.fa.flow_style()):
        raise EditError(f"`observations:` of {ind.get('id')!r} is not a block list: write it as `- year: …` items first")
    if obs is None or empty_at is not None:
        key_col = ind.lc.key("id")[1]
        dash_off, key_off = text.observations_layout()
        body = [f"{' ' * key_col}observations:{nl}"]
        for value, _ in sorted(new, key=lambda pair: pair[0].year):
            body += render_item(observation_pairs(value), key_col + dash_off, key_col + key_off, nl)
        after = next((k for k in ind if k in _AFTER_OBSERVATIONS), None)
        if empty_at is not None:
            text.splice(empty_at, empty_at + 1, body)
            return
        if after is not None:
            at = ind.lc.key(after)[0]
        else:
            indicators = text.section("indicators")
            at = text.item_end(indicators, next(n for n, i in enumerate(indicators) if i is ind))
        text.splice(at, at, body)
        return
    dash, key_col = text.layout(obs)
    years = [item.get("year") if isinstance(item, CommentedMap) else None for item in obs]
    for value, replaces in sorted(new, key=lambda pair: pair[0].year):
        lines = render_item(observation_pairs(value), dash, key_col, nl)
        if replaces is not None:
            start, end = text.item_span(obs, replaces)
            text.splice(start, end, lines)
            continue
        later = next((n for n, y in enumerate(years) if isinstance(y, int) and y > value.year), None)
        at = obs.lc.item(later)[0] if later is not None else text.item_end(obs, len(obs) - 1)
        if later is not None:  # before the next item and the comments above it
            while at > 0 and text.lines[at - 1].lstrip().startswith("#"):
                at -= 1
        text.splice(at, at, lines)


def add_source(text: YamlText, pairs: list[tuple[str, Any]]) -> None:
    sources = text.section("sources")
    dash, key_col = text.layout(sources)
    at = text.item_end(sources, len(sources) - 1)
    text.splice(at, at, render_item(pairs, dash, key_col, text.newline))
