"""The certificate-chain fetch against hostile hosts, on loopback only.

``HttpFetcher(connect_to=..., tls=None)`` connects to a server started here while keeping the
strict ``https://s3.amazonaws.com/echo.api/...`` URL, so the verifier's URL rules are the
production ones. A dripping host sends a byte every 50 ms (so a per-read timeout never fires),
a redirecting host points at a second host that would serve a valid chain.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from skill.local.envelope import DEFAULT_SKILL_ID
from skill.web.verify import HttpFetcher, RequestVerifier, VerificationError
from tests.alexa_signing import (
    CERT_URL,
    PKI,
    body_of,
    ca_certificate,
    leaf_certificate,
    make_pki,
    pem,
    rsa_key,
    sign,
)
from tests.factories import T0, MutableClock
from tests.unit.test_verify import launch

TIMED_OUT = "certificate chain fetch timed out"
NOT_FETCHED = "certificate chain could not be fetched"
REDIRECT = "certificate chain URL redirects (not followed)"
TOO_LARGE = "certificate chain is too large"
DRIP_S = 0.05

Reply = Callable[[socket.socket], None]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def host(reply: Reply) -> Iterator[tuple[tuple[str, int], list[bytes]]]:
    """A loopback host answering every connection with ``reply``; its address and the requests."""
    requests: list[bytes] = []

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            sock: socket.socket = self.request
            sock.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = sock.recv(4096)
                if not chunk:
                    return
                data += chunk
            requests.append(data)
            with contextlib.suppress(OSError):  # the fetcher hung up: that is the point
                reply(sock)

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[:2], requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def fetcher(address: tuple[str, int], deadline: float = 0.5) -> HttpFetcher:
    return HttpFetcher(deadline=deadline, tls=None, connect_to=address)


def drip(data: bytes, stop_after: float = 10.0) -> Reply:
    """Send ``data`` a byte at a time, one every DRIP_S, for at most ``stop_after`` seconds."""

    def reply(sock: socket.socket) -> None:
        end = time.monotonic() + stop_after
        for byte in data:
            if time.monotonic() > end:
                return
            sock.sendall(bytes([byte]))
            time.sleep(DRIP_S)

    return reply


def answer(data: bytes) -> Reply:
    def reply(sock: socket.socket) -> None:
        sock.sendall(data)

    return reply


def ok(body: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body


def fails(fetch: HttpFetcher) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(VerificationError) as caught:
        fetch(CERT_URL)
    return caught.value.reason, time.monotonic() - started


@pytest.fixture
def pki() -> PKI:
    return make_pki()


# -- the deadline covers the whole fetch ---------------------------------------------------------


@pytest.mark.parametrize(
    "what",
    ["body", "headers"],
)
def test_a_dripping_host_costs_the_deadline_not_more(pki: PKI, what: str) -> None:
    chain = pki.chain()
    dripped = ok(chain) if what == "headers" else chain
    head = (
        b"" if what == "headers" else b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(chain)
    )

    def reply(sock: socket.socket) -> None:
        sock.sendall(head)
        drip(dripped)(sock)

    with host(reply) as (address, requests):
        reason, took = fails(fetcher(address, deadline=0.5))
    assert reason == TIMED_OUT
    assert 0.45 <= took < 1.0, took  # dripping goes on for seconds; the fetch stops at 0.5 s
    assert requests and requests[0].startswith(b"GET /echo.api/echo-api-cert.pem HTTP/1.1\r\n")
    assert b"\r\nHost: s3.amazonaws.com\r\n" in requests[0]


def test_a_dripping_host_holds_a_signed_request_for_the_deadline_only(pki: PKI) -> None:
    """Through the whole verifier: the request is refused after the fetch deadline, and the
    refusal is remembered, so the same URL does not tie up the next request."""
    with host(drip(ok(pki.chain()))) as (address, requests):
        verifier = RequestVerifier(
            DEFAULT_SKILL_ID,
            fetch=fetcher(address, deadline=0.5),
            roots=[pki.root],
            clock=MutableClock(T0),
        )
        body = body_of(launch())
        started = time.monotonic()
        with pytest.raises(VerificationError) as caught:
            verifier.verify(body, CERT_URL, sign(body))
        assert caught.value.reason == TIMED_OUT
        assert time.monotonic() - started < 1.0
        started = time.monotonic()
        with pytest.raises(VerificationError) as again:
            verifier.verify(body, CERT_URL, sign(body))
        assert again.value.reason == TIMED_OUT
        assert time.monotonic() - started < 0.1
        assert len(requests) == 1


def test_a_silent_connect_is_bounded_too() -> None:
    """A listener whose backlog is full leaves connect hanging; the connect timeout ends it."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        reason, took = fails(fetcher(("127.0.0.1", port), deadline=0.3))
    assert reason in (TIMED_OUT, NOT_FETCHED)
    assert took < 1.0


