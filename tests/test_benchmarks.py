"""The benchmarks keep working: synthetic registries are valid, and a tiny run prints every row.

No test here asserts a time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from benchmarks import __main__ as runner
from benchmarks.generate import SPEECH_DOCUMENT, registry_text, write_registry, write_series_registry
from dashboard.engine.assessment import build
from dashboard.outputs.frames import frames_of
from dashboard.registry import load_registry


@pytest.mark.parametrize(("n", "m"), [(1, 2), (4, 3), (12, 30)])
def test_synthetic_registry_is_valid_with_every_kind_of_target_and_claim(tmp_path: Path, n: int, m: int) -> None:
    registry = load_registry(write_registry(tmp_path, n, m))
    assessment = build(registry)

    assert len(registry.indicators) == n
    assert len(frames_of(assessment).observations) == n * m
    assert all(i.id.startswith("syn_") and i.title.startswith("Synthetic") for i in registry.indicators)
    targets = [t for i in registry.indicators for t in i.targets]
    assert {t.value is not None for t in targets} == {True, False}  # absolute and relative
    # indicator i carries a claim of kind i % 4
    assert {c.kind for c in registry.claims} == {("level", "change", "direction", "target")[i % 4] for i in range(n)}
    # every claim quote was found in the synthetic speech, or the load would have failed
    document = (tmp_path / SPEECH_DOCUMENT).read_text(encoding="utf-8")
    assert all(c.quote in document for c in registry.claims)
    checked = {c.kind: assessment.checks[c.id].result for c in registry.claims}
    assert all(checked[k] == "consistent" for k in ("level", "change", "direction") if k in checked)


def test_synthetic_registry_is_the_same_for_the_same_seed() -> None:
    assert registry_text(5, 4, seed=7) == registry_text(5, 4, seed=7)
    assert registry_text(5, 4, seed=7) != registry_text(5, 4, seed=8)


def test_series_registry_holds_every_row_of_its_csv(tmp_path: Path) -> None:
    registry = load_registry(write_series_registry(tmp_path, 1_000))
    assessment = build(registry)
    frames = frames_of(assessment)

    assert len(registry.series["syn_series"]) == 1_000
    assert len(assessment.views["syn_series"].points) == 1_000
    assert frames.observations["origin"].eq("data/series/syn_series.csv").all()


@pytest.mark.slow
def test_quick_run_prints_every_row_measured(capsys: pytest.CaptureFixture[str]) -> None:
    assert runner.main(["--quick"]) == 0
    out = capsys.readouterr().out

    assert "| figure | measured | budget | result |" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith(("| figure", "| N ("))]
    figures = [
        "load + validate + assessment",
        "reload of an unchanged file",
        "CSV series of 2,000 rows",
        "validation per MB",
        "load time per indicator",
        "batch PNG export",
        "overview page callback",
        "indicator page callbacks (the page, then the part below its chart), server time",
        "in-app PNG download",
        "peak memory",
        "server and its Chromium",
        "indicator page callbacks, first visit",
        "resident memory",
        "`python -m dashboard validate`",
        "`python -m dashboard summary`",
    ]
    for figure in figures:
        assert sum(row.startswith(f"| {figure}") for row in rows) == 1, figure
    # chromium is part of the set-up: every figure is measured, none is left out
    results = [row.rsplit("|", 2)[-2].strip() for row in rows if row.startswith(tuple(f"| {f}" for f in figures))]
    assert results and {r.split(" ", 1)[0] for r in results} <= {"pass", "tight", "FAIL"}, rows
    assert all(re.fullmatch(r"\w+ \(\d+% of its room\)", r) for r in results if "scripts" not in r), results
    scaling = [line for line in rows if re.match(r"\| (2|20|100) \|", line)]
    assert len(scaling) == 3


@pytest.mark.parametrize(
    ("value", "passed", "held"),
    [(0.30, True, True), (0.40, True, True), (0.45, True, False), (0.5, True, False), (0.51, False, False)],
)
def test_an_amount_is_held_at_80_percent_of_its_budget(value: float, passed: bool, held: bool) -> None:
    from benchmarks.budgets import SERIES

    assert (SERIES.passed(value), SERIES.held(value)) == (passed, held)


@pytest.mark.parametrize(("value", "held"), [(1.0, True), (1.24, True), (1.25, False), (0.9, True)])
def test_a_ratio_is_held_at_80_percent_of_the_excess_its_budget_allows(value: float, held: bool) -> None:
    from benchmarks.budgets import LOAD

    assert LOAD.held(value) == held


def test_every_budget_says_why_and_lives_in_budgets() -> None:
    from benchmarks import budgets

    found = {name: b for name, b in vars(budgets).items() if isinstance(b, budgets.Budget)}
    assert len(found) >= 20 and all(b.why.endswith(".") and len(b.why) > 40 for b in found.values())
    root = Path(__file__).resolve().parent.parent / "benchmarks"
    for module in root.glob("*.py"):
        if module.name != "budgets.py":
            # a budget written as a number beside a comparison elsewhere would be a second place for it
            assert not re.search(r"\b[A-Z_]+_(?:RATIO|BUDGET|BUDGET_MB|FACTOR)\s*=", module.read_text(encoding="utf-8")), module.name


def test_a_row_tells_held_tight_and_failed_apart() -> None:
    from benchmarks import Row

    assert Row("x", "1", "≤ 2", True, share=0.5).verdict == "pass (50% of its room)"
    assert Row("x", "1", "≤ 2", True, share=0.9).verdict == "tight (90% of its room)"
    assert Row("x", "1", "≤ 2", True, share=0.9).held is False
    assert Row("x", "3", "≤ 2", False, share=1.5).verdict == "FAIL (150% of its room)"
    assert Row("x", "-", "", None).held is None
