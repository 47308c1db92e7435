"""`python -m dashboard run`: serve the dashboard with Dash's own server (one process).

For several workers use gunicorn on `dashboard.wsgi:server` (see README).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .cli import DEFAULT_REGISTRY, EXTRA_COMMANDS


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY, help="registry file (default: indicators.yaml)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=int, default=8050, help="port (default: 8050)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode: dev tools and code reloading (never on a public address)")
    parser.add_argument("--poll-ms", type=int, default=1000, help="how often an open page checks the registry for changes (default: 1000)")


def run(args: argparse.Namespace) -> int:
    """serve the dashboard at http://HOST:PORT, reloading the registry when it changes"""
    from .app import create_app

    if not args.registry.is_file():
        print(f"{args.registry}: no such file", file=sys.stderr)
        return 2
    app = create_app(args.registry, poll_interval_ms=args.poll_ms)
    state = app.server.extensions["dashboard"].store.refresh()
    for problem in state.problems:
        print(problem, file=sys.stderr)
    if state.problems:
        print(f"{args.registry}: {len(state.problems)} problems; serving anyway, the page shows them until the file is fixed", file=sys.stderr)
    print(f"Serving {args.registry} at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


EXTRA_COMMANDS["run"] = (configure, run)
