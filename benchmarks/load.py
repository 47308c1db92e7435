"""Load client: simulated browsers against the dashboard on this machine, bounded in count and time.

    python -m benchmarks.load --workers 4 --clients 50 --duration 60     # starts gunicorn on 127.0.0.1, runs, stops it
    python -m benchmarks.load --url http://127.0.0.1:8050 --clients 10   # against a server already running here

Each client is a thread that behaves like a browser opening pages back to back, with no think time:
the page's HTML, `/_dash-layout` naming the page (which it then holds, as the page's script asks for
it: dashboard.web.first_page), `/_dash-dependencies`, one link followed inside the app (the page-routing
callback for another page), each indicator page's second request (what lies below its chart), then a
few registry polls, with the JSON payloads dash-renderer sends. Every client stops by itself at the
deadline; a request in flight then has at most `--timeout` seconds to finish. Only loopback addresses
are accepted. The request bodies are benchmarks.wire's.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import ipaddress
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .wire import UPDATE, by_id, details_payload, page_payload, poll_payload

ROOT = Path(__file__).resolve().parent.parent
# ---------------------------------------------------------------- HTTP


def require_loopback(url: str) -> tuple[str, int]:
    """(host, port) of a URL on this machine; anything else is refused."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    loopback = host == "localhost" or _is_loopback_ip(host)
    if parts.scheme != "http" or not loopback or parts.port is None:
        raise ValueError(f"{url}: only http://127.0.0.1:PORT (or another loopback address) is allowed")
    return host, parts.port


