"""The package's folders and their one-way doors (docs/ARCHITECTURE.md): registry < engine < outputs < web, cli.

Each rule is read off the syntax tree of every module: an import that runs upward, a forbidden library in
the engine, or a circle of imports anywhere fails with the file and line that made it.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "dashboard"

# The few base modules at the top, which every folder may use; they import no folder of the package.
BASE = {"i18n", "formatting"}
# Lowest first: a folder may import itself, the base and the folders below it, never one above.
FOLDERS = ["registry", "engine", "outputs", "web", "cli"]
# Top-level modules that sit with the CLI: the command line, its entry point, the catalogue upkeep command.
CLI = {"cli", "__main__", "i18n_tools"}
MAX_LOOSE = 8
# What each folder must not import, besides the folders above it.
FORBIDDEN = {
    "registry": set(),
    "engine": {"dash", "dash_bootstrap_components", "flask", "plotly", "pandas", "kaleido"},
    "outputs": {"dash", "dash_bootstrap_components", "flask"},
}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _room(module: str) -> str:
    """The folder a module belongs to: its first name under dashboard/, the CLI's for the CLI's modules."""
    parts = module.split(".")
    if len(parts) == 1:
        return "package"  # dashboard/__init__.py: the registry's loader, re-exported as the package's face
    first = parts[1]
    if first in BASE:
        return "base"
    return "cli" if first in CLI else first


def _imports(path: Path) -> list[tuple[str, int]]:
    """(imported module, line), with relative imports resolved, `from x import y` counted as x.y when y is a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module(path) if path.name == "__init__.py" else _module(path).rsplit(".", 1)[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:
                child = f"{base}.{alias.name}"
                out.append((child if _is_module(child) else base, node.lineno))
    return out


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "assets" not in p.parts)
RANK = {"base": -1, "package": 0, **{name: n for n, name in enumerate(FOLDERS)}}


def test_the_tree_has_the_four_rooms_and_few_loose_modules() -> None:
    assert all((PACKAGE / room / "__init__.py").is_file() for room in FOLDERS[:-1])
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(loose) <= MAX_LOOSE, loose
    assert {_room(_module(p)) for p in MODULES} <= set(RANK), "a module outside the folders: add it to a folder or the base"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_runs_upward_and_the_engine_stays_pure(path: Path) -> None:
    room = _room(_module(path))
    for name, line in _imports(path):
        top = name.split(".")[0]
        where = f"{path.relative_to(ROOT)}:{line} imports {name}"
        assert top not in FORBIDDEN.get(room, set()), f"{where}, which the {room} folder must not use"
        if top != "dashboard" or name == "dashboard":
            continue
        target = _room(name)
        if room == "base":
            assert target == "base", f"{where}: a base module imports no folder"
        else:
            assert RANK[target] <= RANK[room], f"{where}, a folder above {room}"


def _graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (a package's __init__ counts as its own module)."""
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        graph[_module(path)] = {n for n, _line in _imports(path) if n.startswith("dashboard.") and _is_module(n)}
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A circle of imports, as the list of its modules, or None (depth-first search with colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_circle_of_imports_anywhere() -> None:
    graph = _graph()
    graph.pop("dashboard", None)  # the package's face imports the registry, which is inside it
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


@pytest.mark.parametrize(
    ("graph", "found"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, False),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
        ({"a": {"a"}}, True),
    ],
)
def test_the_circle_finder_finds_circles(graph: dict[str, set[str]], found: bool) -> None:
    assert (_cycle(graph) is not None) == found


# Only these compute yearly values and target results; everything else reads the assessment.
ENGINE_CALLS = {"by_year", "assess", "assess_target", "points_of", "check_claim"}
ENGINE = PACKAGE / "engine"


@pytest.mark.parametrize("path", [p for p in MODULES if not p.is_relative_to(ENGINE)], ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_engine_computes_per_indicator_facts(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    called = {
        (node.func.id if isinstance(node.func, ast.Name) else node.func.attr, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
    }
    assert not [(n, line) for n, line in called if n in ENGINE_CALLS]


@pytest.mark.parametrize("command", [["validate", "tests/fixtures/registry/indicators.yaml"], ["schema"]])
def test_a_quick_command_loads_neither_plotly_nor_dash(command: list[str]) -> None:
    heavy = "{'plotly', 'dash', 'flask', 'kaleido'}"
    probe = (
        f"import sys; from dashboard import cli; code = cli.main({command!r}); print(code, "
        f"sorted({{m.split('.')[0] for m in sys.modules}} & {heavy}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "0 []"


def test_the_architecture_page_states_each_folder_rule_in_one_line() -> None:
    page = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| `dashboard/")]
    for folder in FOLDERS[:-1]:
        assert len([r for r in rows if r.startswith(f"| `dashboard/{folder}/`")]) == 1, folder
