"""The registry's own error type: every problem, each with its place in a file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, NamedTuple

MAX_SHOWN = 200
# C0 and C1 controls (a tab too) and the bidirectional overrides and isolates that reorder a terminal line
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """`\\x1b`, `\\n`, `\\u202e`: a problem line never sends a raw control character to a terminal or page."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], text)


class Issue(NamedTuple):
    """A problem found in the parsed document, before it is placed: `loc` is its path in the document.

    The loader turns each into a Problem at the line and column of the value, or of the key when
    `at_key` (an unknown field is shown where its name is written).
    """

    loc: tuple[Any, ...]
    message: str
    hint: str = ""
    at_key: bool = False


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in a registry or a series file.

    ``line`` and ``col`` are 1-based; 0 means the place is the whole file.
    """

    file: str
    line: int
    col: int
    path: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return escape_controls(f"{text} ({self.hint})" if self.hint else text)


class RegistryError(Exception):
    """Raised by the core when a registry cannot be loaded.

    ``problems`` holds the first MAX_SHOWN problems by place; ``count`` is how many were found.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.count = len(problems)
        self.problems = sorted(problems)[:MAX_SHOWN]
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple:
        """Pickled with its problems and count (a registry parsed in a child process raises it in the parent)."""
        return _registry_error, (self.problems, self.count)

    @property
    def omitted(self) -> int:
        return self.count - len(self.problems)

    def __str__(self) -> str:
        head = f"{self.count} problem{'s' if self.count != 1 else ''} in the registry"
        return "\n".join([head, *self.lines()])

    def lines(self) -> list[str]:
        """One line per problem shown, then `and N more problems` when some were left out."""
        return capped_lines(self.problems, self.count, "problem")


def _registry_error(problems: list[Problem], count: int) -> RegistryError:
    made = RegistryError(problems)
    made.count = count
    made.args = (str(made),)
    return made


def capped_lines(shown: tuple[Problem, ...] | list[Problem], count: int, noun: str) -> list[str]:
    """One line per problem or warning shown, then `and N more <noun>s` for the `count` found but left out."""
    omitted = count - len(shown)
    more = [f"and {omitted} more {noun}{'s' if omitted != 1 else ''}"] if omitted > 0 else []
    return [str(p) for p in shown] + more
