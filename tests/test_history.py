"""The history folder: one record per published version, written once, read back after a restart; a damaged record
is reported with its line and left out; `record`, `history` and `diff`; the store keeps a record of each new version."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import threading
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.engine.assessment import build
from dashboard.engine.changes import diff, record_of, verdict_runs
from dashboard.outputs.history import History, history_folder
from dashboard.registry import load_registry
from dashboard.web.store import RegistryStore

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
# the one value that flips a claim: kommersant's 205 bn for 2024 backs "damages exceeding 200 billion rubles"
FLIP = ["cybercrime_damage", "2024", "195", "--source", "kommersant", "--quote", "x", "--replace"]


def edit(registry: Path, argv: list[str] = FLIP) -> None:
    assert cli.main(["set", *argv, "--registry", str(registry)]) == 0


def test_a_version_is_recorded_once_and_read_back_by_a_new_reader(registry_copy: Path, frozen_assessment, tmp_path: Path) -> None:
    folder = tmp_path / "history"
    assessment = build(load_registry(registry_copy))
    assert History(folder).record(assessment, T0) is not None
    assert History(folder).record(assessment, T0 + dt.timedelta(hours=1)) is None  # the newest record is of it already
    again = History(folder).listing()  # as after a restart
    assert [r["version"] for r in again.records] == [assessment.registry.version]
    assert again.records[0]["time"] == "2026-12-01T09:00:00+00:00"
    assert again.records[0]["claims"]["cybercrime_damage_200bn"]["verdict"] == frozen_assessment.checks["cybercrime_damage_200bn"].result


def test_many_writers_of_one_version_leave_one_whole_record(frozen_assessment, tmp_path: Path) -> None:
    folder = tmp_path / "history"
    barrier = threading.Barrier(8)
    written: list = []

    def publish(n: int) -> None:
        barrier.wait()
        written.append(History(folder).record(frozen_assessment, T0 + dt.timedelta(seconds=n)))

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(p.name for p in folder.iterdir()) == [f"{frozen_assessment.registry.version}.json"]
    assert sum(1 for w in written if w is not None) == 1
    assert History(folder).listing().problems == ()


def test_without_hard_links_the_record_is_renamed_into_place(frozen_assessment, tmp_path: Path, monkeypatch) -> None:
    import os

    def no_links(*args, **kwargs) -> None:
        raise PermissionError("no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    folder = History(tmp_path / "history")
    assert folder.record(frozen_assessment, T0) is not None
    assert [p.name for p in folder.folder.iterdir()] == [f"{frozen_assessment.registry.version}.json"]
    assert History(folder.folder).listing().problems == ()


def test_a_version_published_again_after_another_gets_a_record_of_its_own(registry_copy: Path, tmp_path: Path) -> None:
    folder = History(tmp_path / "history")
    first = build(load_registry(registry_copy))
    original = registry_copy.read_bytes()
    edit(registry_copy)
    second = build(load_registry(registry_copy))
    registry_copy.write_bytes(original)
    for n, assessment in enumerate([first, second, first]):
        folder.record(assessment, T0 + dt.timedelta(minutes=n))
    assert [r["version"] for r in folder.listing().records] == [first.registry.version, second.registry.version, first.registry.version]


@pytest.mark.parametrize(
    ("damage", "where"),
    [
        (lambda text: text[: len(text) // 2], r":\d+:\d+: not a whole record"),  # cut short: the line where it stops
        (lambda text: text.replace('"version"', '"versoin"'), r":1:1: no version"),  # edited by hand
        (lambda text: "[]", r":1:1: not a JSON object"),
        (lambda text: "\xff", r"not (UTF-8|a whole record)"),
    ],
)
def test_a_damaged_record_is_reported_with_its_line_and_left_out(frozen_assessment, tmp_path: Path, damage, where) -> None:
    import re

    folder = History(tmp_path / "history")
    path = folder.record(frozen_assessment, T0)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    listing = History(folder.folder).listing()
    assert listing.records == ()
    assert len(listing.problems) == 1 and re.search(where, str(listing.problems[0])), str(listing.problems[0])
    assert str(listing.problems[0]).startswith(f"history/{path.name}:")


def test_a_link_in_the_folder_is_not_followed(frozen_assessment, tmp_path: Path) -> None:
    folder = tmp_path / "history"
    folder.mkdir()
    (tmp_path / "elsewhere.json").write_text("{}", encoding="utf-8")
    (folder / "abcdef123456.json").symlink_to(tmp_path / "elsewhere.json")
    listing = History(folder).listing()
    assert listing.records == () and "cannot be read" in str(listing.problems[0])


def test_the_store_records_each_new_version_and_keeps_serving_past_a_damaged_record(registry_copy: Path, tmp_path: Path) -> None:
    folder = History(tmp_path / "history")
    clock = iter(range(1_800_000_000, 1_900_000_000, 10))
    store = RegistryStore(
        registry_copy, settle_seconds=0, clock=lambda: float(next(clock)), on_publish=lambda s: folder.record(s.assessment, s.loaded_at)
    )
    first = store.state().version
    (folder.folder / "0000aaaa.json").write_text('{"version": "0000aaaa", "ti', encoding="utf-8")  # a truncated record
    edit(registry_copy)
    second = store.state().version
    assert second != first
    store.state()  # polling again: a request is no new version
    listing = History(folder.folder).listing()
    assert [r["version"] for r in listing.records] == [first[:12], second[:12]]
    assert len(listing.problems) == 1 and "0000aaaa.json:1:" in str(listing.problems[0])
    kept = dt.datetime.fromisoformat(listing.records[0]["time"]).timestamp()
    assert 1_800_000_000 <= kept < 1_800_001_000  # the store's clock, not the machine's


def test_a_failing_record_never_stops_the_store(registry_copy: Path) -> None:
    def fail(snapshot) -> None:
        raise OSError("read-only folder")

    store = RegistryStore(registry_copy, settle_seconds=0, on_publish=fail)
    assert store.state().snapshot is not None and not store.state().problems


def test_diff_names_the_value_and_every_status_and_verdict_it_changed(registry_copy: Path, frozen_path: Path, capsys) -> None:
    edit(registry_copy)
    capsys.readouterr()
    assert cli.main(["diff", str(frozen_path), str(registry_copy), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert [(v["indicator"], v["year"], v["source"], v["old"], v["new"], v["change"]) for v in changes["values"]] == [
        ("cybercrime_damage", 2024, "kommersant", "205", "195", "changed")
    ]
    verdicts = {v["claim"]: (v["old"], v["new"]) for v in changes["verdicts"]}
    assert verdicts["cybercrime_damage_200bn"][0] == "consistent" and verdicts["cybercrime_damage_200bn"][1] != "consistent"
    expected = diff(record_of(build(load_registry(frozen_path))), record_of(build(load_registry(registry_copy))))
    assert len(changes["statuses"]) == len(expected.statuses) and len(changes["verdicts"]) == len(expected.verdicts)
    assert cli.main(["diff", str(frozen_path), str(registry_copy)]) == 0
    table = capsys.readouterr().out
    assert "cybercrime_damage 2024, kommersant: 205 → 195" in table and "cybercrime_damage_200bn: consistent → " in table


def test_diff_of_a_file_with_itself_says_nothing_changed(frozen_path: Path, capsys) -> None:
    assert cli.main(["diff", str(frozen_path), str(frozen_path)]) == 0
    assert "No values, statuses or verdicts changed." in capsys.readouterr().out


def test_diff_reads_versions_from_the_history_folder(registry_copy: Path, tmp_path: Path, capsys) -> None:
    folder = tmp_path / "kept"
    assert cli.main(["record", "--registry", str(registry_copy), "--history", str(folder)]) == 0
    old = load_registry(registry_copy).version
    edit(registry_copy)
    assert cli.main(["record", "--registry", str(registry_copy), "--history", str(folder)]) == 0
    new = load_registry(registry_copy).version
    capsys.readouterr()
    assert cli.main(["history", "--registry", str(registry_copy), "--history", str(folder), "--format", "json"]) == 0
    assert [r["version"] for r in json.loads(capsys.readouterr().out)["records"]] == [old, new]
    assert cli.main(["diff", old[:8], new, "--registry", str(registry_copy), "--history", str(folder), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)
    assert (changes["old"], changes["new"]) == (old, new) and changes["values"][0]["new"] == "195"


def test_diff_reads_git_revisions_of_the_registry(registry_copy: Path, capsys) -> None:
    repo = registry_copy.parent

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=30)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one")
    edit(registry_copy)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-am", "two")
    capsys.readouterr()
    assert cli.main(["diff", "HEAD~1", "HEAD", "--registry", str(registry_copy), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["values"][0]["old"] == "205"


@pytest.mark.parametrize("side", ["HEAD:../outside", "HEAD;rm", "no-such-revision", "a" * 300, "abcdef12"])
def test_a_side_that_is_no_file_version_or_revision_is_refused(registry_copy: Path, capsys, side: str) -> None:
    assert cli.main(["diff", side, str(registry_copy), "--registry", str(registry_copy)]) == 1
    assert "refused" in capsys.readouterr().err


def test_a_claims_verdicts_become_its_history(registry_copy: Path, tmp_path: Path) -> None:
    folder = History(tmp_path / "history")
    folder.record(build(load_registry(registry_copy)), T0)
    edit(registry_copy)
    folder.record(build(load_registry(registry_copy)), T0 + dt.timedelta(days=1))
    runs = verdict_runs(list(folder.listing().records), "cybercrime_damage_200bn", ("cybercrime_damage",))
    assert [r.verdict for r in runs][0] == "consistent" and len(runs) == 2
    assert [(c.indicator, c.year, c.old, c.new) for c in runs[1].because] == [("cybercrime_damage", 2024, "205", "195")]
    from dashboard.i18n import use_language
    from dashboard.outputs.history.text import verdict_history

    with use_language("en"):
        text = verdict_history(runs)
    assert text.startswith(f"Consistent from version {runs[0].version} until version {runs[1].version}, ")
    assert f"since version {runs[1].version} (2 December 2026)" in text
    assert text.endswith(", because cybercrime_damage 2024, kommersant: 205 → 195.")
    with use_language("ru"):
        assert "декабря 2026" in verdict_history(runs)


@pytest.mark.parametrize(
    ("given", "env", "expected"), [(None, None, "beside"), ("/srv/h", None, "/srv/h"), (None, "off", None), ("off", None, None)]
)
def test_the_history_folder_is_beside_the_registry_unless_told(monkeypatch, tmp_path: Path, given, env, expected) -> None:
    monkeypatch.delenv("DASHBOARD_HISTORY", raising=False)
    if env:
        monkeypatch.setenv("DASHBOARD_HISTORY", env)
    found = history_folder(tmp_path / "indicators.yaml", given)
    assert found == (tmp_path / "history" if expected == "beside" else (Path(expected) if expected else None))
