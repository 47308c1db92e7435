"""The README documents the registry format: every field of every model is named in it."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel

from dashboard.registry import models

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
MODELS = [m for m in vars(models).values() if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == models.__name__]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = [name for name in model.model_fields if not re.search(rf"`{name}(\[\])?`", README)]
    assert not missing, f"{model.__name__} fields not documented in README.md: {missing}"


def test_readme_names_the_two_commands() -> None:
    assert "make run" in README and "make test" in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.MULTILINE)
