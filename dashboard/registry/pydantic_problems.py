"""Turn pydantic's validation errors into Issues: a path in the document, a plain message and a hint."""

from __future__ import annotations

import difflib
import functools
import math
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .crosscheck import is_number
from .errors import Issue
from .models import Registry
from .texts import BY_LANGUAGE, LANGUAGES, PLAIN

Loc = tuple[Any, ...]


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional/Union/Annotated/list."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that a pydantic error location points into."""
    return _model_at(tuple(0 if isinstance(segment, int) else segment for segment in loc))


@functools.lru_cache(maxsize=1024)
def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The same, for a location whose list indices are all 0: a few shapes serve every error."""
    current: Any = Registry
    for segment in loc:
        candidates = _unwrap(current)
        models = [c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)]
        lists = [c for c in candidates if typing.get_origin(c) is list]
        if isinstance(segment, int) and lists:
            current = typing.get_args(lists[0])[0]
            continue
        chosen = None
        for model in models:
            if segment in model.model_fields:
                chosen = model.model_fields[segment].annotation
                break
            kind = model.model_fields.get("kind")
            if kind is not None and segment in typing.get_args(kind.annotation):
                chosen = model
                break
        if chosen is None:
            return None
        current = chosen
    models = [c for c in _unwrap(current) if isinstance(c, type) and issubclass(c, BaseModel)]
    return models[0] if len(models) == 1 else None


@functools.lru_cache(maxsize=64)
def _allowed(model: type[BaseModel] | None) -> str:
    return f"allowed: {', '.join(model.model_fields)}" if model and model.model_fields else ""


_TAG_WORDS = frozenset({"level", "change", "direction", "target", PLAIN, BY_LANGUAGE})


def _strip_tags(loc: Loc) -> Loc:
    """Drop discriminator tags ('level', 'change', ...) and pydantic's function markers."""
    if _TAG_WORDS.isdisjoint(loc) and "function-" not in repr(loc):
        return loc  # most locations hold neither: checked at C speed, no copy
    out: list[Any] = []
    for segment in loc:
        if isinstance(segment, str) and (
            segment in {"level", "change", "direction", "target"} and out and isinstance(out[-1], int) and out[-2:-1] == ["claims"]
        ):
            continue
        if isinstance(segment, str) and (segment.startswith("function-") or segment in (PLAIN, BY_LANGUAGE)):
            continue
        out.append(segment)
    return tuple(out)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"got {str(value).lower()} (true/false)"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"got {shown!r} (text)"
    if isinstance(value, (int, float)):
        return f"got {value!r}"
    if value is None:
        return "got nothing (null)"
    if isinstance(value, dict):
        return "got a mapping"
    if isinstance(value, list):
        return "got a list"
    return f"got {type(value).__name__}"


