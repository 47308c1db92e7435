"""A short load smoke: gunicorn with 2 workers on 127.0.0.1, 10 simulated browsers for 5 seconds, zero errors.

The full run (4 workers, 50 clients, 60 s) is `python -m benchmarks.load`; its numbers are in
benchmarks/RESULTS.md. This test prints its numbers and asserts no time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.load import gunicorn, require_loopback, run_load

pytestmark = pytest.mark.slow


def test_gunicorn_serves_ten_clients_without_an_error(registry_copy: Path, tmp_path: Path) -> None:
    log = tmp_path / "gunicorn.log"
    with gunicorn(registry_copy, workers=2, log=log) as url:
        report = run_load(url, clients=10, duration=5, timeout=20)
    print(f"\nload smoke (gunicorn 2 workers): {report.summary()}")
    assert report.error_count == 0, report.errors
    assert report.stuck_clients == 0
    assert all(report.latencies[kind] for kind in ("page", "layout", "dependencies", "page callback", "poll")), report.latencies
    assert set(report.statuses) <= {200, 204}
    assert report.statuses[204], "no poll found the page up to date"
    text = log.read_text(errors="replace")
    assert "Traceback" not in text and "[ERROR]" not in text, text[-2000:]


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1:8050", "http://example.org:80", "https://127.0.0.1:8050", "http://0.0.0.0:8050", "http://127.0.0.1"]
)
def test_the_load_client_refuses_anything_but_loopback(url: str) -> None:
    with pytest.raises(ValueError, match="only http://127.0.0.1"):
        require_loopback(url)


def test_the_load_client_accepts_loopback() -> None:
    assert require_loopback("http://127.0.0.1:8050") == ("127.0.0.1", 8050)
    assert require_loopback("http://[::1]:8050") == ("::1", 8050)
