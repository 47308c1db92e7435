"""The registry's own error type: every problem, each with its place in a file."""

from __future__ import annotations

from dataclasses import dataclass


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
        return f"{text} ({self.hint})" if self.hint else text


class RegistryError(Exception):
    """Raised by the core when a registry cannot be loaded; holds every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the registry"
        return "\n".join([head, *(str(p) for p in self.problems)])

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]
