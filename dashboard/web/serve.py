"""`python -m dashboard run`: serve the dashboard with Dash's own server (one process).

For several workers use gunicorn on `dashboard.web.wsgi:server` (see README).
"""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    """`python -m dashboard run`: the arguments are declared in `dashboard.cli`."""
    from dashboard.outputs.history import history_folder
    from dashboard.web.app import create_app

    if not args.registry.is_file():
        print(f"{args.registry}: no such file", file=sys.stderr)
        return 2
    app = create_app(args.registry, poll_interval_ms=args.poll_ms, history=history_folder(args.registry, getattr(args, "history", None)))
    state = app.server.extensions["dashboard"].store.refresh()
    for problem in state.problems:
        print(problem, file=sys.stderr)
    if state.problems:
        print(
            f"{args.registry}: {len(state.problems)} problems; serving anyway, the page shows them until the file is fixed", file=sys.stderr
        )
    print(f"Serving {args.registry} at http://{args.host}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0
