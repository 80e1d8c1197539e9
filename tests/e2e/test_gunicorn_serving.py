"""The README's gunicorn setup under attack, on loopback: gunicorn started here on a free port.

Forged requests point at certificate chains on a host that drips a byte every 50 ms for as long
as it is read (so a per-read timeout would never fire). The app is the real factory with one
change, made by ``app_with_dripping_chains()`` below: the verifier's fetch connects to that
loopback host instead of s3.amazonaws.com (the URL rules stay strict). While the forged requests
are in flight ``/health`` must keep answering, and each forged request must be refused within
the fetch deadline. A chunked body over 64 KiB must get 413 from gunicorn too.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import socketserver
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from skill.local.envelope import EnvelopeFactory
from skill.web.app import MAX_BODY_BYTES, create_app
from skill.web.verify import (
    CERT_URL_HEADER,
    FETCH_DEADLINE_S,
    SIGNATURE_HEADER,
    HttpFetcher,
    RequestVerifier,
)
from tests.e2e.test_serve_process import free_port, now, running
from tests.functional.test_verify_chunked import post_chunked

ROOT = Path(__file__).resolve().parents[2]
DRIP_ENV = "TEST_DRIPPING_CHAIN_PORT"
GUNICORN_FLAGS = "--worker-class gthread --workers 2 --threads 8 --timeout 30"
"""As the README shows them; checked against it below."""
FORGED = 16
"""More forged requests at once than the two workers have threads."""


def app_with_dripping_chains() -> Flask:
    """The app gunicorn serves in these tests: ``create_app()`` from the environment, with the
    certificate fetch sent to the dripping loopback host (plain HTTP) on ``$DRIP_ENV``."""
    fetch = HttpFetcher(tls=None, connect_to=("127.0.0.1", int(os.environ[DRIP_ENV])))
    return create_app(verifier=RequestVerifier(os.environ.get("SKILL_ID"), fetch=fetch))


class _Drip(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextlib.contextmanager
def dripping_host() -> Iterator[tuple[int, list[float]]]:
    """A host that answers every request with a byte each 50 ms, for up to 30 s; its port and
    the time each connection arrived."""
    arrivals: list[float] = []

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            arrivals.append(time.monotonic())
            sock: socket.socket = self.request
            with contextlib.suppress(OSError):
                sock.settimeout(5)
                sock.recv(4096)
                end = time.monotonic() + 30
                sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n")
                while time.monotonic() < end:
                    sock.sendall(b"-")
                    time.sleep(0.05)

    server = _Drip(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], arrivals
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def gunicorn_command(port: int) -> list[str]:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn is None:
        pytest.skip("gunicorn is not installed (pip install -e '.[server]')")
    return [
        gunicorn,
        "--bind",
        f"127.0.0.1:{port}",
        *GUNICORN_FLAGS.split(),
        "tests.e2e.test_gunicorn_serving:app_with_dripping_chains()",
    ]


def forged(base: str, n: int) -> tuple[int, str, float]:
    """A forged launch whose chain URL passes Alexa's rules (each a different URL, so nothing
    is shared or cached); its status, reason and how long it took."""
    body = json.dumps(EnvelopeFactory().launch(now())).encode()
    request = urllib.request.Request(
        base + "/",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            CERT_URL_HEADER: f"https://s3.amazonaws.com/echo.api/forged-{n}.pem",
            SIGNATURE_HEADER: base64.b64encode(b"forged").decode(),
        },
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, "", time.monotonic() - started
    except urllib.error.HTTPError as error:
        reason: str = json.loads(error.read()).get("reason", "")
        return error.code, reason, time.monotonic() - started


def health(base: str) -> tuple[dict[str, Any], float]:
    started = time.monotonic()
    with urllib.request.urlopen(base + "/health", timeout=30) as response:
        return json.loads(response.read()), time.monotonic() - started


def test_the_readme_shows_this_setup() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert GUNICORN_FLAGS in readme


def test_health_answers_while_forged_requests_stall_on_their_chains(tmp_path: Path) -> None:
    port = free_port()
    with dripping_host() as (drip_port, arrivals):
        env = {
            DRIP_ENV: str(drip_port),
            "SKILL_ID": EnvelopeFactory().skill_id,
            "HAMSTRING_DB": str(tmp_path / "gunicorn.sqlite3"),
        }
        with (
            running(gunicorn_command(port), port, tmp_path, **env) as server,
            ThreadPoolExecutor(max_workers=FORGED) as pool,
        ):
            attacks = [pool.submit(forged, server.base, n) for n in range(FORGED)]
            deadline = time.monotonic() + 5
            while not arrivals and time.monotonic() < deadline:
                time.sleep(0.01)
            assert arrivals, "no forged request reached the dripping host"
            checks = []
            while not all(a.done() for a in attacks):
                checks.append(health(server.base))
                time.sleep(0.05)
            results = [a.result() for a in attacks]
            assert "Traceback" not in server.stderr()

    assert len(checks) >= 5, "the forged requests were not in flight long enough to test"
    assert all(body == {"status": "ok"} for body, _ in checks)
    slowest = max(took for _, took in checks)
    assert slowest < 0.5, f"/health took {slowest:.2f}s while forged requests were in flight"
    for status, reason, took in results:
        assert status == 400
        assert reason in {
            "certificate chain fetch timed out",
            "too many certificate fetches at once",
        }, reason
        assert took < FETCH_DEADLINE_S + 1.0, f"a forged request held a thread for {took:.1f}s"
    assert any(r == "certificate chain fetch timed out" for _, r, _ in results)


def test_a_chunked_body_over_the_limit_is_413_under_gunicorn(tmp_path: Path) -> None:
    port = free_port()
    env = {"HAMSTRING_VERIFY": "0", "HAMSTRING_DB": str(tmp_path / "gunicorn.sqlite3")}
    command = gunicorn_command(port)
    command[-1] = "skill.web:create_app()"
    with running(command, port, tmp_path, **env) as server:
        event = EnvelopeFactory().launch(now())
        event["padding"] = "x" * MAX_BODY_BYTES
        body = json.dumps(event).encode()
        status, answer = post_chunked(port, body, {})
        assert status == 413, answer
        del event["padding"]
        status, answer = post_chunked(port, json.dumps(event).encode(), {})
        assert status == 200, answer
        assert "Welcome" in json.dumps(answer)
        assert "Traceback" not in server.stderr()