def pydantic_issues(exc: ValidationError) -> list[Issue]:
    issues: list[Issue] = []
    meant: set[Loc] = set()  # fields that an unknown, misspelt field was meant to be
    suggestions = MAX_SUGGESTIONS
    # per raw parent location (many unknown fields share one): its stripped location, model and hint
    parents: dict[Loc, tuple[Loc, type[BaseModel] | None, str]] = {}
    for err in exc.errors(include_url=False):
        kind = err["type"]
        if kind == "extra_forbidden":
            raw = tuple(err["loc"])
            last = raw[-1]
            known = parents.get(raw[:-1])
            if known is None:
                parent = _strip_tags(raw[:-1])
                model = model_at(parent)
                known = parents[raw[:-1]] = (parent, model, _allowed(model))
            parent, model, allowed = known
            if isinstance(last, str) and last not in _TAG_WORDS and not last.startswith("function-"):
                loc = parent + (last,)  # the same as stripping it all: a plain key is never stripped
            else:
                loc = _strip_tags(raw)
                model = model_at(loc[:-1])
                allowed = _allowed(model)
            close = _close(str(loc[-1]), list(model.model_fields) if model else []) if suggestions > 0 else []
            suggestions -= 1
            hint = f"did you mean {close[0]!r}?" if close else allowed
            issues.append(Issue(loc, f"unknown field {loc[-1]!r}", hint, at_key=True))
            if close:
                meant.add(loc[:-1] + (close[0],))
            continue
        loc = _strip_tags(tuple(err["loc"]))
        value = err.get("input")
        if kind == "missing":
            issues.append(Issue(loc, f"missing required field {loc[-1]!r}"))
        elif kind == "literal_error" and loc[-1] == "[key]":
            close = difflib.get_close_matches(str(value), LANGUAGES, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else f"languages: {', '.join(LANGUAGES)}"
            issues.append(Issue(loc[:-1], f"unknown language {value!r}", hint, at_key=True))
        elif kind == "too_short" and isinstance(value, dict) and not value:
            issues.append(Issue(loc, "no text in any language", f"write the text, or {{{', '.join(f'{c}: ...' for c in LANGUAGES)}}}"))
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            close = ""
            if isinstance(value, str):
                options = [o.strip().strip("'") for o in str(expected).replace(" or ", ", ").split(",")]
                match = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
                close = f"did you mean {match[0]!r}?" if match else ""
            issues.append(Issue(loc, f"must be one of {expected}, {_describe(value)}", close))
        elif kind == "union_tag_invalid":
            issues.append(Issue(loc + ("kind",), f"unknown claim kind {err['ctx'].get('tag')!r}", "use level, change, direction or target"))
        elif kind == "union_tag_not_found":
            issues.append(Issue(loc, "missing required field 'kind'", "use level, change, direction or target"))
        elif kind in {"float_type", "int_type", "float_parsing", "int_parsing"}:
            hint, what = "", "a whole number" if kind.startswith("int") else "a number"
            if isinstance(value, str) and _numeric(value.replace(",", ".", 1)) and "," in value:
                hint = "no commas or quotes in numbers: 12.5 with a dot, 14504 without separators"
            elif isinstance(value, str) and _numeric(value):
                hint = "remove the quotes"
            elif isinstance(value, bool):
                hint = "YAML reads yes/no/on/off as true/false; write the number"
            elif isinstance(value, str):
                hint = "write the number alone: words go in `note`, 'about' or 'more than' in `qualifier`"
            issues.append(Issue(loc, f"must be {what}, {_describe(value)}", hint))
        elif kind.startswith("date"):
            reason = str(err.get("ctx", {}).get("error", ""))
            hint = f"no such date: {reason}" if "range" in reason else "e.g. 2025-03-05"
            issues.append(Issue(loc, f"must be a date written YYYY-MM-DD, {_describe(value)}", hint))
        elif kind in {"greater_than_equal", "less_than_equal"} and str(loc[-1]).endswith("year") and is_number(value, whole=True):
            ctx = err.get("ctx", {})
            bound = f"{ctx['ge']} or later" if "ge" in ctx else f"{ctx.get('le')} or earlier"
            issues.append(Issue(loc, f"a year must be {bound}, got {value}", "is it a typo?"))
        elif kind in _SHAPES:
            what, fix = _SHAPES[kind]
            hint = "fill it in, or remove the line" if value is None else fix
            issues.append(Issue(loc, f"must be {what}, {_describe(value)}", hint))
        elif kind == "finite_number":
            issues.append(Issue(loc, f"must be a finite number, {_describe(value)}", "NaN and infinity are not values"))
        elif kind == "string_pattern_mismatch":
            pattern = err.get("ctx", {}).get("pattern", "")
            if pattern.startswith("^https?") and isinstance(value, str) and value.startswith(("http://", "https://")):
                issues.append(Issue(loc, f"a link cannot hold spaces, quotes or < >, {_describe(value)}", "write a space as %20"))
            else:
                issues.append(Issue(loc, f"{_describe(value)}, which does not match {pattern}", _pattern_hint(pattern)))
        elif kind == "value_error":
            message = str(err["msg"]).removeprefix("Value error, ")
            model, field = model_at(tuple(err["loc"])) or model_at(loc), message.split(" ", 1)[0]
            if model is not None and field in model.model_fields:
                loc += (field,)  # "to_year must be after from_year": point at to_year
            issues.append(Issue(loc, message))
        else:
            issues.append(Issue(loc, f"{err['msg'][0].lower()}{err['msg'][1:]}, {_describe(value)}"))
    # a misspelt required field is one mistake, not two: keep the "did you mean"
    return [i for i in issues if not (i.message.startswith("missing required field") and i.loc in meant)]


_MAX_SUGGESTED = 64  # a longer key is no typo of a field name; difflib's cost grows with its length
# "did you mean" for the first unknown fields only (about as many as a RegistryError shows): a file
# with thousands of them holds no typos, and difflib is most of the time spent on each
MAX_SUGGESTIONS = 200


def _close(key: str, fields: list[str]) -> list[str]:
    return difflib.get_close_matches(key, fields, n=1, cutoff=0.6) if len(key) <= _MAX_SUGGESTED else []


_SHAPES = {
    "dict_type": ("a mapping of fields", "write `name: value` lines, indented under it"),
    "model_type": ("a mapping of fields", "write `name: value` lines, indented under it"),
    "model_attributes_type": ("a mapping of fields", "write `name: value` lines, indented under it"),
    "list_type": ("a list", "start each item with '- '"),
    "string_type": ("text", "put it in quotes"),
}


def _numeric(text: str) -> bool:
    try:
        return math.isfinite(float(text.strip()))
    except ValueError:
        return False


def _pattern_hint(pattern: str) -> str:
    if "a-z0-9_]" in pattern and "-" not in pattern:
        return "ids are lower-case letters, digits and _, starting with a letter"
    if pattern.startswith("^https?"):
        return "only http and https links are allowed"
    if "data/sources/" in pattern:
        return "a file directly under data/sources/, e.g. data/sources/speech.txt"
    if "data/" in pattern:
        return "a .csv file under data/, e.g. data/road_deaths.csv"
    return ""


def display_path(loc: Loc, data: Any) -> str:
    """`indicators[road_deaths].targets[0].year`: list items shown by their id where they have one."""
    parts: list[str] = []
    node = data
    for segment in loc:
        if isinstance(segment, int):
            label = str(segment)
            if isinstance(node, list) and 0 <= segment < len(node):
                node = node[segment]
                if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"]:
                    label = node["id"]
            else:
                node = None
            if parts:
                parts[-1] += f"[{label}]"
            else:
                parts.append(f"[{label}]")
        else:
            parts.append(str(segment))
            node = node.get(segment) if isinstance(node, dict) else None
    return ".".join(parts)
