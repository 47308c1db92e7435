"""Full downloads of the registry being served: every table of the data package (`/download/observations.csv`,
`/download/claims.csv`, ...), its `/download/datapackage.json` and `/download/datapackage.zip`, and `/download/registry.json`.

Each is built once per registry version (the snapshot's cache, kind "download") and sent as an attachment named
after the data-as-of date and the registry version. `Cache-Control: no-cache` with the version as ETag:
clients revalidate every time and get a 304 while the registry is unchanged. The served datapackage.json names
its tables by their bare file names, which resolve beside it, under `/download/`, to the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flask

from dashboard.i18n import DEFAULT, N_, use_language
from dashboard.outputs.datafiles import indicator_csv, registry_json
from dashboard.outputs.package import FILES, TABLES, descriptor_json, package_zip
from dashboard.web.components import current_state
from dashboard.web.store import Snapshot

FORMAT_VERSION = "2"  # part of the ETag: bump when the files' columns or encoding change


@dataclass(frozen=True)
class Download:
    stem: str
    extension: str
    mimetype: str
    build: Callable[[Snapshot], str | bytes]
    about: str = ""  # one sentence for the /api/ index (a catalogue msgid)


def _table(name: str) -> Callable[[Snapshot], str]:
    build = TABLES[name][0]
    return lambda s: build(s.assessment)


def _descriptor(snapshot: Snapshot) -> bytes:
    return descriptor_json(snapshot.assessment, {n: file_bytes(snapshot, n) for n in FILES})


def _zip(snapshot: Snapshot) -> bytes:
    return package_zip(snapshot.registry, file_bytes(snapshot, "datapackage.json"), {n: file_bytes(snapshot, n) for n in FILES})


_ABOUT = {
    "indicators": N_("One row per indicator: its title, area, unit and which direction is better."),
    "observations": N_("Every value, published and derived, with its qualifier, bounds, unit, source and quote."),
    "targets": N_("One row per target: its year and value, the baseline, the latest value, the rates and the headline status."),
    "statuses": N_("One row per target and method: the status each of the three methods gives, with its score."),
    "claims": N_("Every claim with its verdict (unverifiable ones included), the quote, the computed figure and the evidence."),
    "sources": N_("Every source: publisher, address, date and the licence of its data where the registry records one."),
}
DOWNLOADS = {
    **{f"{name}.csv": Download(name, "csv", "text/csv", _table(name), _ABOUT[name]) for name in TABLES},
    "datapackage.json": Download(
        "datapackage",
        "json",
        "application/json",
        _descriptor,
        N_("The Frictionless Data Package descriptor: the tables above with their schemas, keys, units, sources and licences."),
    ),
    "datapackage.zip": Download(
        "datapackage", "zip", "application/zip", _zip, N_("The whole data package in one zip file: datapackage.json and its CSV tables.")
    ),
    "registry.json": Download(
        "registry",
        "json",
        "application/json",
        lambda s: registry_json(s.registry, s.version),
        N_("The validated registry as JSON, with the rows of its series files, its version and its data-as-of date."),
    ),
}
# the one place a new download is added (e.g. the ClaimReview feed, /download/claimreview.json, with its `about`
# sentence): the /api/ index lists every name here (web/api_index.py)


def _in_english(build: Callable[[Snapshot], str | bytes], snapshot: Snapshot) -> bytes:
    """A data file's bytes: its texts (verdicts, statuses) in English like its column names, whatever page asked."""
    with use_language(DEFAULT):
        data = build(snapshot)
    return data.encode("utf-8") if isinstance(data, str) else data


def file_bytes(snapshot: Snapshot, name: str) -> bytes:
    """The bytes of download `name`, built once per version."""
    return snapshot.cache.get("download", (name,), lambda: _in_english(DOWNLOADS[name].build, snapshot))


def download(name: str) -> flask.Response:
    """`/download/<name>`: only the names in `DOWNLOADS` are served."""
    item = DOWNLOADS.get(name)
    if item is None:
        flask.abort(404)
    snapshot = current_state().snapshot
    if snapshot is None:
        return flask.Response("The registry is not loaded yet; try again in a moment.", status=503, mimetype="text/plain")
    data = file_bytes(snapshot, name)
    registry = snapshot.registry
    filename = f"{item.stem}_{registry.meta.as_of.isoformat()}_{registry.version}.{item.extension}"
    response = flask.Response(data, mimetype=item.mimetype)
    text = item.extension != "zip"
    response.headers["Content-Type"] = (
        item.mimetype + ("; charset=utf-8" if text else "") + ("; header=present" if item.extension == "csv" else "")
    )
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.set_etag(f"{snapshot.version[:32]}-{FORMAT_VERSION}")
    return response.make_conditional(flask.request)


def indicator_csv_file(indicator_id: str) -> flask.Response:
    """`/indicator/<id>.csv`: every published value of one indicator, as a series file (README: "Downloads")."""
    snapshot = current_state().snapshot
    view = (
        snapshot.assessment.view(indicator_id) if snapshot else None
    )  # a data file: the registry's own (English) texts, in any page language
    if view is None:
        return flask.Response(f"no indicator {indicator_id!r}\n", status=404, mimetype="text/plain")
    response = flask.Response(indicator_csv(snapshot.assessment.registry, view), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{view.id}.csv"'
    response.headers["Cache-Control"] = "no-cache"
    response.set_etag(snapshot.version)
    return response.make_conditional(flask.request)
