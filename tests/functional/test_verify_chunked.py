"""Body limits hold for chunked requests, over real HTTP (Werkzeug's server on loopback).

Werkzeug refuses a ``Content-Length`` over the limit but, left to itself, reads a chunked body
only up to the limit and hands over the cut. These tests send chunked bodies over a socket and
check that past 64 KiB the answer is 413, that neither the verifier nor the skill saw anything,
and that a chunked body under the limit is read whole and served.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from werkzeug.serving import BaseWSGIServer, make_server

from skill.local.envelope import DEFAULT_SKILL_ID, EnvelopeFactory
from skill.web.app import MAX_BODY_BYTES, create_app
from skill.web.verify import RequestVerifier
from tests.alexa_signing import CERT_URL, FakeFetch, body_of, make_pki, signed_headers
from tests.factories import T0, MutableClock

CHUNK = 16 * 1024


@dataclass
class Served:
    port: int
    handled: list[dict[str, Any]]
    fetch: FakeFetch


@pytest.fixture
def served() -> Iterator[Served]:
    pki = make_pki()
    fetch = FakeFetch({CERT_URL: pki.chain()})
    handled: list[dict[str, Any]] = []

    def skill(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        handled.append(event)
        return {"version": "1.0", "response": {}}

    verifier = RequestVerifier(
        DEFAULT_SKILL_ID, fetch=fetch, roots=[pki.root], clock=MutableClock(T0)
    )
    app = create_app({"SKILL_ID": DEFAULT_SKILL_ID}, handler=skill, verifier=verifier)
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(server.server_port, handled, fetch)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def post_chunked(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """POST / with ``body`` in 16 KiB chunks (no Content-Length); the status and JSON answer.

    The body is sent from a thread while the answer is read, as a real client would: the server
    may answer (and stop reading) before the last chunk.
    """
    head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
    head += "Content-Type: application/json\r\nConnection: close\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items()) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:

        def send() -> None:
            with contextlib.suppress(OSError):  # the server answered early and hung up
                sock.sendall(head.encode())
                for at in range(0, len(body), CHUNK):
                    part = body[at : at + CHUNK]
                    sock.sendall(b"%x\r\n" % len(part) + part + b"\r\n")
                sock.sendall(b"0\r\n\r\n")

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        answer = b""
        while True:
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            answer += data
            if b"\r\n\r\n" in answer:
                top, _, rest = answer.partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":", 1)[1])
                        for line in top.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    None,
                )
                if length is not None and len(rest) >= length:
                    break
        sender.join(10)
    top, _, rest = answer.partition(b"\r\n\r\n")
    assert top, "no answer at all"
    status = int(top.split(b" ", 2)[1])
    return status, json.loads(rest)


def padded_launch(size: int) -> bytes:
    """A launch envelope padded to exactly ``size`` bytes of JSON."""
    event = EnvelopeFactory().launch(T0)
    event["padding"] = ""
    event["padding"] = "x" * (size - len(body_of(event)))
    body = body_of(event)
    assert len(body) == size
    return body


@pytest.mark.parametrize("size", [MAX_BODY_BYTES + 1, 2 * MAX_BODY_BYTES, 1024 * 1024])
def test_a_chunked_body_over_the_limit_is_413_and_never_verified(served: Served, size: int) -> None:
    body = padded_launch(size)
    status, answer = post_chunked(served.port, body, signed_headers(body))
    assert status == 413, answer
    assert answer == {"error": "request entity too large"}
    assert served.fetch.calls == [], "the cut body was verified"
    assert served.handled == []


@pytest.mark.parametrize("size", [3 * CHUNK + 5, MAX_BODY_BYTES])
def test_a_chunked_body_within_the_limit_is_read_whole_and_served(
    served: Served, size: int
) -> None:
    body = padded_launch(size)
    status, answer = post_chunked(served.port, body, signed_headers(body))
    assert status == 200, answer
    assert len(served.handled) == 1
    assert served.handled[0]["padding"] == json.loads(body)["padding"]
