"""The Dash wire format of this app: the request bodies dash-renderer sends, and readers of the trees it gets back.

Shared by the load client (benchmarks.load), the browser benchmark and the soak, banner, security and callback tests.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

UPDATE = "/_dash-update-component"

# Two request bodies as Chromium 156 sent them to this app (Dash 4.4.1), captured from the DevTools network log.
PAGE_PAYLOAD: dict = {
    "output": ".._pages_content.children..._pages_store.data..",
    "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
    "inputs": [
        {"id": "_pages_location", "property": "pathname", "value": "/"},
        {"id": "_pages_location", "property": "search", "value": ""},
    ],
    "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
    "parsedChangedPropsIds": ["_pages_location.pathname", "_pages_location.search"],
}
# The indicator page's second request, once its chart is drawn (pages/indicator.py). Its third output is written by
# the chart's own callback too (allow_duplicate), so its property carries that callback's hash.
_SHARED = "children@ec0e95e39511a23ff8ec645414b54284649bafb1e346caba31d79465d922fc57"
DETAILS_PAYLOAD: dict = {
    "output": f"..indicator-chart-extras.children...indicator-details.children...chart-table.{_SHARED}..",
    "outputs": [
        {"id": "indicator-chart-extras", "property": "children"},
        {"id": "indicator-details", "property": "children"},
        {"id": "chart-table", "property": _SHARED},
    ],
    "inputs": [{"id": "indicator-details-ready", "property": "data", "value": "road_deaths"}],
    "changedPropIds": ["indicator-details-ready.data"],
    "parsedChangedPropsIds": ["indicator-details-ready.data"],
    "state": [
        {"id": "indicator-url-sync", "property": "data"},
        {"id": "chart-url-sync", "property": "data"},
        {"id": "_pages_location", "property": "search", "value": ""},
    ],
}
POLL_PAYLOAD: dict = {
    "output": "..registry-version.data...registry-problems-token.data...registry-banner.children...footer-version.children..",
    "outputs": [
        {"id": "registry-version", "property": "data"},
        {"id": "registry-problems-token", "property": "data"},
        {"id": "registry-banner", "property": "children"},
        {"id": "footer-version", "property": "children"},
    ],
    "inputs": [{"id": "reload-poll", "property": "n_intervals", "value": 1}],
    "changedPropIds": ["reload-poll.n_intervals"],
    "parsedChangedPropsIds": ["reload-poll.n_intervals"],
    "state": [
        {"id": "registry-version", "property": "data", "value": "86040da7369d2054"},
        {"id": "registry-problems-token", "property": "data", "value": "ok"},
        {"id": "_pages_location", "property": "search", "value": ""},  # the page's query string: its language
    ],
}


def page_payload(pathname: str, search: str = "") -> dict:
    """The routing callback's body when the browser opens `pathname`."""
    body = copy.deepcopy(PAGE_PAYLOAD)
    body["inputs"][0]["value"], body["inputs"][1]["value"] = pathname, search
    return body


def details_payload(pathname: str, search: str = "") -> dict | None:
    """The indicator page's details callback body, or None when `pathname` is not an indicator page."""
    if not pathname.startswith("/indicator/"):
        return None
    body = copy.deepcopy(DETAILS_PAYLOAD)
    body["inputs"][0]["value"], body["state"][-1]["value"] = pathname.removeprefix("/indicator/"), search
    return body


def poll_payload(version: str | None, token: str | None, n: int = 1, search: str = "") -> dict:
    """The registry poll's body, carrying what the page shows now (its version and problems token) and its query string."""
    body = copy.deepcopy(POLL_PAYLOAD)
    body["inputs"][0]["value"] = n
    body["state"][0]["value"], body["state"][1]["value"], body["state"][2]["value"] = version, token, search
    return body


def _outputs(output: str) -> list[dict]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [dict(zip(("id", "property"), part.rsplit(".", 1))) for part in parts]


def callback_payload(dependency: dict, values: dict[str, Any], changed: list[str]) -> dict:
    """A callback body built from one `/_dash-dependencies` entry as dash-renderer builds it.

    `values` maps "id.property" to the component's current value (left out: not set); `changed` lists the inputs that fired.
    """
    output = dependency["output"]
    outputs = _outputs(output)

    def filled(items: list[dict]) -> list[dict]:
        # a property the page has not set is sent without a value, as dash-renderer sends an undefined one
        return [
            {"id": i["id"], "property": i["property"], **({"value": values[k]} if (k := f"{i['id']}.{i['property']}") in values else {})}
            for i in items
        ]

    body = {
        "output": output,
        "outputs": outputs if output.startswith("..") else outputs[0],
        "inputs": filled(dependency["inputs"]),
        "changedPropIds": list(changed),
        "parsedChangedPropsIds": list(changed),
    }
    if dependency["state"]:
        body["state"] = filled(dependency["state"])
    return body


def dependency(dependencies: list[dict], output_id: str) -> dict:
    """The callback that writes to component `output_id` (fails loudly when the app renamed it)."""
    found = [d for d in dependencies if any(o["id"] == output_id for o in _outputs(d["output"]))]
    if len(found) != 1:
        raise LookupError(f"{len(found)} callbacks write to {output_id!r}")
    return found[0]


def components(tree: Any) -> Iterator[dict]:
    """Every component (a dict with type, namespace and props) in a layout or a callback response."""
    if isinstance(tree, dict):
        if "type" in tree and "namespace" in tree and isinstance(tree.get("props"), dict):
            yield tree
        for value in tree.values():
            yield from components(value)
    elif isinstance(tree, list):
        for item in tree:
            yield from components(item)


def by_id(tree: Any, component_id: str) -> dict | None:
    return next((c for c in components(tree) if c["props"].get("id") == component_id), None)


def text(tree: Any) -> list[str]:
    """The text children of a component tree, in order."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict) and isinstance(node.get("props"), dict):
            walk(node["props"].get("children"))

    walk(tree)
    return out
