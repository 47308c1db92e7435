"""Good registries load into the models; the loader is safe, single-pass and reports in one format."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from dashboard.registry import Problem, Registry, RegistryError, load_registry, parse_registry, yamlfile
from dashboard.registry.crosscheck import normalise_text
from dashboard.registry.models import ChangeClaim, DirectionClaim, LevelClaim, TargetClaim

ROOT = Path(__file__).resolve().parent.parent
VALID = Path(__file__).resolve().parent / "fixtures" / "valid"


@pytest.mark.parametrize("name", ["minimal.yaml", "full.yaml"])
def test_valid_fixtures_load(name: str) -> None:
    registry = load_registry(VALID / name)
    assert isinstance(registry, Registry)
    assert registry.sha256 == hashlib.sha256((VALID / name).read_bytes()).hexdigest()
    assert registry.path == str(VALID / name)


def test_minimal_registry_defaults() -> None:
    registry = load_registry(VALID / "minimal.yaml")
    [ind] = registry.indicators
    assert (ind.decimals, ind.minimum, ind.limit, ind.baseline, ind.targets, ind.series_file) == (0, 0, None, None, [], None)
    assert [(o.year, o.value, o.qualifier) for o in ind.observations] == [(2020, 100.0, "="), (2021, 90.0, "=")]
    assert registry.claims == [] and registry.series == {}


def test_full_registry_uses_every_feature() -> None:
    registry = load_registry(VALID / "full.yaml")
    deaths = registry.indicator("road_deaths")
    assert deaths is not None and deaths.series_file == "data/road_deaths.csv"
    series = registry.series["road_deaths"]
    assert series["year"].tolist() == [2004, 2020, 2021, 2022, 2024]
    assert series["value"].tolist() == [100.0, 60.0, 54.0, 50.0, 40.0]
    assert series["qualifier"].tolist() == ["=", "=", "=", "~", "="]
    assert set(series["origin"]) == {"data/road_deaths.csv"}
    relative, absolute = deaths.targets
    assert relative.ratio == pytest.approx(2 / 3) and relative.value is None and relative.baseline is None
    assert deaths.baseline is not None and deaths.baseline.year == 2020 and deaths.baseline.value is None
    assert absolute.value == 20 and absolute.ratio is None
    assert absolute.baseline is not None and (absolute.baseline.year, absolute.baseline.value) == (2021, 95)
    rate = registry.indicator("solve_rate")
    assert rate is not None and rate.limit == 100 and rate.direction == "higher_is_better" and rate.decimals == 1
    kinds = {type(c) for c in registry.claims}
    assert kinds == {LevelClaim, ChangeClaim, DirectionClaim, TargetClaim}
    assert {c.measure for c in registry.claims if isinstance(c, ChangeClaim)} == {"ratio", "percent"}
    [target_claim] = [c for c in registry.claims if isinstance(c, TargetClaim)]
    assert target_claim.ratio == pytest.approx(2 / 3) and target_claim.target == "relative_2030"
    speech = registry.source("speech")
    assert speech is not None and speech.document == "data/sources/speech-excerpt.en.txt"
    assert str(speech.date) == "2025-03-05" and str(registry.meta.as_of) == "2025-06-30"


def test_the_frozen_registry_validates(frozen_registry: Registry) -> None:
    # 10 claims of the 5 March 2025 speech and 9 of the 4 March 2026 speech (claims-2026.csv)
    assert len([c for c in frozen_registry.claims if c.source == "kremlin-2025-03-05"]) == 10
    assert len([c for c in frozen_registry.claims if str(c.said_on) == "2026-03-04"]) == 9
    assert {a.id for a in frozen_registry.areas} == {"cybercrime", "juvenile_crime", "road_safety", "crime_overall", "context"}
    assert frozen_registry.source("kremlin-2025-03-05") is not None


def _quotes(registry: Registry):
    for ind in registry.indicators:
        for obs in ind.observations:
            yield f"{ind.id} {obs.year}", obs.source, obs.quote
        for tgt in ind.targets:
            yield f"{ind.id} target {tgt.id}", tgt.source, tgt.quote
    for claim in registry.claims:
        yield f"claim {claim.id}", claim.source, claim.quote


def test_every_shipped_quote_with_a_document_is_in_it_verbatim(frozen_registry: Registry, frozen_path: Path) -> None:
    checked = []
    for where, source_id, quote in _quotes(frozen_registry):
        source = frozen_registry.source(source_id)
        if quote is None or source is None or source.document is None:
            continue
        document = (frozen_path.parent / source.document).read_text(encoding="utf-8")
        # the only liberty taken: line breaks and runs of spaces count as one space
        assert normalise_text(quote) in normalise_text(document), where
        checked.append(where)
    assert len([w for w in checked if w.startswith("claim ")]) == 10
    assert len(checked) > 10  # values and the speech's own target are quoted from it too


def test_the_shipped_transcript_is_the_reference_copy(frozen_path: Path) -> None:
    reference = Path("/work/shared/reference/interior-ministry-board-2025-03-05.en.txt")
    shipped = (frozen_path.parent / "data/sources/kremlin-2025-03-05.en.txt").read_text(encoding="utf-8")
    assert "CC BY 4.0" in shipped.split("\n* * *", 1)[0]  # attribution
    if reference.exists():  # only on the machine that holds the reference folder
        body = reference.read_text(encoding="utf-8")
        assert normalise_text(body[body.index("The meeting agenda") :]) in normalise_text(shipped)


def test_a_quote_edited_by_one_character_is_refused(registry_copy: Path) -> None:
    text = registry_copy.read_text(encoding="utf-8")
    edited = text.replace("has dropped by more than a half.", "has dropped by more than half.")
    assert edited != text
    registry_copy.write_text(edited, encoding="utf-8")
    with pytest.raises(RegistryError, match=r"claims\[road_deaths_halved_20y\]\.quote: quote not found verbatim"):
        load_registry(registry_copy)


def test_valid_input_is_composed_once_and_never_rescanned(monkeypatch: pytest.MonkeyPatch, frozen_path: Path) -> None:
    """Line numbers come from the one node tree: no second parse on valid input."""
    calls = {"compose": 0, "scan": 0, "load": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    for name in calls:
        monkeypatch.setattr(yamlfile.yaml, name, counting(name, getattr(yaml, name)))
    parse_registry(frozen_path.read_bytes(), "indicators.yaml", frozen_path.parent)
    assert calls == {"compose": 1, "scan": 0, "load": 0}


def test_libyaml_is_used_when_present() -> None:
    if yaml.__with_libyaml__:
        assert issubclass(yamlfile._Loader, yaml.CSafeLoader)
    else:  # pragma: no cover - wheels ship libyaml
        assert issubclass(yamlfile._Loader, yaml.SafeLoader)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 12", 12),
        ("a: -3.5", -3.5),
        ("a: 1.5e-3", 1.5e-3),
        ("a: '12'", "12"),
        ('a: "yes"', "yes"),
        ("a: !!str 12", 12),
        ("a: yes", True),
        ("a: off", False),
        ("a: true", True),
        ("a: ~", None),
        ("a: null", None),
        ("a:", None),
        ("a: 2025-03-05", "2025-03-05"),
        ("a: road_deaths", "road_deaths"),
        ("a: year", "year"),
        ("a: .inf", float("inf")),
    ],
)
def test_plain_scalars_read_as_yaml_resolves_them(text: str, expected: object) -> None:
    """Plain scalars are resolved after composing (once per distinct text): the same values YAML's resolver gives."""
    value, _, problems = yamlfile.parse(text, "t.yaml")
    assert problems == [] and value == {"a": expected} and type(value["a"]) is type(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 0x7E5", "base 16"),
        ("a: 017", "base 8"),
        ("a: 1:30", "base 60"),
        ("a: 2_021", "2021"),
        ("<<: {b: 1}", "merge keys"),
        ("a: =", "!!value"),
    ],
)
def test_plain_scalars_yaml_would_misread_are_refused(text: str, message: str) -> None:
    _, _, problems = yamlfile.parse(text, "t.yaml")
    assert len(problems) == 1 and message in problems[0].hint + problems[0].message


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('title: "a\\tb\\x01"', "'\\x01'"),
        ('title: "a\\x01b\\t"', "'\\x01'"),
        ('title: "a\\tb"', "'\\t'"),
        ('note: "a\\tb\\x01"', "'\\x01'"),
    ],
)
def test_a_control_character_is_named_before_a_tab(text: str, named: str) -> None:
    _, _, problems = yamlfile.parse(text, "t.yaml")
    assert len(problems) == 1 and problems[0].message.startswith(f"control character {named}")

    unsafe = re.compile(
        r"yaml\.(load|load_all|unsafe_load|full_load)\s*\(|Loader\s*=\s*yaml\.(Loader|FullLoader|UnsafeLoader)|UnsafeLoader"
    )
    hits = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in (ROOT / "dashboard").rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if unsafe.search(line)
    ]
    assert hits == []


