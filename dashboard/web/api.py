"""For scripts and monitors: the registry's state as JSON, and whether a good registry is served."""

from __future__ import annotations

import os

import flask

from dashboard.web.components import MAX_PROBLEM_LINES, current_state


def registry_status() -> flask.Response:
    """`/api/registry`: The version token and the problems: what the page's poll sees, for scripts and monitors."""
    state = current_state()
    snap = state.snapshot
    return flask.jsonify(
        {
            "version": state.version,
            "token": state.token,
            "ok": not state.problems,
            "problems": [str(p) for p in state.problems[:MAX_PROBLEM_LINES]],
            "problem_count": len(state.problems),
            "warning": state.warning or None,
            "checking": state.checking,
            "loaded_at": snap.loaded_at.isoformat() if snap else None,
            "indicators": [i.id for i in snap.registry.indicators] if snap else [],
            "pid": os.getpid(),  # which worker answered: each keeps its own store
        }
    )


def health() -> flask.Response:
    """`/healthz`: 200 once a good registry is served; 503 before, so a load balancer waits for it."""
    state = current_state()
    if state.snapshot is not None:
        return flask.Response("OK", status=200, mimetype="text/plain")
    if state.checking:
        text = "no registry loaded yet: checking the file"
    else:
        text = f"no registry loaded yet: {len(state.problems)} problem{'s' if len(state.problems) != 1 else ''}"
    return flask.Response(text, status=503, mimetype="text/plain")


def changes() -> flask.Response:
    """`/api/changes`: the versions kept in the history folder, newest first, each with what changed from the one before."""
    from dashboard.web.pages.changes import SHOWN, current_history

    history = current_history()
    if history is None:
        return flask.jsonify({"kept": False, "versions": [], "problems": []})
    versions = [
        {"version": r["version"], "time": r["time"], "changes": c.as_json() if c is not None else None} for r, c in history.changes(SHOWN)
    ]
    return flask.jsonify({"kept": True, "versions": versions, "problems": [str(p) for p in history.listing().problems[:200]]})
