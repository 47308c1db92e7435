"""Safe, position-aware YAML reading.

The libyaml C parser composes a node tree once; we build plain Python values
from it ourselves, so that duplicate keys, aliases and tags can be refused and
every value can later be traced back to its line and column without a second
parse. No arbitrary object is ever constructed.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml's C parser when present, pure Python otherwise
    from yaml import CSafeLoader as _Base
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Base  # type: ignore[assignment]

from .errors import Problem
from .texts import LANGUAGES
from .yaml_syntax import syntax_problem, where

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

_PLAIN = "tag:dashboard,plain"  # an untagged plain scalar: its tag is resolved later, by _scalar

_MAX_INT_DIGITS = 30
_constructor = yaml.constructor.SafeConstructor()
_resolver = yaml.resolver.Resolver()
_RESOLVED_BY_FIRST = frozenset(_resolver.yaml_implicit_resolvers)  # the first characters YAML 1.1 resolves a plain scalar by


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Composes without resolving plain scalars: the parser would call the resolver's regular expressions
    for each of them (a quarter of the compose time), though most are numbers or repeat a key seen before."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _MAP if kind is yaml.MappingNode else _SEQ


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.node, self.message, self.hint = node, message, hint


# Only these are numbers: sign, digits (no leading zero), fraction, exponent. YAML 1.1 reads more
# (1:30 as base 60, 0x7E5, 017 as octal, 2_021) and reads 1e5 as text: each silently changes a value.
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_NUMBERISH = re.compile(r"[-+]?(\.?[0-9][0-9_:.]*([eE][-+]?[0-9_]*)?|0[xXoObB][0-9a-fA-F_]*)")
_BASES = {"0x": "base 16", "0o": "base 8", "0b": "base 2"}
# C0/C1 controls and the bidirectional overrides and isolates, which reorder what a terminal shows
_CONTROL_CHARS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
_LINE_OR_TAB = re.compile("[\t\n]")
_CONTROL_LINE_OR_TAB = re.compile(f"[\t\n{_CONTROL_CHARS}]")  # either of the two above, in one search
# free text may hold line breaks and tabs (a `|` block in a description); ids, titles, units and labels may not
FREE_TEXT = frozenset({"description", "note", "quote"})


def _number(node: yaml.ScalarNode) -> int | float:
    text = node.value
    if "." in text or "e" in text or "E" in text:
        return float(text)
    digits = len(text.lstrip("+-"))
    if digits > _MAX_INT_DIGITS:
        raise _Refused(node, f"integer with {digits} digits is too large", "write a realistic number")
    return int(text)


def _not_decimal(node: yaml.ScalarNode, tag: str) -> _Refused:
    """A number YAML 1.1 would read in a way a person does not: say what it read and what to write."""
    text = node.value
    body = text.lstrip("+-").lower()
    read: Any = None
    if sum(c.isdigit() for c in text) <= _MAX_INT_DIGITS:
        try:
            if tag == _INT:
                read = _constructor.construct_yaml_int(node)
            elif tag == _FLOAT:
                read = _constructor.construct_yaml_float(node)
            elif body.startswith(("0x", "0o", "0b")):
                read = int(text.replace("_", ""), 0)
        except ValueError:
            read = None
    how = "base 60" if ":" in text else _BASES.get(body[:2], "")
    if not how and tag == _INT and body.startswith("0") and body != "0":
        how = "base 8"
    if read is not None and how:
        reads = "YAML reads" if tag != _STR else "other languages read"
        hint = f"write {read} as a plain decimal number; {reads} {text} as {how}"
    elif read is not None:
        hint = f"write {read} as a plain decimal number"
    else:
        hint = "write a plain decimal number such as 12, -3, 12.5 or 1.5e-3, or put text in quotes"
    return _Refused(node, f"{text!r} is not a plain decimal number", hint)


def _scalar(node: yaml.ScalarNode, memo: dict[str, Any], field: Any = None) -> Any:
    """The value of a scalar. `memo` holds, per parse, the plain scalars already read that read the same
    anywhere: numbers and clean text (keys, ids, years repeat thousands of times)."""
    tag = node.tag
    if tag == _PLAIN:
        text = node.value
        known = memo.get(text)
        if known is not None:
            return known
        if _DECIMAL.fullmatch(text):
            memo[text] = value = _number(node)
            return value
        if text[:1] not in _RESOLVED_BY_FIRST:  # text, and not numberish either: that starts with a sign, a dot or a digit
            if not _CONTROL_LINE_OR_TAB.search(text):
                memo[text] = text
                return text
            tag = _STR
        else:
            tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))
            if tag == _STR and not _NUMBERISH.fullmatch(text) and not _CONTROL_LINE_OR_TAB.search(text):
                memo[text] = text
                return text
        plain = True
    else:  # node.style is '' (libyaml) or None (pure Python) for an unquoted scalar
        plain = not node.style
    if tag in (_INT, _FLOAT) or (tag == _STR and plain):
        if _DECIMAL.fullmatch(node.value):
            return _number(node)
        if tag == _FLOAT and node.value.lstrip("+-").lower() in (".inf", ".nan"):
            return _constructor.construct_yaml_float(node)  # the models refuse it, placed at its field
        if tag != _STR or _NUMBERISH.fullmatch(node.value):
            raise _not_decimal(node, tag)
    if tag in (_STR, _TIMESTAMP):
        # dates stay text; the models parse them strictly
        text = node.value
        # a control character is named before a line break or tab, wherever each stands
        bad = _CONTROL.search(text) or (None if field in FREE_TEXT else _LINE_OR_TAB.search(text))
        if bad:
            where = "free text (description, note, quote)" if field in FREE_TEXT else "this field"
            allowed = "" if field in FREE_TEXT else "; line breaks and tabs only in description, note and quote"
            raise _Refused(node, f"control character {bad.group()!r} in {where}", f"remove it{allowed}")
        return text
    if tag == _INT:
        return _number(node)
    if tag == _FLOAT:
        return _constructor.construct_yaml_float(node)
    if tag == _BOOL:
        return _constructor.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    raise _Refused(node, f"tag {_shown(tag)} is not allowed", "the registry holds plain values only; remove the tag")


def _shown(tag: str) -> str:
    """`!!python/object` rather than `tag:yaml.org,2002:python/object`."""
    return repr(tag.replace("tag:yaml.org,2002:", "!!", 1))


def _build(node: yaml.Node, seen: set[int] | None, memo: dict[str, Any], field: Any = None) -> Any:
    if seen is not None:
        if id(node) in seen:
            raise _Refused(node, "anchors and aliases are not allowed", "write the value out in full")
        seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, memo, field)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise _Refused(node, f"tag {_shown(node.tag)} is not allowed", "the registry holds plain values only; remove the tag")
        out: dict[Any, Any] = {}
        if node.flow_style:
            _split_number(node)
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE or (key_node.tag == _PLAIN and key_node.value == "<<"):
                raise _Refused(key_node, "merge keys (<<) are not allowed", "write the fields out in full")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "a mapping key must be a plain value")
            key = _scalar(key_node, memo)
            if key in out:
                first = next(k for k, _ in node.value if k.value == key_node.value).start_mark.line + 1
                raise _Refused(
                    key_node, f"duplicate key {key!r}, first given on line {first}", "YAML would silently keep the last one; remove one"
                )
            # `description: {en: ..., ru: ...}`: each language's text is free text too
            out[key] = _build(value_node, seen, memo, field if field in FREE_TEXT and key in LANGUAGES else key)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _Refused(node, f"tag {_shown(node.tag)} is not allowed", "the registry holds plain values only; remove the tag")
        return [_build(item, seen, memo, field) for item in node.value]
    raise _Refused(node, "unsupported YAML node")  # pragma: no cover


_DIGITS = re.compile(r"[0-9]+")
_INTEGER = re.compile(r"[-+]?[0-9]+")


def _split_number(node: yaml.MappingNode) -> None:
    """`{value: 11,500}`: in a flow mapping the comma ends the value and `500` becomes a key with no value."""
    pairs = node.value
    for i in range(1, len(pairs)):
        number = pairs[i - 1][1]
        if not (isinstance(number, yaml.ScalarNode) and not number.style and _INTEGER.fullmatch(number.value)):
            continue
        rest = []
        for key_node, value_node in pairs[i:]:
            if not (isinstance(key_node, yaml.ScalarNode) and not key_node.style and _DIGITS.fullmatch(key_node.value)):
                break
            if not (isinstance(value_node, yaml.ScalarNode) and value_node.tag in (_NULL, _PLAIN) and not value_node.value):
                break
            rest.append(key_node.value)
        if rest:
            written = ",".join([number.value, *rest])
            whole = number.value + "".join(rest)
            if all(len(part) == 3 for part in rest):
                hint = f"write {whole} without separators"
            else:
                hint = f"write {number.value}.{rest[0]} with a dot for decimals"
            raise _Refused(number, f"the comma in `{written}` splits the number: YAML reads `{rest[0]}` as a new key", hint)


def decode(data: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only (a leading BOM is dropped)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(filename, 1, 1, "", "the file is UTF-16", "save it as UTF-8")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, col = where(before, len(before))
        return None, [Problem(filename, line, col, "", "the file is not valid UTF-8 text", "save it as UTF-8")]
    if "\x00" in text:
        line, col = where(text, text.index("\x00"))
        return None, [Problem(filename, line, col, "", "the file holds binary data (NUL byte)", "is this the right file?")]
    # YAML reads these as line breaks where editors do not: line numbers would drift apart
    for char, name in (("\u2028", "line separator"), ("\u2029", "paragraph separator"), ("\x85", "next-line character")):
        if char in text:
            line, col = where(text, text.index(char))
            return None, [
                Problem(
                    filename,
                    line,
                    col,
                    "",
                    f"a Unicode {name} (U+{ord(char):04X}), which YAML reads as a line break",
                    "replace it with a space",
                )
            ]
    return text, []


def parse(text: str, filename: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML text once. Returns (value, root node, problems)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        return None, None, [syntax_problem(exc, text, filename)]
    except yaml.reader.ReaderError as exc:  # a character YAML refuses anywhere, e.g. a control character
        # libyaml counts bytes, the pure-Python reader characters: find the character itself
        at = max(text.find(chr(exc.character)), 0) if isinstance(exc.character, int) else 0
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        message = (
            f"character U+{exc.character:04X} is not allowed in YAML"
            if isinstance(exc.character, int)
            else "a character YAML does not allow"
        )
        return None, None, [Problem(filename, line, col, "", message, "delete it; is this the right file?")]
    except yaml.YAMLError as exc:
        return None, None, [Problem(filename, 1, 1, "", "YAML error: " + " ".join(str(exc).split()))]
    if root is None:
        return (
            None,
            None,
            [
                Problem(
                    filename, 1, 1, "", "the file holds no YAML data (it is empty or only comments)", "start from the example in the README"
                )
            ],
        )
    # anchors are rare: only then pay for tracking visited nodes
    seen: set[int] | None = set() if "&" in text else None
    try:
        value = _build(root, seen, {})
    except _Refused as exc:
        mark = exc.node.start_mark
        return None, root, [Problem(filename, mark.line + 1, mark.column + 1, "", exc.message, exc.hint)]
    except RecursionError:
        return None, root, [Problem(filename, 1, 1, "", "the document is nested too deeply")]
    return value, root, []


class Locator:
    """Places of paths in one node tree. Each mapping is indexed once, on first use, so that
    placing N problems in one mapping of N keys costs O(N), not O(N²)."""

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        self._reached: dict[tuple[Any, ...], yaml.Node | None] = {}  # the node each parent path leads to, walked once

    def _entry(self, node: yaml.MappingNode, segment: Any) -> tuple[yaml.Node, yaml.Node] | None:
        index = self._keys.get(id(node))
        if index is None:
            index = self._keys[id(node)] = {}
            for key_node, value_node in node.value:
                index.setdefault(key_node.value, (key_node, value_node))
        return index.get(segment if isinstance(segment, str) else str(segment))

    def _walk(self, path: tuple[Any, ...]) -> tuple[yaml.Node | None, yaml.Node | None]:
        """(deepest node reached, its key node when the last segment was found as a key)."""
        if not path:
            return self.root, None
        head = path[:-1]
        if head in self._reached:  # N problems in one mapping walk to it once
            node = self._reached[head]
        else:
            node = self.root
            for segment in head:
                node = self._step(node, segment)[0]
            self._reached[head] = node
        return self._step(node, path[-1])

    def _step(self, node: yaml.Node | None, segment: Any) -> tuple[yaml.Node | None, yaml.Node | None]:
        """One segment down: (the node, its key node); a segment not in the document leaves the node where it is."""
        if isinstance(node, yaml.MappingNode):
            entry = self._entry(node, segment)
            if entry is not None:
                return entry[1], entry[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(segment, int) and 0 <= segment < len(node.value):
            return node.value[segment], None
        return node, None

    def value(self, path: tuple[Any, ...]) -> tuple[int, int]:
        """Line and column (1-based) of the deepest node that ``path`` reaches.

        Path segments that are not in the document (a discriminator tag, a missing
        field) are skipped, so the place is that of the nearest existing parent.
        """
        node, _ = self._walk(path)
        if node is None:
            return 1, 1
        return node.start_mark.line + 1, node.start_mark.column + 1

    def places(self, paths: list[tuple[Any, ...]], at_key: list[bool]) -> list[tuple[int, int]]:
        """`key(path)` where `at_key`, else `value(path)`, for each: the same places. A run of keys of one mapping
        (a file of 40,000 unknown keys in one mapping has as many problems) is walked to once and looked up in bulk."""
        out: list[tuple[int, int]] = []
        i, n = 0, len(paths)
        while i < n:
            path = paths[i]
            if not (at_key[i] and path and isinstance(path[-1], str)):
                out.append(self.key(path) if at_key[i] else self.value(path))
                i += 1
                continue
            head = path[:-1]
            j = i + 1
            while j < n and at_key[j] and paths[j][:-1] == head and isinstance(paths[j][-1], str):
                j += 1
            out.append(self.key(path))  # walks to the mapping and indexes it
            node = self._reached.get(head)
            index = self._keys.get(id(node)) if isinstance(node, yaml.MappingNode) else None
            rest = paths[i + 1 : j]
            if index is None:
                out += [self.key(p) for p in rest]
            else:
                entries = [index.get(p[-1]) for p in rest]
                if None in entries:
                    out += [self.key(p) for p in rest]
                else:
                    marks = [entry[0].start_mark for entry in entries]
                    out += [(m.line + 1, m.column + 1) for m in marks]
            i = j
        return out

    def key(self, path: tuple[Any, ...]) -> tuple[int, int]:
        """Place of the key of the last segment (for unknown fields), else of the value."""
        node, key = self._walk(path)
        if key is not None and path:
            return key.start_mark.line + 1, key.start_mark.column + 1
        return self.value(path)