def test_problem_rendering() -> None:
    problem = Problem(
        "indicators.yaml", 12, 5, "indicators[road_deaths].direction", "unknown field 'directoin'", "did you mean 'direction'?"
    )
    assert str(problem) == "indicators.yaml:12:5: indicators[road_deaths].direction: unknown field 'directoin' (did you mean 'direction'?)"
    assert str(Problem("indicators.yaml", 1, 1, "", "the file is UTF-16")) == "indicators.yaml:1:1: the file is UTF-16"
    error = RegistryError([Problem("b.yaml", 3, 1, "", "later"), Problem("b.yaml", 1, 2, "", "earlier")])
    assert error.lines() == ["b.yaml:1:2: earlier", "b.yaml:3:1: later"]
    assert str(error) == "2 problems in the registry\nb.yaml:1:2: earlier\nb.yaml:3:1: later"


def test_parse_registry_without_a_base_cannot_see_documents(frozen_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths resolve against `base` (default: the working folder), never elsewhere."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(RegistryError, match="cannot be read|not found"):
        parse_registry(frozen_path.read_bytes())


def test_a_crlf_registry_loads_like_the_original(registry_copy: Path) -> None:
    lf = load_registry(registry_copy)
    registry_copy.write_bytes(registry_copy.read_bytes().replace(b"\n", b"\r\n"))
    crlf = load_registry(registry_copy)
    assert crlf.model_dump() == lf.model_dump()


def test_a_typo_in_a_copy_of_the_frozen_registry_is_placed_exactly(registry_copy: Path) -> None:
    lines = registry_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, line in enumerate(lines) if line.strip() == "direction: lower_is_better")
    lines[n] = lines[n].replace("direction:", "directon:")
    registry_copy.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(RegistryError) as caught:
        load_registry(registry_copy)
    [problem] = caught.value.problems
    assert (problem.line, problem.col) == (n + 1, lines[n].index("directon") + 1)
    assert problem.message == "unknown field 'directon'" and problem.hint == "did you mean 'direction'?"


