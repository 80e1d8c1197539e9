"""Alexa request verification, as Alexa requires of a skill hosted at an HTTPS endpoint.

Every request Alexa sends to a web service is signed. Before acting on one the skill must:

1. check the ``SignatureCertChainUrl`` header: ``https``, host ``s3.amazonaws.com`` (any case),
   port 443 if one is given, and a path under ``/echo.api/`` (case-sensitive) once normalised;
2. fetch the PEM certificate chain from that URL and check that it validates to a trusted root,
   that the signing certificate is valid now and that it names ``echo-api.amazon.com`` in its
   subjectAltName;
3. check the ``Signature-256`` header: a base64 RSA PKCS#1 v1.5 signature over the raw request
   body with SHA-256, made by that certificate's key;
4. check the request's ``timestamp`` is within 150 seconds of now;
5. check the request is for this skill (its application id), when one is configured.

Amazon's own ask-sdk-webservice-support (and flask-ask-sdk, which is built on it) does this, but
cannot be imported on OpenSSL 3.0.10 and newer, so it is written here directly on
``cryptography`` (``cryptography.x509.verification`` builds and checks the chain).

The fetch is the one thing an unsigned request can make the server do, so it is bounded: one
deadline for the whole exchange (connect, TLS, headers and body, not per socket read), a size
limit, no redirects, and at most a few fetches at once per process. Its outcome is cached by URL:
a chain until its first certificate expires, a failure briefly; a URL being fetched is fetched by
one request while the others wait for its result; both caches are bounded, so cycling URLs
cannot grow memory.

Nothing in this module touches the network unless the default fetch is used; tests inject
their own fetch (or ``HttpFetcher(connect_to=...)`` to a loopback server), roots and clock.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import posixpath
import re
import selectors
import socket
import ssl
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import PolicyBuilder, Store
from cryptography.x509.verification import VerificationError as ChainError

from skill.alexa.app import application_id
from skill.store.codec import Clock, utc_now

log = logging.getLogger(__name__)

CERT_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
CERT_HOST = "s3.amazonaws.com"
CERT_PATH_PREFIX = "/echo.api/"
CERT_PORT = 443
SIGNING_NAME = "echo-api.amazon.com"
"""The DNS name the signing certificate must carry in its subjectAltName."""
TIMESTAMP_TOLERANCE = timedelta(seconds=150)
FETCH_DEADLINE_S = 2.0
"""The whole certificate fetch, connect to last byte: a slow host must not eat Alexa's 8 s."""
CONNECT_TIMEOUT_S = 1.0
MAX_CHAIN_BYTES = 64 * 1024
"""A real chain is a few KiB; anything much bigger is not one."""
MAX_HEAD_BYTES = 16 * 1024
"""The status line and headers of the chain's HTTP response."""
MAX_CONCURRENT_FETCHES = 4
"""Fetches running at once per verifier; past that an unknown URL is refused, not queued."""
MAX_CACHED_CHAINS = 16
"""Alexa signs with one chain URL at a time; a few spare slots cover a rotation."""
MAX_CACHED_FAILURES = 1024
FAILURE_TTL = timedelta(seconds=15)
"""How long a failed fetch (or a chain that failed validation) is answered from memory."""
FLIGHT_WAIT_S = 5.0
"""How long a request waits for another request's fetch of the same URL (longer than a fetch)."""

Fetch = Callable[[str], bytes]


