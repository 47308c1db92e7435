"""What the engine says, as codes and numbers: a `Phrase` names a sentence by its code and carries its
parts (years, ids, `Num`bers, other phrases); `outputs/wording.py` renders it in a language. The engine
never formats a number or picks a word, so one result serves every language and every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Num:
    """A number as the reader will see it. `style`: "g" (the decimals it has, up to three), "qualified"
    ("> 14,400"), "percent" ("−4.2%"), "change" (a ratio as a percent change, "−58.3%"), "signed" ("+27.5%")
    or "ratio" (three decimals)."""

    value: float | None
    style: str = "g"
    decimals: int = 0
    qualifier: str = "="
    unit: str = ""


@dataclass(frozen=True)
class Phrase:
    code: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **args: Any) -> Phrase:
        return cls(code, tuple(args.items()))

    def arg(self, name: str, default: Any = None) -> Any:
        return next((v for k, v in self.args if k == name), default)

    def __bool__(self) -> bool:
        return self.code != "none"


NOTHING = Phrase("none")  # no reason, no detail: renders as ""
Said = Phrase | str  # a phrase, or a text that is already what is shown ("–", an id)