# -- no redirects ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [b"301 Moved Permanently", b"302 Found", b"307 Temporary"])
def test_a_redirect_is_not_followed(pki: PKI, status: bytes) -> None:
    with host(answer(ok(pki.chain()))) as (elsewhere, elsewhere_requests):
        location = b"http://%s:%d/echo.api/echo-api-cert.pem" % (
            elsewhere[0].encode(),
            elsewhere[1],
        )
        redirect = b"HTTP/1.1 " + status + b"\r\nLocation: " + location + b"\r\n"
        redirect += b"Content-Length: 0\r\n\r\n"
        with host(answer(redirect)) as (address, requests):
            reason, _ = fails(fetcher(address))
            # The verifier refuses the request for that reason, never fetching the other host.
            verifier = RequestVerifier(
                DEFAULT_SKILL_ID, fetch=fetcher(address), roots=[pki.root], clock=MutableClock(T0)
            )
            body = body_of(launch())
            with pytest.raises(VerificationError) as caught:
                verifier.verify(body, CERT_URL, sign(body))
        assert len(requests) == 2
    assert reason == REDIRECT
    assert caught.value.reason == REDIRECT
    assert elsewhere_requests == []


# -- size and shape -------------------------------------------------------------------------------


def test_a_declared_oversized_chain_is_refused_before_reading_it() -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Length: 10000000\r\n\r\n"
    with host(answer(head + b"x" * 1000)) as (address, _):
        reason, _ = fails(fetcher(address))
    assert reason == TOO_LARGE


@pytest.mark.parametrize("framing", ["close", "chunked"])
def test_an_endless_chain_is_cut_off_at_the_size_limit(framing: str) -> None:
    def reply(sock: socket.socket) -> None:
        if framing == "close":
            sock.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
            while True:
                sock.sendall(b"x" * 65536)
        sock.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        while True:
            sock.sendall(b"10000\r\n" + b"x" * 65536 + b"\r\n")

    with host(reply) as (address, _):
        reason, took = fails(HttpFetcher(deadline=5, tls=None, connect_to=address, max_bytes=4096))
    assert reason == TOO_LARGE
    assert took < 2


@pytest.mark.parametrize(
    "response",
    [
        b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\nshort",  # closed mid-body
        b"not http at all\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx",
    ],
)
def test_anything_but_a_whole_200_is_not_a_chain(response: bytes) -> None:
    with host(answer(response)) as (address, _):
        reason, _ = fails(fetcher(address))
    assert reason == NOT_FETCHED


@pytest.mark.parametrize("framing", ["length", "chunked", "close"])
def test_a_well_behaved_host_serves_a_chain_that_verifies(pki: PKI, framing: str) -> None:
    chain = pki.chain()
    if framing == "length":
        response = ok(chain)
    elif framing == "chunked":
        half = len(chain) // 2
        response = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        for part in (chain[:half], chain[half:]):
            response += b"%x\r\n" % len(part) + part + b"\r\n"
        response += b"0\r\n\r\n"
    else:
        response = b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + chain
    with host(answer(response)) as (address, requests):
        assert fetcher(address)(CERT_URL) == chain
        verifier = RequestVerifier(
            DEFAULT_SKILL_ID, fetch=fetcher(address), roots=[pki.root], clock=MutableClock(T0)
        )
        body = body_of(launch())
        assert verifier.verify(body, CERT_URL, sign(body))["request"]["type"] == "LaunchRequest"
        verifier.verify(body, CERT_URL, sign(body))
        assert len(requests) == 2  # one for the bare fetch, one for the verifier: then cached


