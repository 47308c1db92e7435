"""gunicorn settings for `make run`: `gunicorn -c dashboard/web/gunicorn_conf.py dashboard.web.wsgi:server`.

Threads (gthread) let one worker answer the page's registry polls and static files while a callback
runs; every worker builds its own app and registry store (see dashboard/web/wsgi.py). Flags given on the
command line win over these, and so do GUNICORN_CMD_ARGS.
"""

import os

bind = os.environ.get("DASHBOARD_BIND", "127.0.0.1:8050")
workers = int(os.environ.get("DASHBOARD_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("DASHBOARD_THREADS", "4"))
timeout = 60  # a PNG export starts Chromium on its first request: a few seconds
graceful_timeout = 10
keepalive = 5  # browsers keep their connection for the page's scripts and polls
accesslog = None
errorlog = "-"
loglevel = "info"
