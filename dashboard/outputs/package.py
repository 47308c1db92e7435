"""The full download as a Frictionless Data Package: six CSV tables, each with its Table Schema, and datapackage.json.

`package_files(assessment)` gives every file's bytes by name, the same bytes `/download/<name>` serves; the
descriptor's resource paths are the bare file names, so they resolve beside datapackage.json, both inside the zip
and under `/download/`. Each resource carries the SHA-256 and size of its file (a validator checks that a CSV is
the one the descriptor was made with). Everything is a pure function of the registry: `created` is the data-as-of
date unless a caller passes its own clock's time, and the zip's entries carry the same date, so one version always
gives the same bytes.

Licences are the registry's: a source's `license` goes into sources.csv and onto its entry in `sources`, and the
package's `licenses` lists the licences known for its sources' data; a source without one is marked nowhere as
licensed (the registry does not know it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from dashboard.engine.assessment import Assessment
from dashboard.outputs.datafiles import claims_csv, observations_csv
from dashboard.outputs.package_schema import table_schema
from dashboard.outputs.package_tables import indicators_csv, sources_csv, statuses_csv, targets_csv
from dashboard.registry.files import write_atomic
from dashboard.registry.models import Registry, Source

DESCRIPTOR = "datapackage.json"
# resource name -> its table and its title; the file is NAME.csv (the name `/download/` serves it by)
TABLES: dict[str, tuple[Callable[[Assessment], str], str]] = {
    "indicators": (indicators_csv, "Indicators: title, unit, direction"),
    "observations": (observations_csv, "Every value, published and derived"),
    "targets": (targets_csv, "Targets, with their baselines, latest values and rates"),
    "statuses": (statuses_csv, "The status of every target under each of the three methods"),
    "claims": (claims_csv, "Every claim with its verdict, unverifiable ones included"),
    "sources": (sources_csv, "Every source of a value, a target or a claim"),
}
FILES = tuple(f"{name}.csv" for name in TABLES)
# licence names as the registry writes them -> their Open Definition / SPDX id and their text's address
KNOWN_LICENSES = {"CC BY 4.0": ("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/")}
DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def package_files(assessment: Assessment) -> dict[str, bytes]:
    """Each table's CSV bytes by file name, in the scope's language (the downloads are English)."""
    return {f"{name}.csv": build(assessment).encode("utf-8") for name, (build, _title) in TABLES.items()}


def package_name(registry: Registry) -> str:
    """A package name (lower case, digits, '-') from the registry's English title, at most 80 characters."""
    title = registry.in_language("en").meta.title
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return (slug[:80].rsplit("-", 1)[0] if len(slug) > 80 else slug) or "registry"


def _license(text: str) -> dict[str, str]:
    name, path = KNOWN_LICENSES.get(" ".join(text.split()), (text, ""))
    return {"name": name, "title": text, **({"path": path} if path else {})}


def _licence_note(registry: Registry) -> str:
    """What `licenses` covers: the licence of each source whose data the registry records one for, by its publisher."""
    by: dict[str, list[str]] = {}
    for s in registry.sources:
        if s.license:
            by.setdefault(s.license, []).append(s.publisher)
    if not by:
        return "The registry records no licence for its sources' data."
    listed = "; ".join(f"{text}: {', '.join(dict.fromkeys(names))}" for text, names in by.items())
    return (
        f"licenses lists the licences the registry records for its sources' data ({listed});"
        " sources.csv gives each source's licence, empty where the registry does not know it."
    )


def _source_entry(source: Source) -> dict[str, Any]:
    entry: dict[str, Any] = {"title": f"{source.publisher}: {source.title}", "path": source.url}
    if source.license:
        entry["licenses"] = [_license(source.license)]
    return entry


def _used(assessment: Assessment) -> dict[str, list[str]]:
    """Each resource's source ids, in the registry's order: the sources its rows come from."""
    values = [s for view in assessment for p in view.points for s in p.sources]
    targets = [tv.target.source for view in assessment for tv in view.targets]
    targeted = [s for view in assessment if view.targets for p in view.points for s in p.sources]
    claims = [c.source for c in assessment.registry.claims] + [s for check in assessment.checks.values() for s in check.evidence]
    every = [s.id for s in assessment.registry.sources]
    return {
        "indicators": values + targets,
        "observations": values,
        "targets": targets + targeted,
        "statuses": targets + targeted,
        "claims": claims,
        "sources": every,
    }


def _in_order(registry: Registry, ids: Iterable[str]) -> list[Source]:
    wanted = set(ids)
    return [s for s in registry.sources if s.id in wanted]


def descriptor(assessment: Assessment, files: Mapping[str, bytes], created: dt.datetime | None = None) -> dict[str, Any]:
    """datapackage.json for `files` (package_files' bytes): name, title, the registry version, licences, sources, resources."""
    registry = assessment.registry
    english = registry.in_language("en")
    when = created or dt.datetime.combine(registry.meta.as_of, dt.time(), dt.UTC)
    used = _used(assessment)
    licenses = list(dict.fromkeys(s.license for s in registry.sources if s.license))
    resources = []
    for name, (_build, title) in TABLES.items():
        data = files[f"{name}.csv"]
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "title": title,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "dialect": DIALECT,
                "schema": table_schema(name, registry),
                "sources": [_source_entry(s) for s in _in_order(registry, used[name])],
            }
        )
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": package_name(registry),
        "title": english.meta.title,
        "version": registry.version,
        "created": when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data_as_of": registry.meta.as_of.isoformat(),
    }
    package["description"] = " ".join(filter(None, [english.meta.description, _licence_note(registry)]))
    if licenses:
        package["licenses"] = [_license(text) for text in licenses]
    package["sources"] = [_source_entry(s) for s in registry.sources]
    package["resources"] = resources
    return package


def descriptor_json(assessment: Assessment, files: Mapping[str, bytes], created: dt.datetime | None = None) -> bytes:
    doc = descriptor(assessment, files, created)
    return (json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def package_zip(registry: Registry, descriptor_bytes: bytes, files: Mapping[str, bytes]) -> bytes:
    """datapackage.json and the CSVs at the top of one zip, each entry dated with the data-as-of date."""
    stamp = registry.meta.as_of.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in ((DESCRIPTOR, descriptor_bytes), *((n, files[n]) for n in FILES)):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def write_package(out_dir: Path, assessment: Assessment, zip_path: Path | None = None, created: dt.datetime | None = None) -> list[Path]:
    """datapackage.json and the CSVs into `out_dir` (which must be a folder, not a link), each by the one safe writer;
    and the zip at `zip_path` when given. Returns the paths written."""
    files = package_files(assessment)
    doc = descriptor_json(assessment, files, created)
    written = [write_atomic(out_dir / name, files[name]) for name in FILES]
    written.append(write_atomic(out_dir / DESCRIPTOR, doc))
    if zip_path is not None:
        written.append(write_atomic(zip_path, package_zip(assessment.registry, doc, files)))
    return written
