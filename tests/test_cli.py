"""The command line, in-process: `dashboard.cli.main([...])` with captured output."""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.engine.vocabulary import METHODS, RESULTS, STATUSES

from .conftest import ROOT

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
SPEECH_CLAIMS = {
    "crimes_solved_up",
    "street_crime_down",
    "repeat_crimes_down",
    "juvenile_crime_halved",
    "cybercrimes_up",
    "cybercrime_damage_200bn",
    "retirees_quarter_of_victims",
    "cybercrime_solve_rate_23",
    "road_deaths_halved_20y",
    "road_death_rate_third_lower_2030",
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_validate_shipped(capsys: pytest.CaptureFixture[str], frozen_path: Path) -> None:
    code, out, _ = run(capsys, "validate", str(frozen_path))
    assert code == 0
    assert out.strip() == f"{frozen_path}: OK (32 indicators, 116 observations, 6 targets, 19 claims)"


@pytest.mark.parametrize("langs", [["ru"], ["en"], ["en", "ru"]])
def test_the_frozen_registry_has_every_text_in_both_languages(
    capsys: pytest.CaptureFixture[str], frozen_path: Path, langs: list[str]
) -> None:
    code, out, err = run(capsys, "validate", *[arg for lang in langs for arg in ("--require-lang", lang)], str(frozen_path))
    assert code == 0 and out.strip().startswith(f"{frozen_path}: OK") and "warning" not in out + err


def test_require_lang_ru_on_an_english_registry_exits_1_at_each_field(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--require-lang", "ru", str(VALID / "minimal.yaml"))
    assert code == 1 and err.strip() == f"{VALID / 'minimal.yaml'}: 7 problems"
    assert out.splitlines()[0] == (
        "minimal.yaml:4:10: meta.title: no Russian text (write it as {en: ..., ru: ...}; until then Russian pages show the English "
        "followed by [en])"
    )
    assert "minimal.yaml:16:12: indicators[road_deaths].title: no Russian text" in out


def test_validate_defaults_to_indicators_yaml_in_the_working_folder(capsys, registry_copy: Path, monkeypatch) -> None:
    monkeypatch.chdir(registry_copy.parent)
    code, out, _ = run(capsys, "validate")
    assert code == 0 and out.startswith("indicators.yaml: OK")


@pytest.mark.parametrize("name", ["minimal.yaml", "full.yaml"])
def test_validate_valid_fixtures(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, _ = run(capsys, "validate", str(VALID / name))
    assert code == 0 and out.startswith(f"{VALID / name}: OK (")


def test_validate_lists_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str], registry_copy: Path) -> None:
    text = registry_copy.read_text(encoding="utf-8")
    text = text.replace("    direction: lower_is_better\n", "    direction: lower_is_better\n    direction: lower_is_better\n", 1)
    registry_copy.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "validate", str(registry_copy))
    assert code == 1
    [line] = out.splitlines()
    assert line.startswith("indicators.yaml:") and "duplicate key 'direction', first given on line" in line
    assert err.strip() == f"{registry_copy}: 1 problem"


def test_summary_json_has_all_ten_claims_and_the_road_death_statuses(capsys: pytest.CaptureFixture[str], frozen_path: Path) -> None:
    code, out, _ = run(capsys, "summary", "--format", "json", "--registry", str(frozen_path))
    assert code == 0
    data = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    claims = {c["id"]: c for c in data["claims"]}
    assert set(claims) >= SPEECH_CLAIMS and len(claims) == 19  # and the 9 of the 4 March 2026 speech
    for claim in claims.values():
        assert claim["result"] in RESULTS
        assert claim["figure"] and claim["detail"] and claim["quote"]
    road_target = claims["road_death_rate_third_lower_2030"]
    assert (road_target["result"], road_target["course"]) == ("in_works", "off_course")
    cards = data["verdict_counts"]
    assert set(cards) == {"2025-03-05", "2026-03-04"}
    assert cards["2025-03-05"]["counts"] == {"consistent": 5, "inconsistent": 1, "in_works": 1, "unverifiable": 3}
    assert cards["2025-03-05"]["by_stand_in"] == {"consistent": 1, "inconsistent": 1, "in_works": 0, "unverifiable": 0}
    assert cards["2025-03-05"]["in_works_by_course"] == {"on_course": 0, "off_course": 1, "too_early": 0}
    assert cards["2025-03-05"]["with_verdict"] == 7 and cards["2026-03-04"]["with_verdict"] == 7
    assert claims["road_deaths_halved_20y"]["result"] == "consistent"
    assert claims["road_deaths_halved_20y"]["figure"].startswith("−58.3%")
    road = next(i for i in data["indicators"] if i["id"] == "road_deaths")
    assert [t["id"] for t in road["targets"]] == ["strategy_2030", "strategy_2036", "mvd_2030"]
    for tgt in road["targets"]:
        assert set(tgt["statuses"]) == set(METHODS)
        for status in tgt["statuses"].values():
            assert status["status"] in STATUSES and status["label"]
        assert tgt["baseline"] == {"year": 2023, "value": 14504.0}
        assert tgt["latest"] == {"year": 2025, "value": 13900.0, "qualifier": ">", "source": "news-mail"}
    assert road["targets"][1]["statuses"]["escap"]["label"] == "limited to fair progress"
    assert road["targets"][1]["methods_disagree"] is True
    assert data["registry"]["as_of"] == "2026-11-28" and len(data["registry"]["sha256"]) == 64


