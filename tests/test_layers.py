"""The package's layers: the core imports no Dash and no CLI, no import runs upward, and only the
assessment computes the per-indicator facts (yearly values, target results) that consumers show."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "dashboard"

# Lowest first. A module may import from its own layer or below, never above.
LAYERS = [
    {"registry", "i18n", "gc_pause"},
    {"progress", "formatting"},
    {"claims", "claimtext", "derived"},
    {"evidence"},
    {"assessment"},
    {"frames", "figures", "summary", "share", "datafiles"},
    {"store", "export", "report"},
    {"guard"},
    {"components"},
    {"pages", "embeds", "downloads"},
    {"callbacks"},
    {"language", "routes"},
    {"first_page"},
    {"app"},
    {"serve", "wsgi", "gunicorn_conf"},
    {"cli", "__main__", "i18n_tools"},  # i18n_tools: the catalogue upkeep command
]
# dashboard/__init__.py re-exports the registry's loader: the package's face, at the registry's level
UNITS = {"__init__": "registry"}
CORE = set().union(*LAYERS[:6])
RANK = {name: n for n, layer in enumerate(LAYERS) for name in layer}


def _unit(path: Path) -> str:
    """The layer unit of a module: its top-level name under dashboard/ (a subpackage counts as one)."""
    name = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    return UNITS.get(name, name)


def _imports(path: Path) -> list[tuple[str, int]]:
    """(imported module, line), with relative imports resolved to `dashboard.…`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(("dashboard", *path.relative_to(PACKAGE).parent.parts))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
                # `from . import figures`: each alias is a module of the package
                names = [f"{name}.{a.name}" for a in node.names] if not node.module else [name]
            else:
                names = [node.module or ""]
            out += [(n, node.lineno) for n in names]
    return out


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "assets" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_import_runs_upward_and_the_core_stays_pure(path: Path) -> None:
    unit = _unit(path)
    assert unit in RANK, f"{unit} has no layer: add it to LAYERS"
    for name, line in _imports(path):
        top = name.split(".")[0]
        if unit in CORE:
            assert top not in {"dash", "dash_bootstrap_components", "flask"}, f"{path.name}:{line} imports {name} into the core"
        if top != "dashboard" or name == "dashboard":
            continue
        target = name.split(".")[1]
        assert RANK[target] <= RANK[unit], f"{path.relative_to(ROOT)}:{line} imports {name}, a higher layer"


# Only these compute yearly values and target results; everything else reads the assessment.
ENGINE_CALLS = {"by_year", "assess", "assess_target", "points_of", "check_claim"}
ALLOWED = {"progress.py", "claims.py", "derived.py", "evidence.py", "assessment.py"}


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in ALLOWED], ids=lambda p: str(p.relative_to(ROOT)))
def test_only_the_assessment_computes_per_indicator_facts(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    called = {
        (node.func.id if isinstance(node.func, ast.Name) else node.func.attr, node.lineno)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, (ast.Name, ast.Attribute))
    }
    assert not [(n, line) for n, line in called if n in ENGINE_CALLS]


@pytest.mark.parametrize("command", [["validate", "indicators.yaml"], ["schema"]])
def test_a_quick_command_loads_neither_plotly_nor_dash(command: list[str]) -> None:
    heavy = "{'plotly', 'dash', 'flask', 'kaleido'}"
    probe = f"import sys; from dashboard import cli; code = cli.main({command!r}); print(code, sorted({{m.split('.')[0] for m in sys.modules}} & {heavy}))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "0 []"
