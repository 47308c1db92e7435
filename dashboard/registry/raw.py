"""Lookups in the raw parsed document, before any model: its sections' items and ids, and a reference to an unknown id.

Shared by the cross-checks and the evidence checks, so that neither imports the other.
"""

from __future__ import annotations

import difflib
from typing import Any

from .errors import Issue


def items(data: dict, section: str) -> list[tuple[int, dict]]:
    """(index, item) of each mapping in a section's list; nothing when the section is not a list."""
    found = data.get(section)
    if not isinstance(found, list):
        return []
    return [(i, item) for i, item in enumerate(found) if isinstance(item, dict)]


def ids(data: dict, section: str) -> set[str]:
    return {item["id"] for _, item in items(data, section) if isinstance(item.get("id"), str)}


def ref(loc: tuple, value: Any, known: set[str], what: str) -> list[Issue]:
    """An issue for a reference to an unknown id, with the closest known one as a hint."""
    if not isinstance(value, str) or value in known:
        return []
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}?" if close else f"add it to `{what}s` first"
    return [Issue(loc, f"unknown {what} {value!r}", hint)]