# ---------------------------------------------------------------- number forms, many problems, CSV line endings

INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"


def _with_value(tmp_path: Path, written: str) -> Path:
    """The catalogue's base registry with observation 2021's value written as given."""
    import shutil

    text = (INVALID / "unknown_area.yaml").read_text(encoding="utf-8").replace("area: cyber_crime", "area: road_safety")
    (tmp_path / "indicators.yaml").write_text(text.replace("        value: 90\n", f"        value: {written}\n", 1), encoding="utf-8")
    shutil.copytree(INVALID / "data", tmp_path / "data", dirs_exist_ok=True)
    return tmp_path / "indicators.yaml"


@pytest.mark.parametrize(
    ("written", "read"), [("12", 12), ("-3", -3), ("12.5", 12.5), ("1e5", 1e5), ("1.5e-3", 1.5e-3), ("1e308", 1e308), ("0", 0), ("+7", 7)]
)
def test_plain_decimal_numbers_are_numbers(tmp_path: Path, written: str, read: float) -> None:
    if read < 0:
        written_path = _with_value(tmp_path, written)
        with pytest.raises(RegistryError, match="below the indicator's minimum"):
            load_registry(written_path)
        return
    registry = load_registry(_with_value(tmp_path, written))
    assert registry.indicators[0].observations[1].value == read


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("1:30", "write 90 as a plain decimal number; YAML reads 1:30 as base 60"),
        ("0x7E5", "write 2021 as a plain decimal number; YAML reads 0x7E5 as base 16"),
        ("2_021", "write 2021 as a plain decimal number"),
        ("1_000.5", "write 1000.5 as a plain decimal number"),
        ("0o17", "write 15 as a plain decimal number; other languages read 0o17 as base 8"),
        ("017", "write 15 as a plain decimal number; YAML reads 017 as base 8"),
        ("0b101", "write 5 as a plain decimal number; YAML reads 0b101 as base 2"),
        ("09", "write a plain decimal number such as 12"),
        (".5", "write 0.5 as a plain decimal number"),
    ],
)
def test_other_number_forms_are_located_errors(tmp_path: Path, written: str, hint: str) -> None:
    with pytest.raises(RegistryError, match=re.escape(f"indicators.yaml:32:16: {written!r} is not a plain decimal number ({hint}")):
        load_registry(_with_value(tmp_path, written))


