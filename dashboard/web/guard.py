"""Malformed callback requests get a 400 before Dash runs a callback.

Dash hands request values to the callbacks as they come: a dict where a page expects a path or
an id would raise deep inside a view, answering 500 with a traceback in the log. This hook checks
the shape of every `_dash-update-component` body, that its outputs, inputs and states are the named
callback's own, one for one, and the type and size of every input and state value of a property this
app's callbacks take as text or as a count. The body itself is at most MAX_CONTENT_LENGTH (app.py).
"""

from __future__ import annotations

import math
from typing import Any

import dash
import flask

# properties of this app's callback inputs and states, by what they hold
TEXT_PROPS = frozenset({"pathname", "search", "hash", "href", "data", "value"})
COUNT_PROPS = frozenset({"n_clicks", "n_intervals"})
# a text value longer than this is no value a page sends (a search is cut far shorter: pages/overview.search_words)
MAX_TEXT_CHARS = 10_000
# a count beyond what a double holds exactly is no count a browser makes
MAX_COUNT = 2**53


class BadRequest(ValueError):
    """The body is not what dash-renderer sends; the message says what is wrong."""


def check_callback_body(body: Any, declared: set[tuple[str, str]], path_prefix: str = "/") -> None:
    """Raise BadRequest unless `body` is shaped like a callback request with well-typed values for `declared` (id, property) pairs.

    A `pathname` must also start with `path_prefix`, as Dash's page router requires.
    """
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    if not isinstance(body.get("output"), str):
        raise BadRequest("'output' must be a string")
    if not isinstance(body.get("outputs"), (dict, list)):
        raise BadRequest("'outputs' must be an object or a list")
    for key in ("changedPropIds", "parsedChangedPropsIds"):
        if key in body and not (isinstance(body[key], list) and all(isinstance(i, str) for i in body[key])):
            raise BadRequest(f"'{key}' must be a list of strings")
    if not isinstance(body.get("inputs"), list) or not isinstance(body.get("state", []), list):
        raise BadRequest("'inputs' and 'state' must be lists")
    for item in _items(body["inputs"] + body.get("state", [])):
        if not isinstance(item, dict) or not isinstance(item.get("property"), str) or not isinstance(item.get("id"), (str, dict)):
            raise BadRequest("every input and state must be an object with an id and a property")
        if isinstance(item["id"], str) and (item["id"], item["property"]) in declared:
            _check_value(item["id"], item["property"], item.get("value"))
            if item["property"] == "pathname" and item.get("value") is not None and not item["value"].startswith(path_prefix):
                raise BadRequest(f"{item['id']}.pathname must start with {path_prefix!r}")


def _items(values: list) -> list:
    """Inputs and states, with the lists that pattern-matching callbacks send flattened (one level: Dash sends no deeper)."""
    out: list = []
    for value in values:
        if isinstance(value, list):
            if any(isinstance(v, list) for v in value):
                raise BadRequest("inputs and states are nested too deeply")
            out.extend(value)
        else:
            out.append(value)
    return out


def check_against_callback(body: dict, callback: dict) -> None:
    """Raise BadRequest unless `body`'s outputs, inputs and states are the ones `callback` (an entry of Dash's
    callback_map) declares, one for one: Dash indexes them by position and fails with an IndexError otherwise."""
    declared = callback.get("output")
    outputs = declared if isinstance(declared, (list, tuple)) else [declared]
    given = body["outputs"] if isinstance(declared, (list, tuple)) else [body["outputs"]]
    if not isinstance(body["outputs"], list if isinstance(declared, (list, tuple)) else dict) or len(given) != len(outputs):
        raise BadRequest(f"'outputs' must name the {len(outputs)} output(s) of the callback")
    for item, output in zip(given, outputs):
        if not isinstance(item, dict) or not _same(
            item,
            getattr(output, "component_id", None),
            getattr(output, "component_property", None),
            bool(getattr(output, "allow_duplicate", False)),
        ):
            raise BadRequest("'outputs' must name the outputs of the callback")
    for key in ("inputs", "state"):
        wanted, sent = callback.get(key, []), body.get(key, [])
        if len(sent) != len(wanted):
            raise BadRequest(f"'{key}' must hold the {len(wanted)} {key} of the callback, not {len(sent)}")
        for item, dep in zip(sent, wanted):
            if isinstance(dep["id"], str) and not (isinstance(item, dict) and _same(item, dep["id"], dep["property"])):
                raise BadRequest(f"'{key}' must be the callback's {key}, in its order")


def _same(item: dict, ident: Any, prop: Any, duplicate: bool = False) -> bool:
    # an output that another callback writes too (allow_duplicate) is sent as "children@<the callback's hash>"
    given = item.get("property")
    named = given.split("@", 1)[0] if duplicate and isinstance(given, str) else given
    return not isinstance(ident, str) or (item.get("id") == ident and named == prop)


def _check_value(ident: str, prop: str, value: Any) -> None:
    if value is None:
        return
    if prop in TEXT_PROPS and not isinstance(value, str):
        raise BadRequest(f"{ident}.{prop} must be a string, not {type(value).__name__}")
    if prop in TEXT_PROPS and len(value) > MAX_TEXT_CHARS:
        raise BadRequest(f"{ident}.{prop} is over {MAX_TEXT_CHARS:,} characters")
    if prop in COUNT_PROPS and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise BadRequest(f"{ident}.{prop} must be a number, not {type(value).__name__}")
    if prop in COUNT_PROPS and ((isinstance(value, float) and not math.isfinite(value)) or abs(value) > MAX_COUNT):
        raise BadRequest(f"{ident}.{prop} must be a count, not {str(value)[:20]}")


def guard_callback_requests(app: dash.Dash) -> None:
    """Answer a malformed callback request to `app` with 400 and a one-line reason, without running a callback."""
    endpoint = app.config.routes_pathname_prefix + "_dash-update-component"

    @app.server.before_request
    def refuse_malformed_callbacks() -> flask.Response | None:
        if flask.request.method != "POST" or flask.request.path != endpoint:
            return None
        declared = {
            (d["id"], d["property"])
            for cb in app.callback_map.values()
            if "callback" in cb  # a server callback's; clientside ones never reach the server
            for d in cb["inputs"] + cb["state"]
            if isinstance(d["id"], str)
        }
        try:
            try:
                body = flask.request.get_json(silent=True)
            except RecursionError:  # JSON nested deeper than the parser's stack
                raise BadRequest("the body is nested too deeply") from None
            check_callback_body(body, declared, app.config.requests_pathname_prefix)
            callback = app.callback_map.get(body["output"], {})
            if "callback" not in callback:
                raise BadRequest(f"no callback has the output {body['output'][:100]!r}")
            check_against_callback(body, callback)
        except BadRequest as exc:
            return flask.Response(f"bad callback request: {exc}\n", status=400, mimetype="text/plain")
        return None