def _is_loopback_ip(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Reply:
    status: int
    body: bytes
    started: float  # time.monotonic()
    finished: float

    @property
    def seconds(self) -> float:
        return self.finished - self.started

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


class Http:
    """A few requests to one loopback server; one connection per request, as gunicorn's sync workers close them."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self.host, self.port = require_loopback(base_url)
        self.timeout = timeout

    def request(self, method: str, path: str, body: Any = None) -> Reply:
        headers = {"Accept": "application/json" if path.startswith("/_dash") else "text/html"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.monotonic()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        return Reply(response.status, payload, started, time.monotonic())

    def get(self, path: str) -> Reply:
        return self.request("GET", path)

    def post(self, path: str, body: Any) -> Reply:
        return self.request("POST", path, body)

    def wait_ready(self, seconds: float, proc: subprocess.Popen | None = None, path: str = "/healthz") -> None:
        """Until `path` answers 200; raises when the server process exits or the time is up."""
        deadline = time.monotonic() + seconds
        while True:
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"the server exited with status {proc.returncode} before answering")
            with contextlib.suppress(OSError, http.client.HTTPException):
                if self.get(path).status == 200:
                    return
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer from {self.host}:{self.port}{path} within {seconds:.0f} s")
            time.sleep(0.1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def stop(proc: subprocess.Popen, grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if it has not exited after `grace` seconds."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(grace)


@contextlib.contextmanager
def gunicorn(
    registry: Path,
    workers: int,
    log: Path,
    *,
    port: int | None = None,
    ready_seconds: float = 60.0,
    extra: list[str] | None = None,
) -> Iterator[str]:
    """gunicorn serving `dashboard.web.wsgi:server` on 127.0.0.1; yields its base URL and always stops it.

    `extra`: more gunicorn arguments, put first (e.g. `-c dashboard/web/gunicorn_conf.py`: the flags here override it).
    """
    port = port or free_port()
    env = {"DASHBOARD_HISTORY": "off", **os.environ, "DASHBOARD_REGISTRY": str(registry)}  # a benchmark keeps no history
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        *(extra or []),
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "dashboard.web.wsgi:server",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        Http(url, timeout=5).wait_ready(ready_seconds, proc)
        yield url
    finally:
        stop(proc)


# ---------------------------------------------------------------- the load


@dataclass
class Report:
    clients: int
    duration: float  # the clients' deadline, seconds
    elapsed: float  # from the first request to the last answer
    latencies: dict[str, list[float]] = field(default_factory=dict)  # per kind of request, seconds
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # "kind path: what went wrong", the first few only
    error_count: int = 0
    stuck_clients: int = 0

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    @property
    def throughput(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float, kind: str | None = None) -> float:
        values = self.latencies.get(kind, []) if kind else [v for vs in self.latencies.values() for v in vs]
        if len(values) < 2:
            return values[0] if values else float("nan")
        return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]

    def summary(self) -> str:
        return (
            f"{self.clients} clients, {self.duration:.0f} s: {self.requests} requests, {self.error_count} errors, "
            f"{self.throughput:.1f} requests/s, p50 {self.percentile(50) * 1000:.0f} ms, p95 {self.percentile(95) * 1000:.0f} ms; "
            f"statuses {dict(sorted(self.statuses.items()))}"
        )

    def markdown(self) -> str:
        lines = [
            "| requests | errors | requests/s | p50 | p95 | p99 | max |",
            "|---:|---:|---:|---:|---:|---:|---:|",
            f"| {self.requests} | {self.error_count} | {self.throughput:.1f} | {_ms(self.percentile(50))} | {_ms(self.percentile(95))} "
            f"| {_ms(self.percentile(99))} | {_ms(max((v for vs in self.latencies.values() for v in vs), default=0))} |",
            "",
            "| request | count | p50 | p95 |",
            "|---|---:|---:|---:|",
        ]
        for kind, values in self.latencies.items():
            lines.append(f"| {kind} | {len(values)} | {_ms(self.percentile(50, kind))} | {_ms(self.percentile(95, kind))} |")
        return "\n".join(lines)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


EXPECTED = {"page": {200}, "layout": {200}, "dependencies": {200}, "page callback": {200}, "details": {200}, "poll": {200, 204}}
# a fragment every good answer of that kind holds: a 200 with some other body is an error too
EXPECTED_BODY = {
    "page": b"_dash-config",
    "layout": b'"pathname"',
    "dependencies": b"_pages_content",
    "page callback": b"_pages_content",
    "details": b"indicator-details",
}


class _Client(threading.Thread):
    def __init__(self, http: Http, paths: list[str], deadline: float, polls: int, seed: int, sink: _Sink) -> None:
        super().__init__(daemon=True)
        self.http, self.paths, self.deadline, self.polls, self.sink = http, paths, deadline, polls, sink
        self.rng = random.Random(seed)

    def call(self, kind: str, method: str, path: str, body: Any = None) -> Reply | None:
        if time.monotonic() >= self.deadline:
            return None
        try:
            reply = self.http.request(method, path, body)
        except (OSError, http.client.HTTPException) as exc:
            self.sink.error(kind, path, f"{type(exc).__name__}: {exc}")
            return None
        self.sink.record(kind, reply)
        if reply.status not in EXPECTED[kind] or (reply.status == 200 and EXPECTED_BODY.get(kind, b"") not in reply.body):
            self.sink.error(kind, path, f"HTTP {reply.status}: {reply.body[:200]!r}")
            return None
        return reply

    def details(self, path: str) -> None:
        """What an indicator page asks for once it has rendered: the part below its chart."""
        body = details_payload(path)
        if body is not None:
            self.call("details", "POST", UPDATE, body)

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            path, other = self.rng.choice(self.paths), self.rng.choice(self.paths)
            self.call("page", "GET", path)
            layout = self.call("layout", "GET", "/_dash-layout?" + urllib.parse.urlencode({"page_path": path, "page_search": ""}))
            self.call("dependencies", "GET", "/_dash-dependencies")
            self.details(path)
            self.call("page callback", "POST", UPDATE, page_payload(other))  # a link followed inside the app
            self.details(other)
            version = token = None
            if layout is not None:
                tree = layout.json()
                version = (by_id(tree, "registry-version") or {}).get("props", {}).get("data")
                token = (by_id(tree, "registry-problems-token") or {}).get("props", {}).get("data")
            for n in range(1, self.polls + 1):
                self.call("poll", "POST", UPDATE, poll_payload(version, token, n))


class _Sink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latencies: dict[str, list[float]] = {kind: [] for kind in EXPECTED}
        self.statuses: Counter = Counter()
        self.errors: list[str] = []
        self.error_count = 0
        self.first = float("inf")
        self.last = 0.0

    def record(self, kind: str, reply: Reply) -> None:
        with self.lock:
            self.latencies[kind].append(reply.seconds)
            self.statuses[reply.status] += 1
            self.first, self.last = min(self.first, reply.started), max(self.last, reply.finished)

    def error(self, kind: str, path: str, message: str) -> None:
        with self.lock:
            self.error_count += 1
            if len(self.errors) < 20:
                self.errors.append(f"{kind} {path}: {message}")


def run_load(base_url: str, clients: int, duration: float, *, polls: int = 3, timeout: float = 30.0, seed: int = 1) -> Report:
    """`clients` simulated browsers for `duration` seconds; each stops by itself at the deadline."""
    if not 1 <= clients <= 500 or not 0 < duration <= 3600:
        raise ValueError("clients must be 1..500 and duration 0..3600 s")
    http_ = Http(base_url, timeout=timeout)
    status = http_.get("/api/registry").json()
    paths = ["/", "/claims", "/sources", *(f"/indicator/{i}" for i in status["indicators"])]
    sink = _Sink()
    deadline = time.monotonic() + duration
    threads = [_Client(http_, paths, deadline, polls, seed + i, sink) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + timeout + 5)
    stuck = sum(thread.is_alive() for thread in threads)
    return Report(
        clients=clients,
        duration=duration,
        elapsed=max(0.0, sink.last - sink.first),
        latencies=sink.latencies,
        statuses=sink.statuses,
        errors=sink.errors,
        error_count=sink.error_count + stuck,
        stuck_clients=stuck,
    )


def machine() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
            model,
        )
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cpus} CPUs ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a server already running on a loopback address (default: start gunicorn)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers when starting one (default 4)")
    parser.add_argument("--registry", type=Path, default=ROOT / "indicators.yaml", help="registry to serve (copied with its data/ folder)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent simulated browsers (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds the clients keep going (default 60)")
    parser.add_argument("--polls", type=int, default=3, help="registry polls after each page view (default 3)")
    args = parser.parse_args(argv)
    command = "python -m benchmarks.load " + " ".join(sys.argv[1:] if argv is None else argv)
    print(f"$ {command.strip()}\nmachine: {machine()}", flush=True)
    if args.url:
        report = run_load(args.url, args.clients, args.duration, polls=args.polls)
        server = args.url
    else:
        with tempfile.TemporaryDirectory(prefix="dashboard-load-") as tmp:
            registry = Path(tmp) / args.registry.name
            shutil.copy(args.registry, registry)
            if (args.registry.parent / "data").is_dir():
                shutil.copytree(args.registry.parent / "data", Path(tmp) / "data")
            with gunicorn(registry, args.workers, Path(tmp) / "gunicorn.log") as url:
                report = run_load(url, args.clients, args.duration, polls=args.polls)
                server = f"gunicorn, {args.workers} sync workers, {url}"
            log = (Path(tmp) / "gunicorn.log").read_text(errors="replace").strip()
        if log:
            print(f"gunicorn log:\n{log}")
    print(f"server: {server}\n")
    print(report.markdown())
    print(f"\n{report.summary()}")
    for error in report.errors:
        print(f"error: {error}")
    return 1 if report.error_count or not report.requests else 0


if __name__ == "__main__":
    sys.exit(main())