def test_summary_json_stays_strict_json_when_a_score_is_undefined(capsys, tmp_path: Path) -> None:
    """A target equal to its baseline and missed has no CR: null, never NaN or Infinity."""
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8")
    text += "    baseline: {year: 2020}\n    targets:\n      - {id: hold, year: 2030, value: 100, source: stats}\n"
    text = text.replace("{year: 2021, value: 90,", "{year: 2021, value: 110,")
    (tmp_path / "indicators.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "summary", "--format", "json", "--registry", str(tmp_path / "indicators.yaml"))
    assert code == 0
    data = json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    [tgt] = data["indicators"][0]["targets"]
    assert tgt["statuses"]["unsd"] == {
        "status": "deterioration",
        "label": "deterioration",
        "score": None,
        "at_low_bound": None,
        "at_high_bound": None,
    }


def test_summary_table(capsys: pytest.CaptureFixture[str], frozen_path: Path) -> None:
    code, out, _ = run(capsys, "summary", "--registry", str(frozen_path))
    assert code == 0
    assert "target strategy_2030: 9,669 by 2030, baseline 14,504 (2023)" in out
    assert "UNSD: limited progress; ESCAP: limited to fair progress; StatCan: limited progress  [methods disagree]" in out
    for claim_id in SPEECH_CLAIMS:
        assert f" {claim_id}: " in out
    # each claim with its ruling: the figures with units and publishers, the change as a person says it
    assert "CONSISTENT    road_deaths_halved_20y: Claimed: Road traffic deaths fell by more than half between 2004 and 2024. " in out
    assert "34,506 deaths in 2004 (government.ru); more than 14,400 deaths in 2024 (ria.ru): a fall of 58% from 2004 to 2024." in out
    assert "IN THE WORKS: OFF COURSE road_death_rate_third_lower_2030: " in out


def test_summary_csv(capsys: pytest.CaptureFixture[str], frozen_path: Path) -> None:
    code, out, _ = run(capsys, "summary", "--format", "csv", "--registry", str(frozen_path))
    assert code == 0
    assert out.startswith("\ufeff")  # the one CSV writer: a byte-order mark for spreadsheets
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    road = [r for r in rows if r["indicator"] == "road_deaths"]
    assert [r["target"] for r in road] == ["strategy_2030", "strategy_2036", "mvd_2030"]
    assert all(r[f"{m}_status"] for r in road for m in METHODS)
    assert len([r for r in rows if not r["target"]]) == 30  # indicators without a target get one row each
    assert "road_deaths_halved_20y: consistent" in road[0]["claims"]


def test_summary_of_a_bad_registry_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "summary", "--format", "json", "--registry", str(INVALID / "unknown_source.yaml"))
    assert code == 1 and "unknown source 'stat'" in out and "1 problem" in err


def test_schema_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/") and schema["title"] == "indicators.yaml"


@pytest.mark.parametrize(
    ("argv", "collector"),
    [
        (["validate", "{path}"], False),
        (["summary", "--registry", "{path}", "--format", "json"], False),
        (["schema"], False),
        (["diff", "{path}", "{path}"], True),  # a command that runs on gets the collector back
    ],
)
def test_only_a_brief_command_leaves_the_collector_off(capsys, frozen_path: Path, argv: list[str], collector: bool) -> None:
    enabled = gc.isenabled()
    gc.disable()  # as `python -m dashboard` starts (dashboard/__main__.py)
    try:
        assert cli.main([a.format(path=frozen_path) for a in argv]) == 0
        assert gc.isenabled() is collector
    finally:
        (gc.enable if enabled else gc.disable)()
    capsys.readouterr()


def test_python_m_dashboard_starts_with_the_collector_off_and_without_pydantic_plugins(frozen_path: Path) -> None:
    code = (
        "import atexit, gc, os, runpy, sys\n"
        "atexit.register(lambda: print('at exit:', gc.isenabled(), os.environ['PYDANTIC_DISABLE_PLUGINS'], file=sys.stderr))\n"
        f"sys.argv = ['dashboard', 'validate', {str(frozen_path)!r}]\n"
        "runpy.run_module('dashboard', run_name='__main__', alter_sys=True)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0 and ": OK (" in done.stdout, done.stderr
    assert "at exit: False __all__" in done.stderr


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.main(["frobnicate"])
    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_summary_json_writes_null_for_non_finite_numbers() -> None:
    from dataclasses import replace

    from dashboard.engine.assessment import build
    from dashboard.outputs.summary import as_json
    from dashboard.registry import load_registry

    assessment = build(load_registry(VALID / "full.yaml"))
    road = assessment.views["road_deaths"]
    tv = road.target("absolute_2035")
    res = tv.result
    broken = replace(
        tv,
        result=replace(
            res, projected_value=float("nan"), methods={**res.methods, "unsd": replace(res.methods["unsd"], score=float("-inf"))}
        ),
    )
    assessment.views["road_deaths"] = replace(road, targets=tuple(broken if t is tv else t for t in road.targets))
    data = json.loads(as_json(assessment), parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))
    tgt = next(t for t in data["indicators"][0]["targets"] if t["id"] == "absolute_2035")
    assert tgt["statuses"]["unsd"]["score"] is None and tgt["projected_value"] is None
