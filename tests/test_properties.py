"""Property test: random mutations of the shipped registry only ever give a registry or RegistryError.

Every problem then carries a line >= 1 inside the text; a registry that loads also gives its assessment, frames and a
summary. The only problems placed at line 0 are whole-file ones that no edit of the text can cause here: a file over
16 MB, a file that cannot be read.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.engine.assessment import build
from dashboard.outputs.frames import frames_of
from dashboard.outputs.summary import as_json
from dashboard.registry import RegistryError, parse_registry

from .conftest import FROZEN

# CI replays the same examples on every run, so that a red build is reproducible; locally each run explores anew.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = FROZEN.parent  # the frozen registry's folder: its series and documents
SHIPPED = FROZEN.read_text(encoding="utf-8")
LINES = SHIPPED.splitlines(keepends=True)
# characters that mean something to YAML, plus a few that should never be in a registry
NASTY = ":-[]{}#&*!|>'\"%@`,?\t\n\r \\~=<0123456789.eE+_aZé’\x00\x07\x1b\x85\u2028\ufeff\ufffe"


@st.composite
def mutations(draw: st.DrawFn) -> tuple[bytes, list[str]]:
    lines, done = list(LINES), []
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.text(alphabet=NASTY, min_size=1, max_size=6)) + lines[i][at:]
        elif op == "indent":
            change = draw(st.sampled_from(["  ", " ", "\t", "-1", "-2"]))
            body = lines[i].lstrip(" ")
            indent = len(lines[i]) - len(body)
            lines[i] = " " * max(0, indent - int(change[1])) + body if change.startswith("-") else change + lines[i]
        elif op == "truncate":
            text = "".join(lines)
            lines = [text[: draw(st.integers(0, len(text)))]]
        done.append(f"{op}@{i + 1}")
    data = "".join(lines).encode("utf-8")
    if draw(st.integers(1, 20)) == 10:  # now and then, a byte that is not UTF-8
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b"\xff" + data[at:]
        done.append(f"0xff at byte {at}")
    return data, done


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True)
@given(mutations())
def test_mutations_give_a_registry_or_located_problems(case: tuple[bytes, list[str]]) -> None:
    data, _done = case
    try:
        registry = parse_registry(data, "indicators.yaml", ROOT)
    except RegistryError as exc:
        assert exc.problems, "an error must say what is wrong"
        last_line = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + 1  # \r alone breaks a line too
        for problem in exc.problems:
            assert "\n" not in str(problem)
            if problem.file == "indicators.yaml":
                assert 1 <= problem.line <= last_line, str(problem)
                assert problem.col >= 1, str(problem)
            else:  # a series file named by the registry
                assert problem.line >= 1, str(problem)
    else:  # what loads must also compute: frames and the summary never fail on a valid registry
        assessment = build(registry)
        assert len(frames_of(assessment).progress) == sum(len(i.targets) for i in registry.indicators)
        assert json.loads(as_json(assessment))["claims"] is not None
