"""One content version, over every file the loader read, shown alike everywhere a version is shown."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from dashboard import cli
from dashboard.outputs.export import render_indicator
from dashboard.outputs.report import briefing_pdf
from dashboard.registry import load_registry
from dashboard.web.app import create_app

from .conftest import FROZEN


def test_the_footer_the_api_the_summary_the_png_and_the_briefing_show_one_version(
    frozen_path: Path,
    frozen_registry,
    frozen_assessment,
    renderer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    version = frozen_registry.version
    assert re.fullmatch(r"[0-9a-f]{12}", version)
    client = create_app(frozen_path, settle_seconds=0).server.test_client()
    assert client.get("/api/registry").get_json()["version"] == version
    layout = json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)
    assert f"version {version}" in layout  # the footer
    assert f"_{version}.json" in client.get("/download/registry.json").headers["Content-Disposition"]
    assert client.get("/download/registry.json").get_json()["version"] == version
    assert cli.main(["summary", "--format", "json", "--registry", str(frozen_path)]) == 0
    assert json.loads(capsys.readouterr().out)["registry"]["version"] == version
    png = Image.open(io.BytesIO(render_indicator(frozen_assessment, "road_deaths", fmt="png", renderer=renderer)))
    png.load()
    assert png.text["Registry-Version"] == version
    pdf = PdfReader(io.BytesIO(briefing_pdf(frozen_assessment, ["road_deaths"], renderer=renderer)))
    assert pdf.metadata["/RegistryVersion"] == version
    assert version in pdf.pages[0].extract_text()


@pytest.mark.parametrize("edit", ["yaml", "series", "document"])
def test_an_edit_of_any_file_the_loader_reads_is_a_new_version(tmp_path: Path, edit: str) -> None:
    shutil.copy(FROZEN, tmp_path / "indicators.yaml")
    shutil.copytree(FROZEN.parent / "data", tmp_path / "data")
    before = load_registry(tmp_path / "indicators.yaml")
    target = {
        "yaml": tmp_path / "indicators.yaml",
        "series": tmp_path / "data/road_deaths.csv",
        "document": next((tmp_path / "data/sources").iterdir()),
    }[edit]
    target.write_bytes(target.read_bytes() + (b"\n# an edit\n" if edit == "yaml" else b"\n"))
    after = load_registry(tmp_path / "indicators.yaml")
    assert after.version != before.version
    assert (after.sha256 == before.sha256) == (edit != "yaml")  # the YAML's own hash, labelled as that, sees only the YAML
