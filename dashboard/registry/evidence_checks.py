"""Cross-checks of derived formulas (syntax, unknown ids, cycles) and of claims' stand-ins."""

from __future__ import annotations

from .errors import Issue
from .formula import FormulaError, names
from .raw import ids as _ids
from .raw import items as _items
from .raw import ref as _ref


def evidence_checks(data: dict) -> list[Issue]:
    """Formulas of derived indicators (syntax, unknown ids, cycles) and claims' stand-ins."""
    issues: list[Issue] = []
    indicators = _ids(data, "indicators")
    uses: dict[str, list[str]] = {}
    where: dict[str, tuple] = {}
    for i, ind in _items(data, "indicators"):
        derived = ind.get("derived")
        if not isinstance(derived, dict) or not isinstance(derived.get("formula"), str) or not isinstance(ind.get("id"), str):
            continue
        loc = ("indicators", i, "derived", "formula")
        try:
            found = names(derived["formula"])
        except FormulaError as exc:
            issues.append(Issue(loc, f"formula: {exc} (at character {exc.offset + 1})", "e.g. road_deaths / population * 100000"))
            continue
        unknown = [(n, at) for n, at in found if n not in indicators]
        for name, at in unknown[:1]:
            issues += [
                Issue(loc, f"{ref.message} in the formula, at character {at + 1}", ref.hint)
                for ref in _ref(loc, name, indicators, "indicator")
            ]
        mid = derived.get("mid_year") if isinstance(derived.get("mid_year"), list) else []
        for j, name in enumerate(mid):
            if isinstance(name, str) and name not in {n for n, _ in found}:
                issues.append(Issue(("indicators", i, "derived", "mid_year", j), f"{name!r} is not an input of the formula"))
        if not unknown:
            uses[ind["id"]] = [n for n, _ in found]
            where[ind["id"]] = loc
    for cycle in _cycles(uses):
        issues.append(
            Issue(where[cycle[0]], f"the formula is circular: {' -> '.join(cycle)}", "a derived indicator cannot depend on itself")
        )
    for i, claim in _items(data, "claims"):
        stand_in = claim.get("stand_in")
        if isinstance(stand_in, dict):
            loc = ("claims", i, "stand_in", "indicator")
            issues += _ref(loc, stand_in.get("indicator"), indicators, "indicator")
            if stand_in.get("indicator") == claim.get("indicator") and isinstance(claim.get("indicator"), str):
                issues.append(Issue(loc, "a stand-in must be another indicator than the claim's own"))
    return issues


def _cycles(uses: dict[str, list[str]], most: int = 20) -> list[list[str]]:
    """Circular formulas, each as a path back to where it starts: one depth-first walk over all
    indicators, each entered once (linear in indicators plus formula inputs); at most `most` reported."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    found: list[list[str]] = []
    for root in uses:
        if root in state:
            continue
        path, at = [root], {root: 0}
        state[root] = 1
        stack = [iter(uses.get(root, []))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                done = path.pop()
                state[done] = 2
                del at[done]
            elif state.get(nxt) == 1:
                if len(found) < most:
                    found.append(path[at[nxt] :] + [nxt])
            elif nxt not in state:
                state[nxt] = 1
                at[nxt] = len(path)
                path.append(nxt)
                stack.append(iter(uses.get(nxt, [])))
    return found
