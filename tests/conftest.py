"""Shared fixtures: the shipped registry and throw-away copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "indicators.yaml"


@pytest.fixture(scope="session")
def shipped_path() -> Path:
    return SHIPPED


@pytest.fixture(scope="session")
def shipped_registry():
    from dashboard.registry import load_registry

    return load_registry(SHIPPED)


@pytest.fixture(scope="session")
def shipped_assessment(shipped_registry):
    from dashboard.assessment import build

    return build(shipped_registry)


@pytest.fixture(scope="session")
def shipped_frames(shipped_assessment):
    from dashboard.frames import frames_of

    return frames_of(shipped_assessment)


@pytest.fixture(scope="session")
def renderer():
    """One warm headless Chromium for every test that renders images (each start costs seconds)."""
    from dashboard.export import Renderer

    with Renderer() as r:
        yield r


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped registry with its data folder; returns the YAML path."""
    shutil.copy(SHIPPED, tmp_path / "indicators.yaml")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "indicators.yaml"


def pytest_setup_options():
    """dash[testing] browser options: Debian's headless Chromium, with the flags it needs as root (dash_duo)."""
    import os

    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = os.environ.get("DASH_TEST_CHROMEPATH", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--window-size=1300,1000", "--hide-scrollbars"):
        options.add_argument(flag)
    return options
