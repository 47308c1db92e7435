"""The Frictionless Data Package: written by the CLI, served as a zip and a descriptor, valid by the standard's own
validator (frictionless), and invalid when a reference, a key or a file is broken."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import frictionless
import pytest

from dashboard import cli
from dashboard.engine.assessment import build
from dashboard.engine.vocabulary import METHODS
from dashboard.outputs.package import FILES, TABLES, descriptor, package_files
from dashboard.outputs.package_schema import FIELDS, KEYS
from dashboard.registry.models import Registry
from dashboard.web.app import create_app


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _errors(report: frictionless.Report) -> set[str]:
    return {row[0] for row in report.flatten(["type"])}


@pytest.fixture(scope="module")
def written(frozen_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package")
    assert cli.main(["package", "--registry", str(frozen_path), "--out", str(out / "pkg"), "--zip", str(out / "pkg.zip")]) == 0
    return out


@pytest.fixture(scope="module")
def client(frozen_path: Path):
    return create_app(frozen_path, settle_seconds=0).server.test_client()


# ------------------------------------------------------------------ the CLI's folder and zip


def test_the_cli_writes_a_valid_package(written: Path) -> None:
    assert sorted(p.name for p in (written / "pkg").iterdir()) == sorted([*FILES, "datapackage.json"])
    report = frictionless.validate(str(written / "pkg" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    assert [t.name for t in report.tasks] == list(TABLES)
    assert all(t.stats["rows"] > 0 for t in report.tasks)


def test_the_cli_zip_is_valid_and_holds_the_folder(written: Path) -> None:
    report = frictionless.validate(str(written / "pkg.zip"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    with zipfile.ZipFile(written / "pkg.zip") as archive:
        assert sorted(archive.namelist()) == sorted([*FILES, "datapackage.json"])
        for name in archive.namelist():
            assert archive.read(name) == (written / "pkg" / name).read_bytes()


def test_the_claims_resource_has_a_row_for_every_claim(written: Path, frozen_registry: Registry, frozen_assessment) -> None:
    rows = _rows((written / "pkg" / "claims.csv").read_bytes())
    assert [r["claim"] for r in rows] == [c.id for c in frozen_registry.claims]
    assert [r["result"] for r in rows] == [frozen_assessment.checks[c.id].result for c in frozen_registry.claims]
    assert "unverifiable" in {r["result"] for r in rows}  # unverifiable claims are rows too


def test_statuses_have_one_row_per_target_and_method(written: Path, frozen_assessment) -> None:
    rows = _rows((written / "pkg" / "statuses.csv").read_bytes())
    expected = [(v.id, tv.target.id, m, tv.result.methods[m].status) for v in frozen_assessment for tv in v.targets for m in METHODS]
    assert [(r["indicator"], r["target"], r["method"], r["status"]) for r in rows] == expected
    assert len(_rows((written / "pkg" / "targets.csv").read_bytes())) * 3 == len(rows) > 0


def test_every_table_has_the_columns_its_schema_names(written: Path) -> None:
    doc = json.loads((written / "pkg" / "datapackage.json").read_text("utf-8"))
    for resource in doc["resources"]:
        header = next(csv.reader(io.StringIO((written / "pkg" / resource["path"]).read_text("utf-8-sig"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]] == [f["name"] for f in FIELDS[resource["name"]]]
        assert resource["schema"]["primaryKey"] == KEYS[resource["name"]][0]


def test_the_keys_and_references_are_the_registry_s_relations(written: Path) -> None:
    doc = json.loads((written / "pkg" / "datapackage.json").read_text("utf-8"))
    refs = {
        (r["name"], tuple(fk["fields"]), fk["reference"]["resource"]) for r in doc["resources"] for fk in r["schema"].get("foreignKeys", [])
    }
    assert {
        ("observations", ("source",), "sources"),
        ("observations", ("indicator",), "indicators"),
        ("claims", ("indicator",), "indicators"),
        ("targets", ("indicator",), "indicators"),
        ("statuses", ("indicator", "target"), "targets"),
    } <= refs


# ------------------------------------------------------------------ it can fail: broken references, keys and files


def _rewrite(folder: Path, name: str, edit) -> None:
    """Edit one table's rows and give the descriptor the new file's hash and size, so that only the edit is wrong."""
    path = folder / name
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out, lineterminator="\r\n").writerows(edit(rows))
    path.write_bytes(out.getvalue().encode("utf-8"))
    doc_path = folder / "datapackage.json"
    doc = json.loads(doc_path.read_text("utf-8"))
    [res] = [r for r in doc["resources"] if r["path"] == name]
    res["bytes"], res["hash"] = path.stat().st_size, "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    doc_path.write_text(json.dumps(doc), "utf-8")


def _drop_source(rows):
    return [r for r in rows if r[0] != "kremlin-2025-03-05"]


def _claim_on_unknown_indicator(rows):
    return [rows[0], [rows[1][0], "no_such_indicator", *rows[1][2:]], *rows[2:]]


def _status_of_unknown_target(rows):
    return [rows[0], [rows[1][0], "no_such_target", *rows[1][2:]], *rows[2:]]


def _observation_of_unknown_source(rows):
    i = rows[0].index("source")
    return [rows[0], [*rows[1][:i], "no-such-source", *rows[1][i + 1 :]], *rows[2:]]


def _duplicate_claim(rows):
    return [*rows, rows[1]]


def _unknown_result(rows):
    i = rows[0].index("result")
    return [rows[0], [*rows[1][:i], "probably", *rows[1][i + 1 :]], *rows[2:]]


@pytest.mark.parametrize(
    ("name", "edit", "error"),
    [
        ("sources.csv", _drop_source, "foreign-key"),
        ("claims.csv", _claim_on_unknown_indicator, "foreign-key"),
        ("statuses.csv", _status_of_unknown_target, "foreign-key"),
        ("observations.csv", _observation_of_unknown_source, "foreign-key"),
        ("claims.csv", _duplicate_claim, "primary-key"),
        ("claims.csv", _unknown_result, "constraint-error"),
    ],
)
def test_frictionless_reports_a_broken_package(written: Path, tmp_path: Path, name: str, edit, error: str) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    for p in (written / "pkg").iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    _rewrite(folder, name, edit)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert not report.valid and _errors(report) == {error}


def test_a_table_changed_after_the_descriptor_was_made_is_reported(written: Path, tmp_path: Path) -> None:
    for p in (written / "pkg").iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())
    (tmp_path / "indicators.csv").write_bytes((tmp_path / "indicators.csv").read_bytes().replace(b"road_deaths,", b"road_death,", 1))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid and "hash-count" in _errors(report)


# ------------------------------------------------------------------ what the descriptor says


def test_the_descriptor_carries_the_version_title_date_licences_and_sources(frozen_registry: Registry, frozen_assessment) -> None:
    files = package_files(frozen_assessment)
    doc = descriptor(frozen_assessment, files)
    assert doc["version"] == frozen_registry.version and doc["title"] == frozen_registry.in_language("en").meta.title
    assert doc["created"] == f"{frozen_registry.meta.as_of.isoformat()}T00:00:00Z"  # no clock: the data-as-of date
    clock = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    assert descriptor(frozen_assessment, files, clock)["created"] == "2026-12-01T09:30:00Z"
    licensed = {s.url: s.license for s in frozen_registry.sources if s.license}
    assert licensed and [lic["title"] for lic in doc["licenses"]] == list(dict.fromkeys(licensed.values()))
    for entry in doc["sources"]:
        assert [lic["title"] for lic in entry.get("licenses", [])] == ([licensed[entry["path"]]] if entry["path"] in licensed else [])
    assert len(doc["sources"]) == len(frozen_registry.sources)
    for resource in doc["resources"]:
        assert resource["sources"], resource["name"]
    claims = next(r for r in doc["resources"] if r["name"] == "claims")
    assert {s["path"] for s in claims["sources"]} >= {frozen_registry.source(c.source).url for c in frozen_registry.claims}


def test_a_registry_without_licences_gives_none(frozen_registry: Registry) -> None:
    data = frozen_registry.model_dump(mode="json")
    for source in data["sources"]:
        source.pop("license", None)
    assessment = build(Registry.model_validate(data))
    doc = descriptor(assessment, package_files(assessment))
    assert "licenses" not in doc and all("licenses" not in s for s in doc["sources"])
    assert "no licence" in doc["description"]


def test_units_in_the_descriptions_are_the_registry_s(frozen_registry: Registry, frozen_assessment) -> None:
    doc = descriptor(frozen_assessment, package_files(frozen_assessment))
    fields = {(r["name"], f["name"]): f for r in doc["resources"] for f in r["schema"]["fields"]}
    value = fields[("observations", "value")]["description"]
    for ind in frozen_registry.in_language("en").indicators:
        assert f"{ind.id}: {ind.unit}" in value
    assert fields[("observations", "year")]["type"] == "integer" and fields[("claims", "said_on")]["type"] == "date"
    assert fields[("claims", "quote_checked")]["type"] == "boolean" and fields[("statuses", "score")]["type"] == "number"


# ------------------------------------------------------------------ the CLI's refusals


@pytest.mark.parametrize("case", ["out_link", "out_file", "zip_link", "zip_folder"])
def test_the_cli_refuses_links_and_wrong_kinds(frozen_path: Path, tmp_path: Path, case: str, capsys) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    out, zip_path = tmp_path / "out", None
    if case == "out_link":
        out.symlink_to(target)
    elif case == "out_file":
        out.write_text("x")
    elif case == "zip_link":
        zip_path = tmp_path / "p.zip"
        zip_path.symlink_to(target / "p.zip")
    else:
        zip_path = target
    args = ["package", "--registry", str(frozen_path), "--out", str(out)] + (["--zip", str(zip_path)] if zip_path else [])
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert err.startswith("package: ") and "Traceback" not in err
    assert list(target.iterdir()) == []  # nothing written through the link


def test_a_folder_that_cannot_be_written_is_an_exit_code(frozen_path: Path, tmp_path: Path, capsys) -> None:
    assert cli.main(["package", "--registry", str(frozen_path), "--out", str(tmp_path / "a"), "--zip", str(tmp_path / "no" / "p.zip")]) == 1
    assert "package: cannot write to" in capsys.readouterr().err


# ------------------------------------------------------------------ served next to the CSV downloads


def test_the_served_zip_is_valid_and_the_same_as_the_cli_s(client, written: Path, frozen_registry: Registry, tmp_path: Path) -> None:
    response = client.get("/download/datapackage.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert frozen_registry.version in response.headers["ETag"]
    assert f"datapackage_{frozen_registry.meta.as_of.isoformat()}_{frozen_registry.version}.zip" in response.headers["Content-Disposition"]
    (tmp_path / "served.zip").write_bytes(response.data)
    report = frictionless.validate(str(tmp_path / "served.zip"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        for name in archive.namelist():
            assert archive.read(name) == (written / "pkg" / name).read_bytes()
    again = client.get("/download/datapackage.zip", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_the_served_descriptor_points_at_the_served_tables(client, tmp_path: Path) -> None:
    """Each resource path, read beside /download/datapackage.json, is a served download with the bytes it describes."""
    response = client.get("/download/datapackage.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    doc = response.get_json()
    (tmp_path / "datapackage.json").write_bytes(response.data)
    for resource in doc["resources"]:
        table = client.get(f"/download/{resource['path']}")
        assert table.status_code == 200 and table.mimetype == "text/csv"
        assert resource["hash"] == "sha256:" + hashlib.sha256(table.data).hexdigest()
        (tmp_path / resource["path"]).write_bytes(table.data)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_the_package_is_english_whatever_page_asked(frozen_path: Path, written: Path) -> None:
    fresh = create_app(frozen_path, settle_seconds=0).server.test_client()  # its first build is asked for by a Russian page
    response = fresh.get("/download/claims.csv?lang=ru", headers={"Accept-Language": "ru"})
    assert response.data == (written / "pkg" / "claims.csv").read_bytes()
