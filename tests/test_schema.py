"""The JSON Schema for editors is generated from the models and accepts what the loader accepts."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from dashboard.registry import json_schema
from dashboard.registry.models import Indicator, Registry

from .conftest import FROZEN, LIVE

VALID = Path(__file__).resolve().parent / "fixtures" / "valid"
SCHEMA = json_schema()


def _plain(path: Path) -> Any:
    """The YAML as an editor's YAML 1.2 language server sees it: dates stay text."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    loader = Loader(path.read_text(encoding="utf-8"))
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _errors(value: Any, schema: dict, where: str = "$") -> list[str]:
    """A small validator for the subset of JSON Schema that pydantic emits."""
    if "$ref" in schema:
        return _errors(value, SCHEMA["$defs"][schema["$ref"].rsplit("/", 1)[1]], where)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            fits = [option for option in schema[key] if not _errors(value, option, where)]
            if key == "oneOf" and len(fits) != 1 or not fits:
                return [f"{where}: fits {len(fits)} of {key}"]
            return []
    errors: list[str] = []
    kind = schema.get("type")
    checks = {
        "object": isinstance(value, dict),
        "array": isinstance(value, list),
        "string": isinstance(value, str),
        "integer": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "null": value is None,
    }
    if kind is not None and not checks[kind]:
        return [f"{where}: not {kind}"]
    if "const" in schema and value != schema["const"]:
        errors.append(f"{where}: not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: not one of {schema['enum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        errors.append(f"{where}: does not match {schema['pattern']}")
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if numeric and ("minimum" in schema and value < schema["minimum"] or "maximum" in schema and value > schema["maximum"]):
        errors.append(f"{where}: out of range")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        if schema.get("additionalProperties") is False:
            errors += [f"{where}: unexpected {k}" for k in value if k not in props]
        for k, v in value.items():
            if k in props:
                errors += _errors(v, props[k], f"{where}.{k}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += _errors(item, schema["items"], f"{where}[{i}]")
    return errors


def test_schema_is_generated_from_the_models() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(SCHEMA["properties"]) == set(Registry.model_fields)
    assert set(SCHEMA["$defs"]["Indicator"]["properties"]) == set(Indicator.model_fields)
    assert set(SCHEMA["required"]) == {"schema_version", "meta", "sources", "areas", "indicators"}
    assert all(d.get("additionalProperties") is False for d in SCHEMA["$defs"].values()), "editors flag unknown fields"
    claims = SCHEMA["properties"]["claims"]["items"]
    assert claims["discriminator"]["propertyName"] == "kind"
    assert set(claims["discriminator"]["mapping"]) == {"level", "change", "direction", "trend", "target"}
    year = SCHEMA["$defs"]["Observation"]["properties"]["year"]
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 1900, 2100)
    qualifier = SCHEMA["$defs"]["Observation"]["properties"]["qualifier"]
    assert set(qualifier["enum"]) == {"=", "~", ">", "<", ">=", "<="}
    assert SCHEMA["$defs"]["Source"]["properties"]["url"]["pattern"].startswith("^https?://")
    breaks = SCHEMA["$defs"]["Break"]
    assert set(breaks["required"]) == {"year", "label"} and breaks["properties"]["year"]["minimum"] == 1900
    assert SCHEMA["$defs"]["Indicator"]["properties"]["breaks"]["items"] == {"$ref": "#/$defs/Break"}


@pytest.mark.parametrize("path", [LIVE, FROZEN, VALID / "minimal.yaml", VALID / "full.yaml"], ids=["live", "frozen", "minimal", "full"])
def test_schema_accepts_the_good_registries(path: Path) -> None:
    data = _plain(path)
    assert _errors(data, SCHEMA) == []
    if importlib.util.find_spec("jsonschema") is not None:  # not a dependency; used only when someone has it
        import jsonschema

        jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize(
    ("edit", "error"),
    [
        (lambda d: d["indicators"][0].update(directoin="x"), "unexpected directoin"),
        (lambda d: d["indicators"][0].update(direction="up"), "indicators[0].direction: not one of"),
        (lambda d: d["claims"][0].update(kind="levels"), "claims[0]: fits 0 of oneOf"),
        (lambda d: d["sources"][0].update(url="javascript:alert(1)"), "sources[0].url: does not match"),
        (lambda d: d.pop("areas"), "$: missing areas"),
    ],
)
def test_schema_rejects_what_the_loader_rejects(edit, error: str) -> None:
    data = _plain(FROZEN)
    edit(data)
    assert any(error in e for e in _errors(data, SCHEMA))
