"""Safe, position-aware YAML reading.

The libyaml C parser composes a node tree once; we build plain Python values
from it ourselves, so that duplicate keys, aliases and tags can be refused and
every value can later be traced back to its line and column without a second
parse. No arbitrary object is ever constructed.
"""

from __future__ import annotations

import math
from typing import Any

import yaml

try:  # libyaml's C parser when present, pure Python otherwise
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

from .errors import Problem

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

_constructor = yaml.constructor.SafeConstructor()
_MAX_INT_DIGITS = 30


class _Refused(Exception):
    def __init__(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.node, self.message, self.hint = node, message, hint


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag in (_STR, _TIMESTAMP):
        # dates stay text; the models parse them strictly
        return node.value
    if tag == _INT:
        digits = node.value.lstrip("+-").replace("_", "")
        if len(digits) > _MAX_INT_DIGITS:
            raise _Refused(node, f"integer with {len(digits)} digits is too large", "write a realistic number")
        return _constructor.construct_yaml_int(node)
    if tag == _FLOAT:
        return _constructor.construct_yaml_float(node)
    if tag == _BOOL:
        return _constructor.construct_yaml_bool(node)
    if tag == _NULL:
        return None
    raise _Refused(node, f"tag {tag!r} is not allowed", "the registry holds plain values only; remove the tag")


def _build(node: yaml.Node, seen: set[int] | None) -> Any:
    if seen is not None:
        if id(node) in seen:
            raise _Refused(node, "anchors and aliases are not allowed", "write the value out in full")
        seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise _Refused(node, f"tag {node.tag!r} is not allowed", "remove the tag")
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise _Refused(key_node, "merge keys (<<) are not allowed", "write the fields out in full")
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(key_node, "a mapping key must be a plain value")
            key = _scalar(key_node)
            if key in out:
                raise _Refused(key_node, f"duplicate key {key!r}", "YAML would silently keep the last one; remove one")
            out[key] = _build(value_node, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _Refused(node, f"tag {node.tag!r} is not allowed", "remove the tag")
        return [_build(item, seen) for item in node.value]
    raise _Refused(node, "unsupported YAML node")  # pragma: no cover


def decode(data: bytes, filename: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only (a leading BOM is dropped)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(filename, 1, 1, "", "the file is UTF-16", "save it as UTF-8")]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Problem(filename, line, col, "", "the file is not valid UTF-8 text", "save it as UTF-8")]
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        return None, [Problem(filename, line, 1, "", "the file holds binary data (NUL byte)", "is this the right file?")]
    return text, []


def parse(text: str, filename: str) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """Parse YAML text once. Returns (value, root node, problems)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "YAML syntax error"
        at = text.splitlines()[line - 1][col - 1 : col] if mark and line <= len(text.splitlines()) else ""
        tab = at == "\t" or "tab" in message
        hint = "indent with spaces, not tabs" if tab else "check quotes, brackets and indentation"
        return None, None, [Problem(filename, line, col, "", f"YAML syntax error: {message}", hint)]
    except yaml.YAMLError as exc:
        return None, None, [Problem(filename, 1, 1, "", f"YAML error: {exc}")]
    if root is None:
        return None, None, [Problem(filename, 1, 1, "", "the file is empty", "start from the example in the README")]
    # anchors are rare: only then pay for tracking visited nodes
    seen: set[int] | None = set() if "&" in text else None
    try:
        value = _build(root, seen)
    except _Refused as exc:
        mark = exc.node.start_mark
        return None, root, [Problem(filename, mark.line + 1, mark.column + 1, "", exc.message, exc.hint)]
    except RecursionError:
        return None, root, [Problem(filename, 1, 1, "", "the document is nested too deeply")]
    return value, root, []


def locate(root: yaml.Node | None, path: tuple[Any, ...]) -> tuple[int, int]:
    """Line and column (1-based) of the deepest node that ``path`` reaches.

    Path segments that are not in the document (a discriminator tag, a missing
    field) are skipped, so the place is that of the nearest existing parent.
    """
    node, _at_key = root, None
    for segment in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == segment:
                    node, _at_key = value_node, key_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(segment, int) and 0 <= segment < len(node.value):
            node = node.value[segment]
    if node is None:
        return 1, 1
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def locate_key(root: yaml.Node | None, path: tuple[Any, ...]) -> tuple[int, int]:
    """Place of the key of the last segment (for unknown fields), else of the value."""
    if not path:
        return locate(root, path)
    parent = root
    for segment in path[:-1]:
        if isinstance(parent, yaml.MappingNode):
            parent = next((v for k, v in parent.value if k.value == segment), parent)
        elif isinstance(parent, yaml.SequenceNode) and isinstance(segment, int) and segment < len(parent.value):
            parent = parent.value[segment]
    if isinstance(parent, yaml.MappingNode):
        for key_node, _ in parent.value:
            if key_node.value == path[-1]:
                return key_node.start_mark.line + 1, key_node.start_mark.column + 1
    return locate(root, path)


def is_finite_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