@pytest.mark.parametrize("written", [".inf", "+.inf", "-.inf", ".nan", ".NaN"])
def test_infinity_and_nan_are_refused_at_their_field(tmp_path: Path, written: str) -> None:
    with pytest.raises(RegistryError, match=r"observations\[1\]\.value: must be a finite number"):
        load_registry(_with_value(tmp_path, written))


def test_a_quoted_number_keeps_the_quotes_hint_and_an_unquoted_one_never_gets_it(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match=r"must be a number, got '12' \(text\) \(remove the quotes\)"):
        load_registry(_with_value(tmp_path, '"12"'))
    with pytest.raises(RegistryError) as caught:
        load_registry(_with_value(tmp_path, "1e5 more"))
    assert "remove the quotes" not in str(caught.value)


def test_many_problems_are_capped_in_every_rendering(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks.generate import write_unknown_keys_registry
    from dashboard import cli

    path = write_unknown_keys_registry(tmp_path, 50_000)
    with pytest.raises(RegistryError) as caught:
        load_registry(path)
    error = caught.value
    assert (error.count, len(error.problems), error.omitted) == (50_000, 200, 49_800)
    assert error.lines()[-1] == "and 49800 more problems" and len(error.lines()) == 201
    assert error.problems == sorted(error.problems) and error.problems[0].message == "unknown field 'syn_unknown_000000'"
    assert len(str(error).splitlines()) == 202 and str(error).startswith("50000 problems in the registry\n")
    assert cli.main(["validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 201 and err.strip().endswith("50000 problems")


def test_perf_contract_via_private_entry_problems_index_each_mapping_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear, counted rather than timed: N unknown keys in one mapping scan it once, not N times."""
    from benchmarks.generate import write_unknown_keys_registry

    scanned = []
    original = yamlfile.Locator._entry

    def counting(self, node, segment):
        if id(node) not in self._keys:
            scanned.append(len(node.value))
        return original(self, node, segment)

    monkeypatch.setattr(yamlfile.Locator, "_entry", counting)
    with pytest.raises(RegistryError):
        load_registry(write_unknown_keys_registry(tmp_path, 5_000))
    assert sum(scanned) < 6_000, sum(scanned)


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_series_files_read_with_any_line_ending(tmp_path: Path, ending: str) -> None:
    import shutil

    shutil.copytree(VALID, tmp_path / "valid")
    csv_path = tmp_path / "valid" / "data" / "road_deaths.csv"
    csv_path.write_bytes(csv_path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", ending.encode()))
    registry = load_registry(tmp_path / "valid" / "full.yaml")
    assert registry.series["road_deaths"]["year"].tolist() == [2004, 2020, 2021, 2022, 2024]


def test_series_breaks_load_in_each_language(frozen_registry: Registry, tmp_path: Path) -> None:
    (brk,) = frozen_registry.indicator("road_deaths").breaks
    assert brk.year == 2011 and "30 days" in brk.label and "30 суток" in brk.label.texts["ru"]
    assert "road_deaths_halved_20y" in brk.note  # it cites the claim note that states the change
    assert frozen_registry.in_language("ru").indicator("road_deaths").breaks[0].label == brk.label.texts["ru"]
    # a break year outside the indicator's years is fine
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8") + "    breaks: [{year: 1950, label: New method}]\n"
    (tmp_path / "indicators.yaml").write_text(text, encoding="utf-8")
    assert load_registry(tmp_path / "indicators.yaml").indicators[0].breaks[0].year == 1950
