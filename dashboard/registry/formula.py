"""Formulas of derived indicators: arithmetic on indicator ids and numbers, parsed, never `eval`ed.

The grammar is Python's expression syntax restricted to numbers (int or float),
names (indicator ids), `+ - * /`, unary minus and parentheses. Anything else
(calls, attributes, subscripts, `**`, comparisons, strings) is refused.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

MAX_LENGTH = 500
MAX_DEPTH = 20
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_OPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class FormulaError(ValueError):
    """A formula that cannot be used; `offset` is the 0-based character where the problem is."""

    def __init__(self, message: str, offset: int = 0) -> None:
        super().__init__(message)
        self.offset = offset


def parse(formula: str) -> ast.expr:
    """The checked expression tree of a formula. Raises FormulaError."""
    if not isinstance(formula, str) or not formula.strip():
        raise FormulaError("the formula is empty")
    if len(formula) > MAX_LENGTH:
        raise FormulaError(f"the formula is over {MAX_LENGTH} characters")
    if "\n" in formula:
        raise FormulaError("write the formula on one line", formula.index("\n"))
    try:
        tree = ast.parse(formula.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"not a formula: {exc.msg}", max((exc.offset or 1) - 1, 0)) from None
    _check(tree.body, 1)
    return tree.body


def _check(node: ast.AST, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise FormulaError(f"the formula is nested deeper than {MAX_DEPTH}", getattr(node, "col_offset", 0))
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        _check(node.left, depth + 1)
        _check(node.right, depth + 1)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        _check(node.operand, depth + 1)
    elif not ((isinstance(node, ast.Constant) and type(node.value) in (int, float)) or (isinstance(node, ast.Name) and _ID.match(node.id))):
        what = type(node.op).__name__ if isinstance(node, (ast.BinOp, ast.UnaryOp)) else type(node).__name__
        raise FormulaError(f"only numbers, indicator ids, + - * / and parentheses are allowed, not {what}", getattr(node, "col_offset", 0))


def names(formula: str) -> list[tuple[str, int]]:
    """The indicator ids a formula uses, with their 0-based offsets, in order of appearance."""
    found = [(n.id, n.col_offset) for n in ast.walk(parse(formula)) if isinstance(n, ast.Name)]
    return sorted(found, key=lambda item: item[1])


Interval = tuple[float, float, float]  # central, low, high


def evaluate(node: ast.expr, lookup: Callable[[str], Interval]) -> Interval:
    """Interval arithmetic: the central value and the low/high the inputs' bounds allow.

    Raises ZeroDivisionError when a divisor's interval holds zero.
    """
    if isinstance(node, ast.Constant):
        v = float(node.value)
        return v, v, v
    if isinstance(node, ast.Name):
        return lookup(node.id)
    if isinstance(node, ast.UnaryOp):
        c, lo, hi = evaluate(node.operand, lookup)
        return -c, -hi, -lo
    assert isinstance(node, ast.BinOp)
    a, b = evaluate(node.left, lookup), evaluate(node.right, lookup)
    op = _OPS[type(node.op)]
    if op == "+":
        return a[0] + b[0], a[1] + b[1], a[2] + b[2]
    if op == "-":
        return a[0] - b[0], a[1] - b[2], a[2] - b[1]
    if op == "/":
        if b[1] <= 0 <= b[2]:
            raise ZeroDivisionError("a divisor's bounds include zero")
        b = (1 / b[0], 1 / b[2], 1 / b[1])
    ends = [x * y for x in (a[1], a[2]) for y in (b[1], b[2])]
    return a[0] * b[0], min(ends), max(ends)