# -- over TLS, as in production -------------------------------------------------------------------


@contextmanager
def tls_host(tmp_path: Path, names: list[str], response: bytes) -> Iterator[TlsHost]:
    """A TLS host on loopback with a certificate for ``names`` from a root made here (valid
    now: TLS checks against the real clock), answering every request with ``response``."""
    moment = datetime.now(UTC)
    root_key, leaf_key = rsa_key("tls root"), rsa_key("tls leaf")
    root = ca_certificate(
        "TLS Test Root",
        root_key,
        not_before=moment - timedelta(days=1),
        not_after=moment + timedelta(days=1),
    )
    leaf = leaf_certificate(
        leaf_key,
        ("TLS Test Root", root_key),
        dns_names=names,
        common_name=names[0],
        not_before=moment - timedelta(days=1),
        not_after=moment + timedelta(days=1),
    )
    cert_file, key_file = tmp_path / "tls-leaf.pem", tmp_path / "tls-key.pem"
    cert_file.write_bytes(pem(leaf))
    key_file.write_bytes(
        leaf_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)

    def reply(sock: socket.socket) -> None:
        with server_context.wrap_socket(sock, server_side=True) as tls:
            tls.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = tls.recv(4096)
                if not chunk:
                    return
                data += chunk
            tls.sendall(response)

    with raw_host(reply) as address:
        trust = ssl.create_default_context(cadata=pem(root).decode())
        yield TlsHost(address, trust)


@dataclass
class TlsHost:
    address: tuple[str, int]
    trust: ssl.SSLContext
    """A client context trusting only the test root (hostname checks on)."""


@contextmanager
def raw_host(handle: Reply) -> Iterator[tuple[str, int]]:
    """A loopback host handing each accepted connection, unread, to ``handle``."""

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            with contextlib.suppress(OSError):
                handle(self.request)

    server = _Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[:2]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def dripping_proxy(upstream: tuple[str, int]) -> Reply:
    """Relay to ``upstream``, passing its bytes back one every DRIP_S (a TLS handshake too)."""

    def relay(client: socket.socket) -> None:
        with socket.create_connection(upstream, timeout=5) as server:

            def pump() -> None:
                with contextlib.suppress(OSError):
                    while data := client.recv(4096):
                        server.sendall(data)

            threading.Thread(target=pump, daemon=True).start()
            end = time.monotonic() + 10
            while time.monotonic() < end and (byte := server.recv(1)):
                client.sendall(byte)
                time.sleep(DRIP_S)

    return relay


def test_over_tls_a_chain_is_fetched_from_a_host_with_the_right_certificate(
    pki: PKI, tmp_path: Path
) -> None:
    with tls_host(tmp_path, ["s3.amazonaws.com"], ok(pki.chain())) as host_:
        fetch = HttpFetcher(deadline=2, tls=host_.trust, connect_to=host_.address)
        assert fetch(CERT_URL) == pki.chain()


def test_over_tls_a_host_with_another_name_is_refused(pki: PKI, tmp_path: Path) -> None:
    with tls_host(tmp_path, ["s3.amazonaws.com.evil.example"], ok(pki.chain())) as host_:
        reason, _ = fails(HttpFetcher(deadline=2, tls=host_.trust, connect_to=host_.address))
    assert reason == NOT_FETCHED


def test_over_tls_a_dripped_handshake_costs_the_deadline_not_more(pki: PKI, tmp_path: Path) -> None:
    """Every TLS record arrives a byte at a time: still over at the deadline."""
    with (
        tls_host(tmp_path, ["s3.amazonaws.com"], ok(pki.chain())) as host_,
        raw_host(dripping_proxy(host_.address)) as proxy,
    ):
        reason, took = fails(HttpFetcher(deadline=0.5, tls=host_.trust, connect_to=proxy))
    assert reason == TIMED_OUT
    assert 0.45 <= took < 1.0, took
