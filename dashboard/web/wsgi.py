"""WSGI entry point for gunicorn: `gunicorn -w 4 -b 127.0.0.1:8050 'dashboard.web.wsgi:server'`.

The registry path comes from DASHBOARD_REGISTRY (default: indicators.yaml in
the working directory). The app is built on first access to `server` or `app`,
once per process, so every gunicorn worker has its own app and registry store.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

ENV_REGISTRY = "DASHBOARD_REGISTRY"
ENV_POLL = "DASHBOARD_POLL_MS"
# new briefings one client address may start a minute; a load test whose clients all share 127.0.0.1 raises it
ENV_BRIEFINGS = "DASHBOARD_BRIEFINGS_PER_MINUTE"


@cache
def get_app() -> Any:
    from dashboard.outputs.history import history_folder
    from dashboard.web.app import create_app

    registry = os.environ.get(ENV_REGISTRY, "indicators.yaml")
    return create_app(
        registry,
        poll_interval_ms=int(os.environ.get(ENV_POLL, "1000")),
        history=history_folder(registry, None),  # $DASHBOARD_HISTORY, else history/ beside the registry
        briefings_per_minute=int(os.environ.get(ENV_BRIEFINGS, "6")),
    )


def __getattr__(name: str) -> Any:
    if name == "app":
        return get_app()
    if name == "server":
        return get_app().server
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
