"""Shared fixtures: the frozen registry (tests/fixtures/registry/, a copy of the shipped one with its series and
documents) and throw-away copies of it. Engine, output and web tests read only the frozen copy, so an analyst's edit
of indicators.yaml never breaks them; tests/test_live_registry.py holds what any honest edit must pass."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIVE = ROOT / "indicators.yaml"
FROZEN = ROOT / "tests" / "fixtures" / "registry" / "indicators.yaml"
# a server started by a test (in process or as a child) keeps no history beside the frozen registry:
# the tests write only into temporary folders; the history tests name theirs
os.environ["DASHBOARD_HISTORY"] = "off"


@pytest.fixture(scope="session")
def frozen_path() -> Path:
    return FROZEN


@pytest.fixture(scope="session")
def frozen_registry():
    from dashboard.registry import load_registry

    return load_registry(FROZEN)


@pytest.fixture(scope="session")
def frozen_assessment(frozen_registry):
    from dashboard.engine.assessment import build

    return build(frozen_registry)


@pytest.fixture(scope="session")
def frozen_frames(frozen_assessment):
    from dashboard.outputs.frames import frames_of

    return frames_of(frozen_assessment)


@pytest.fixture(scope="session")
def renderer():
    """One warm headless Chromium for every test that renders images (each start costs seconds)."""
    from dashboard.outputs.export import Renderer

    with Renderer() as r:
        yield r


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    """A writable copy of the frozen registry with its data folder; returns the YAML path."""
    shutil.copy(FROZEN, tmp_path / "indicators.yaml")
    shutil.copytree(FROZEN.parent / "data", tmp_path / "data")
    return tmp_path / "indicators.yaml"


def pytest_setup_options():
    """dash[testing] browser options: Debian's headless Chromium, with the flags it needs as root (dash_duo)."""
    import os

    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--window-size=1300,1000",
        "--hide-scrollbars",
    ):
        options.add_argument(flag)
    return options
