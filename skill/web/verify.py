"""Alexa request verification, as Alexa requires of a skill hosted at an HTTPS endpoint.

Every request Alexa sends to a web service is signed. Before acting on one the skill must:

1. check the ``SignatureCertChainUrl`` header: ``https``, host ``s3.amazonaws.com`` (any case),
   port 443 if one is given, and a path under ``/echo.api/`` (case-sensitive) once normalised;
2. fetch the PEM certificate chain from that URL (cached by URL until a certificate expires) and
   check that it validates to a trusted root, that the signing certificate is valid now and that
   it names ``echo-api.amazon.com`` in its subjectAltName;
3. check the ``Signature-256`` header: a base64 RSA PKCS#1 v1.5 signature over the raw request
   body with SHA-256, made by that certificate's key;
4. check the request's ``timestamp`` is within 150 seconds of now;
5. check the request is for this skill (its application id), when one is configured.

Amazon's own ask-sdk-webservice-support (and flask-ask-sdk, which is built on it) does this, but
cannot be imported on OpenSSL 3.0.10 and newer, so it is written here directly on
``cryptography`` (``cryptography.x509.verification`` builds and checks the chain).

Nothing in this module touches the network unless the default ``fetch`` is used; tests inject
their own fetch, roots and clock.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import posixpath
import re
import ssl
import threading
import urllib.error
import urllib.request
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
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
FETCH_TIMEOUT_S = 2.0
MAX_CHAIN_BYTES = 256 * 1024
"""A real chain is a few KiB; anything much bigger is not one."""

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


def urllib_fetch(url: str, timeout: float = FETCH_TIMEOUT_S) -> bytes:
    """GET ``url`` with a short timeout (a slow certificate host must not stall Alexa's 8 s)."""
    request = urllib.request.Request(url, headers={"User-Agent": "hamstring-coach"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data: bytes = response.read(MAX_CHAIN_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise VerificationError("certificate chain could not be fetched") from error
    if len(data) > MAX_CHAIN_BYTES:
        raise VerificationError("certificate chain is too large")
    return data


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


class RequestVerifier:
    """Checks that a request body came from Alexa, recently, for this skill.

    ``fetch`` gets a certificate chain URL's bytes (default: urllib, 2 s timeout); ``roots`` are
    the trusted root certificates (default: certifi's bundle, loaded on first use); ``clock``
    is "now" for certificate validity and the timestamp window; ``skill_id`` None skips the
    skill id check (the web layer warns about that). Safe to share between threads.
    """

    def __init__(
        self,
        skill_id: str | None = None,
        *,
        fetch: Fetch | None = None,
        roots: Sequence[x509.Certificate] | None = None,
        clock: Clock = utc_now,
        tolerance: timedelta = TIMESTAMP_TOLERANCE,
    ) -> None:
        self.skill_id = skill_id
        self.fetch: Fetch = fetch or urllib_fetch
        self.clock = clock
        self.tolerance = tolerance
        self._roots: list[x509.Certificate] | None = list(roots) if roots is not None else None
        if self._roots is not None and not self._roots:
            raise ValueError("roots must not be empty")
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._cache: dict[str, _Chain] = {}

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
        """The leaf of the chain at ``cert_url``, validated now; fetched once per URL and expiry."""
        url = normalise_cert_url(cert_url)
        now = _aware(self.clock())
        with self._lock:
            cached = self._cache.get(url)
            if cached is not None and now >= cached.expires:
                del self._cache[url]
                cached = None
        if cached is not None:
            self._validate(cached.leaf, cached.intermediates, now)
            return cached.leaf
        leaf, intermediates = self._load_chain(url)
        chain = self._validate(leaf, intermediates, now)
        expires = min(_aware(cert.not_valid_after_utc) for cert in chain)
        with self._lock:
            self._cache[url] = _Chain(leaf, intermediates, expires)
        return leaf

    def _load_chain(self, url: str) -> tuple[x509.Certificate, list[x509.Certificate]]:
        try:
            data = self.fetch(url)
        except VerificationError:
            raise
        except Exception as error:
            log.warning("fetching the certificate chain %s failed: %s", url, error)
            raise VerificationError("certificate chain could not be fetched") from error
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
