"""Full downloads of the registry being served: `/download/observations.csv`, `/download/claims.csv`, `/download/registry.json`.

Each is built once per registry version (`Snapshot.cached`) and sent as an attachment named after
the data-as-of date and the registry version. `Cache-Control: no-cache` with the version as ETag:
clients revalidate every time and get a 304 while the registry is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flask

from dashboard.i18n import DEFAULT, use_language
from dashboard.outputs.datafiles import claims_csv, indicator_csv, observations_csv, registry_json
from dashboard.web.components import current_state
from dashboard.web.store import Snapshot

FORMAT_VERSION = "1"  # part of the ETag: bump when the files' columns or encoding change


@dataclass(frozen=True)
class Download:
    stem: str
    extension: str
    mimetype: str
    build: Callable[[Snapshot], str]


DOWNLOADS = {
    "observations.csv": Download("observations", "csv", "text/csv", lambda s: observations_csv(s.assessment)),
    "claims.csv": Download("claims", "csv", "text/csv", lambda s: claims_csv(s.assessment)),
    "registry.json": Download("registry", "json", "application/json", lambda s: registry_json(s.registry, s.version)),
}


def _in_english(build: Callable[[Snapshot], str], snapshot: Snapshot) -> bytes:
    """A data file's bytes: its texts (verdicts, statuses) in English like its column names, whatever page asked."""
    with use_language(DEFAULT):
        return build(snapshot).encode("utf-8")


def download(name: str) -> flask.Response:
    """`/download/<name>`: only the names in `DOWNLOADS` are served."""
    item = DOWNLOADS.get(name)
    if item is None:
        flask.abort(404)
    snapshot = current_state().snapshot
    if snapshot is None:
        return flask.Response("The registry is not loaded yet; try again in a moment.", status=503, mimetype="text/plain")
    data = snapshot.cache.get("download", (name,), lambda: _in_english(item.build, snapshot))
    registry = snapshot.registry
    filename = f"{item.stem}_{registry.meta.as_of.isoformat()}_{registry.version}.{item.extension}"
    response = flask.Response(data, mimetype=item.mimetype)
    response.headers["Content-Type"] = f"{item.mimetype}; charset=utf-8" + ("; header=present" if item.extension == "csv" else "")
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