class VerificationError(Exception):
    """The request is not provably from Alexa for this skill; ``reason`` says why, briefly."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def normalise_cert_url(url: str) -> str:
    """The certificate chain URL in canonical form, or VerificationError if Alexa's rules refuse it.

    ``https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem`` is accepted (as
    ``https://s3.amazonaws.com/echo.api/echo-api-cert.pem``); a path that leaves ``/echo.api/``,
    another scheme, host or port is not. The canonical form is what gets fetched and cached.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise VerificationError("certificate URL is malformed") from error
    if parts.scheme.lower() != "https":
        raise VerificationError("certificate URL must use https")
    if (parts.hostname or "").lower() != CERT_HOST:
        raise VerificationError(f"certificate URL host must be {CERT_HOST}")
    if parts.username is not None or parts.password is not None:
        raise VerificationError("certificate URL must not carry credentials")
    if port is not None and port != CERT_PORT:
        raise VerificationError(f"certificate URL port must be {CERT_PORT}")
    # Decode first so that percent-encoded dot segments are normalised away too.
    raw_path = unquote(parts.path)
    if "\\" in raw_path or "\x00" in raw_path:
        raise VerificationError("certificate URL path is malformed")
    path = posixpath.normpath(raw_path) if raw_path else ""
    if path.startswith("//"):  # normpath keeps a leading double slash
        path = "/" + path.lstrip("/")
    if not path.startswith(CERT_PATH_PREFIX) or path == CERT_PATH_PREFIX:
        raise VerificationError(f"certificate URL path must be under {CERT_PATH_PREFIX}")
    return f"https://{CERT_HOST}{quote(path)}"


CHAIN_NOT_FETCHED = "certificate chain could not be fetched"


class _Timeout(Exception):
    """The fetch deadline passed."""


def _wait(sock: socket.socket, deadline: float, *, write: bool = False) -> None:
    """Block until ``sock`` is ready or the deadline passes (then _Timeout).

    A selector, not ``select.select``: a busy server's sockets can be numbered past 1024.
    """
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _Timeout
    with selectors.DefaultSelector() as selector:
        selector.register(sock, selectors.EVENT_WRITE if write else selectors.EVENT_READ)
        if not selector.select(remaining):
            raise _Timeout


def _io(sock: socket.socket, deadline: float, action: Callable[[], Any]) -> Any:
    """Run a non-blocking socket or TLS step, waiting (within the deadline) until it can finish."""
    while True:
        try:
            return action()
        except (ssl.SSLWantReadError, BlockingIOError):
            _wait(sock, deadline)
        except ssl.SSLWantWriteError:
            _wait(sock, deadline, write=True)


@dataclass(frozen=True)
class _Head:
    status: int
    headers: dict[str, str]
    body_start: int


def _parse_head(data: bytes, end: int) -> _Head:
    lines = data[:end].decode("latin-1").split("\r\n")
    try:
        version, code, *_ = lines[0].split(" ", 2)
        status = int(code)
    except ValueError as error:
        raise VerificationError(CHAIN_NOT_FETCHED) from error
    if not version.startswith("HTTP/1."):
        raise VerificationError(CHAIN_NOT_FETCHED)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if not sep:
            raise VerificationError(CHAIN_NOT_FETCHED)
        headers[name.strip().lower()] = value.strip()
    return _Head(status, headers, end + 4)


def _dechunk(data: bytes, limit: int) -> bytes | None:
    """A chunked body decoded, None while incomplete; VerificationError past ``limit``."""
    out = bytearray()
    at = 0
    while True:
        line_end = data.find(b"\r\n", at)
        if line_end < 0:
            return None
        try:
            size = int(data[at:line_end].split(b";", 1)[0], 16)
        except ValueError as error:
            raise VerificationError(CHAIN_NOT_FETCHED) from error
        if size == 0:
            return bytes(out)  # trailers, if any, are not needed
        if len(out) + size > limit:
            raise VerificationError("certificate chain is too large")
        start = line_end + 2
        if len(data) < start + size + 2:
            return None
        out += data[start : start + size]
        at = start + size + 2


def _body(head: _Head, data: bytes, limit: int, *, finished: bool) -> bytes | None:
    """The response body once complete (None while more is due); VerificationError if wrong."""
    raw = data[head.body_start :]
    encoding = head.headers.get("transfer-encoding", "").lower()
    if encoding:
        if encoding != "chunked":
            raise VerificationError(CHAIN_NOT_FETCHED)
        body = _dechunk(raw, limit)
    elif "content-length" in head.headers:
        try:
            length = int(head.headers["content-length"])
        except ValueError as error:
            raise VerificationError(CHAIN_NOT_FETCHED) from error
        if length > limit:
            raise VerificationError("certificate chain is too large")
        body = raw[:length] if len(raw) >= length else None
    else:
        if len(raw) > limit:
            raise VerificationError("certificate chain is too large")
        body = raw if finished else None
    if body is None and finished:
        raise VerificationError(CHAIN_NOT_FETCHED)  # the connection closed mid-body
    return body


@dataclass(frozen=True)
class HttpFetcher:
    """GET a certificate chain within one deadline for the whole exchange, never following a
    redirect, never reading more than ``max_bytes`` of body.

    A plain HTTP client bounds each socket read, so a host dripping a byte a second holds a
    request (and a worker) for as long as it likes; here every step (connect, TLS handshake,
    request, each read) waits only for what is left of one deadline. Only a ``200`` is a chain.
    Name resolution is the system resolver's; the host is always ``s3.amazonaws.com``.

    ``connect_to`` (tests only) connects to that address instead of the URL's host and port,
    keeping the URL (and its ``Host`` header) as given, like ``curl --connect-to``; ``tls`` None
    (tests only) speaks plain HTTP there.
    """

    deadline: float = FETCH_DEADLINE_S
    connect_timeout: float = CONNECT_TIMEOUT_S
    max_bytes: int = MAX_CHAIN_BYTES
    tls: ssl.SSLContext | None = field(default_factory=ssl.create_default_context)
    connect_to: tuple[str, int] | None = None

    def __call__(self, url: str) -> bytes:
        deadline = time.monotonic() + self.deadline
        parts = urlsplit(url)
        host = parts.hostname or ""
        address = self.connect_to or (host, parts.port or CERT_PORT)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request = (
            f"GET {target} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: hamstring-coach\r\n"
            "Accept: */*\r\nConnection: close\r\n\r\n"
        ).encode("ascii")
        try:
            sock = self._connect(address, deadline)
        except _Timeout as error:
            log.warning("connecting for the certificate chain %s timed out", url)
            raise VerificationError("certificate chain fetch timed out") from error
        except OSError as error:
            log.warning("connecting for the certificate chain %s failed: %s", url, error)
            raise VerificationError(CHAIN_NOT_FETCHED) from error
        try:
            return self._exchange(sock, host, request, deadline)
        except _Timeout as error:
            log.warning("fetching the certificate chain %s took over %ss", url, self.deadline)
            raise VerificationError("certificate chain fetch timed out") from error
        except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
            log.warning("fetching the certificate chain %s failed: %s", url, error)
            raise VerificationError(CHAIN_NOT_FETCHED) from error

    def _connect(self, address: tuple[str, int], deadline: float) -> socket.socket:
        """A connected socket; every address tried shares the one deadline."""
        error: OSError = OSError(f"no address for {address[0]}")
        for family, kind, proto, _, target in socket.getaddrinfo(*address, type=socket.SOCK_STREAM):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _Timeout
            sock = socket.socket(family, kind, proto)
            sock.settimeout(min(self.connect_timeout, remaining))
            try:
                sock.connect(target)
            except OSError as failed:
                sock.close()
                error = failed
                continue
            return sock
        raise error

    def _exchange(self, raw: socket.socket, host: str, request: bytes, deadline: float) -> bytes:
        raw.setblocking(False)
        with contextlib.closing(raw):
            if self.tls is None:
                return self._get(raw, request, deadline)
            tls = self.tls.wrap_socket(raw, server_hostname=host, do_handshake_on_connect=False)
            with contextlib.closing(tls):
                _io(tls, deadline, tls.do_handshake)
                return self._get(tls, request, deadline)

    def _get(self, sock: socket.socket, request: bytes, deadline: float) -> bytes:
        """Send the request and read the whole response, within the deadline."""
        sent = 0
        while sent < len(request):
            sent += _io(sock, deadline, partial(sock.send, request[sent:]))
        data = bytearray()
        head: _Head | None = None
        while True:
            chunk: bytes = _io(sock, deadline, partial(sock.recv, 16384))
            data += chunk
            if head is None:
                end = data.find(b"\r\n\r\n")
                if end < 0:
                    if len(data) > MAX_HEAD_BYTES or not chunk:
                        raise VerificationError(CHAIN_NOT_FETCHED)
                    continue
                head = _parse_head(bytes(data), end)
                if 300 <= head.status < 400:
                    raise VerificationError("certificate chain URL redirects (not followed)")
                if head.status != 200:
                    raise VerificationError(CHAIN_NOT_FETCHED)
            if len(data) > head.body_start + 2 * self.max_bytes:  # chunk framing included
                raise VerificationError("certificate chain is too large")
            body = _body(head, bytes(data), self.max_bytes, finished=not chunk)
            if body is not None:
                return body


_PEM_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


def load_pem_roots(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM bundle, skipping any single one that cannot be parsed.

    Some long-lived roots break today's rules (a non-positive serial number, say): cryptography
    warns about those now and will refuse them later; either way the rest of the bundle loads.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        try:
            return x509.load_pem_x509_certificates(data)
        except ValueError:
            pass
        roots = []
        for block in _PEM_CERT.findall(data):
            try:
                roots.append(x509.load_pem_x509_certificate(block))
            except ValueError:
                continue
        return roots


def default_roots() -> list[x509.Certificate]:
    """Trusted roots: certifi's CA bundle if installed, else the system's default CA file."""
    candidates: list[str] = []
    try:
        import certifi

        candidates.append(certifi.where())
    except ImportError:  # pragma: no cover - certifi ships with requests and botocore
        pass
    defaults = ssl.get_default_verify_paths()
    candidates += [p for p in (defaults.cafile, defaults.openssl_cafile) if p]
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            roots = load_pem_roots(path.read_bytes())
            if roots:
                return roots
    raise RuntimeError("no trusted root certificates found (install certifi)")


@dataclass(frozen=True)
class _Chain:
    leaf: x509.Certificate
    intermediates: list[x509.Certificate]
    expires: datetime
    """The earliest expiry in the validated chain: the cache entry is dropped then."""


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_timestamp(value: object) -> datetime:
    """The request timestamp: ISO 8601 as Alexa sends it ("2024-05-06T18:00:00Z")."""
    if not isinstance(value, str) or not value:
        raise VerificationError("request timestamp is missing")
    try:
        return _aware(datetime.fromisoformat(value))
    except ValueError as error:
        raise VerificationError("request timestamp is unreadable") from error


@dataclass(frozen=True)
class _Failure:
    reason: str
    until: datetime


class _Flight:
    """One fetch of one URL in progress; the requests that want it wait on ``done``."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.chain: _Chain | None = None
        self.error: VerificationError | None = None


class RequestVerifier:
    """Checks that a request body came from Alexa, recently, for this skill.

    ``fetch`` gets a certificate chain URL's bytes (default: ``HttpFetcher()``, 2 s for the
    whole fetch); ``roots`` are the trusted root certificates (default: certifi's bundle, loaded
    on first use); ``clock`` is "now" for certificate validity, the timestamp window and the
    failure cache; ``skill_id`` None skips the skill id check (the web layer warns about that).
    Safe to share between threads: the caches are guarded by one lock never held while fetching.
    """

    def __init__(
        self,
        skill_id: str | None = None,
        *,
        fetch: Fetch | None = None,
        roots: Sequence[x509.Certificate] | None = None,
        clock: Clock = utc_now,
        tolerance: timedelta = TIMESTAMP_TOLERANCE,
        max_fetches: int = MAX_CONCURRENT_FETCHES,
        max_chains: int = MAX_CACHED_CHAINS,
        max_failures: int = MAX_CACHED_FAILURES,
        failure_ttl: timedelta = FAILURE_TTL,
        flight_wait: float = FLIGHT_WAIT_S,
    ) -> None:
        self.skill_id = skill_id
        self.fetch: Fetch = fetch or HttpFetcher()
        self.clock = clock
        self.tolerance = tolerance
        self._roots: list[x509.Certificate] | None = list(roots) if roots is not None else None
        if self._roots is not None and not self._roots:
            raise ValueError("roots must not be empty")
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._fetch_slots = threading.BoundedSemaphore(max_fetches)
        self._max_chains = max_chains
        self._max_failures = max_failures
        self._failure_ttl = failure_ttl
        self._flight_wait = flight_wait
        self._cache: OrderedDict[str, _Chain] = OrderedDict()
        self._failures: OrderedDict[str, _Failure] = OrderedDict()
        self._flights: dict[str, _Flight] = {}

    # -- the whole check ---------------------------------------------------------------------

    def verify(self, body: bytes, cert_url: str | None, signature: str | None) -> dict[str, Any]:
        """The request as a dict if it passes every check; VerificationError otherwise."""
        self.check_signature(body, cert_url, signature)
        try:
            event = json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise VerificationError("request body is not JSON") from error
        if not isinstance(event, dict):
            raise VerificationError("request body is not a JSON object")
        self.check_request(event)
        return event

    def check_signature(self, body: bytes, cert_url: str | None, signature: str | None) -> None:
        if not cert_url:
            raise VerificationError(f"{CERT_URL_HEADER} header is missing")
        if not signature:
            raise VerificationError(f"{SIGNATURE_HEADER} header is missing")
        try:
            signature_bytes = base64.b64decode(signature.strip(), validate=True)
        except (binascii.Error, ValueError) as error:
            raise VerificationError("signature is not base64") from error
        leaf = self.signing_certificate(cert_url)
        key = leaf.public_key()
        if not isinstance(key, rsa.RSAPublicKey):
            raise VerificationError("signing certificate does not hold an RSA key")
        try:
            key.verify(signature_bytes, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature as error:
            raise VerificationError("signature does not match the request body") from error

    def check_request(self, event: dict[str, Any]) -> None:
        """The timestamp window and the skill id (the parts read from the body itself)."""
        request = event.get("request")
        timestamp = parse_timestamp(request.get("timestamp") if isinstance(request, dict) else None)
        if abs(_aware(self.clock()) - timestamp) > self.tolerance:
            raise VerificationError("request timestamp is outside the allowed window")
        if self.skill_id is not None and application_id(event) != self.skill_id:
            raise VerificationError("request is for another skill")

    # -- the certificate chain ---------------------------------------------------------------

    def signing_certificate(self, cert_url: str) -> x509.Certificate:
        """The leaf of the chain at ``cert_url``, validated now.

        Fetched once per URL while its chain is valid; a failure is remembered for
        ``failure_ttl``; while one request fetches a URL, others for it wait for that result.
        """
        url = normalise_cert_url(cert_url)
        now = _aware(self.clock())
        with self._lock:
            cached = self._cache.get(url)
            if cached is not None and now >= cached.expires:
                del self._cache[url]
                cached = None
            if cached is not None:
                self._cache.move_to_end(url)
                flight, leader = None, False
            else:
                failure = self._failures.get(url)
                if failure is not None and now < failure.until:
                    raise VerificationError(failure.reason)
                flight = self._flights.get(url)
                leader = flight is None
                if flight is None:
                    flight = self._flights[url] = _Flight()
        if cached is not None:
            self._validate(cached.leaf, cached.intermediates, now)
            return cached.leaf
        assert flight is not None  # set whenever nothing is cached
        if not leader:
            return self._follow(flight, now)
        return self._lead(url, flight, now)

    def _follow(self, flight: _Flight, now: datetime) -> x509.Certificate:
        """Another request is fetching this URL: use its outcome rather than fetch again."""
        if not flight.done.wait(self._flight_wait):
            raise VerificationError("certificate chain fetch timed out")
        if flight.chain is None:
            raise VerificationError(flight.error.reason if flight.error else CHAIN_NOT_FETCHED)
        self._validate(flight.chain.leaf, flight.chain.intermediates, now)
        return flight.chain.leaf

    def _lead(self, url: str, flight: _Flight, now: datetime) -> x509.Certificate:
        """Fetch ``url`` for every request waiting on it; always release them, whatever happens."""
        try:
            flight.chain = self._fetch_once(url, now)
            return flight.chain.leaf
        except VerificationError as error:
            flight.error = error
            raise
        finally:
            with self._lock:
                self._flights.pop(url, None)
            flight.done.set()

    def _fetch_once(self, url: str, now: datetime) -> _Chain:
        """Fetch and validate ``url`` in one of the few fetch slots; cache the outcome."""
        if not self._fetch_slots.acquire(blocking=False):
            # Not the URL's fault, so refused now but not remembered as its failure.
            log.warning("too many certificate fetches at once; refused %s", url)
            raise VerificationError("too many certificate fetches at once")
        try:
            chain = self._fetch_chain(url, now)
        except VerificationError as error:
            with self._lock:
                self._failures[url] = _Failure(error.reason, now + self._failure_ttl)
                self._failures.move_to_end(url)
                while len(self._failures) > self._max_failures:
                    self._failures.popitem(last=False)
            raise
        finally:
            self._fetch_slots.release()
        with self._lock:
            self._failures.pop(url, None)
            self._cache[url] = chain
            self._cache.move_to_end(url)
            while len(self._cache) > self._max_chains:
                self._cache.popitem(last=False)
        return chain

    def cached_urls(self) -> tuple[int, int]:
        """How many chains and failures are remembered (for tests and diagnostics)."""
        with self._lock:
            return len(self._cache), len(self._failures)

    def _fetch_chain(self, url: str, now: datetime) -> _Chain:
        leaf, intermediates = self._load_chain(url)
        chain = self._validate(leaf, intermediates, now)
        expires = min(_aware(cert.not_valid_after_utc) for cert in chain)
        return _Chain(leaf, intermediates, expires)

    def _load_chain(self, url: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
        try:
            data = self.fetch(url)
        except VerificationError:
            raise
        except Exception as error:
            log.warning("fetching the certificate chain %s failed: %s", url, error)
            raise VerificationError(CHAIN_NOT_FETCHED) from error
        try:
            certs = x509.load_pem_x509_certificates(data)
        except ValueError as error:
            raise VerificationError("certificate chain is not PEM") from error
        return certs[0], certs[1:]

    def _validate(
        self, leaf: x509.Certificate, intermediates: list[x509.Certificate], now: datetime
    ) -> list[x509.Certificate]:
        """Path to a trusted root, every certificate valid at ``now``, the leaf for SIGNING_NAME."""
        verifier = (
            PolicyBuilder()
            .store(self._trust_store())
            .time(now)
            .build_server_verifier(x509.DNSName(SIGNING_NAME))
        )
        try:
            chain: list[x509.Certificate] = verifier.verify(leaf, intermediates)
        except ChainError as error:
            log.warning("certificate chain rejected: %s", error)
            raise VerificationError(f"certificate chain is not valid: {_short(error)}") from error
        return chain

    def load_roots(self) -> int:
        """Load the trusted roots now (they load on first use otherwise); how many there are."""
        self._trust_store()
        return len(self._roots or ())

    def _trust_store(self) -> Store:
        with self._lock:
            if self._store is None:
                if self._roots is None:
                    self._roots = default_roots()
                self._store = Store(self._roots)
            return self._store


def _short(error: Exception) -> str:
    """cryptography's message without the certificate dump it appends."""
    text = str(error).removeprefix("validation failed: ")
    return text.split(" (encountered processing", 1)[0][:120]
