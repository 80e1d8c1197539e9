"""Alexa request verification (skill.web.verify) against a CA, intermediate and leaf made here.

No network: the chain is served by an injected fetch, the trusted roots are the test's own, and
the clock is fixed. Each rule Alexa sets for HTTPS endpoints has a passing and a failing case.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from cryptography import x509

from skill.local.envelope import DEFAULT_SKILL_ID, EnvelopeFactory
from skill.web.verify import (
    FAILURE_TTL,
    HttpFetcher,
    RequestVerifier,
    VerificationError,
    application_id,
    default_roots,
    normalise_cert_url,
)
from tests.alexa_signing import (
    CERT_URL,
    PKI,
    VALID_UNTIL,
    FakeFetch,
    body_of,
    ca_certificate,
    leaf_certificate,
    make_pki,
    pem,
    rsa_key,
    sign,
)
from tests.factories import T0, MutableClock

CANONICAL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"

# Why a request is refused: the exact ``VerificationError.reason`` (logged, and sent back in the
# 400 body), so each rejection test proves it failed for the reason it is about.
URL_MALFORMED = "certificate URL is malformed"
URL_SCHEME = "certificate URL must use https"
URL_HOST = "certificate URL host must be s3.amazonaws.com"
URL_CREDENTIALS = "certificate URL must not carry credentials"
URL_PORT = "certificate URL port must be 443"
URL_PATH = "certificate URL path must be under /echo.api/"
CERT_URL_MISSING = "SignatureCertChainUrl header is missing"
SIGNATURE_MISSING = "Signature-256 header is missing"
SIGNATURE_NOT_BASE64 = "signature is not base64"
SIGNATURE_MISMATCH = "signature does not match the request body"
NOT_JSON = "request body is not JSON"
NOT_AN_OBJECT = "request body is not a JSON object"
CHAIN_NOT_PEM = "certificate chain is not PEM"
CHAIN_NOT_FETCHED = "certificate chain could not be fetched"
TIMESTAMP_MISSING = "request timestamp is missing"
TIMESTAMP_UNREADABLE = "request timestamp is unreadable"
TIMESTAMP_OUTSIDE = "request timestamp is outside the allowed window"
ANOTHER_SKILL = "request is for another skill"

CHAIN_INVALID = "certificate chain is not valid: "
"""Our prefix; cryptography's path validation supplies the rest, sorted here into three kinds."""
WRONG_NAME = "subjectAltName"
OUT_OF_DATE = "not valid at validation time"
NO_PATH = "candidates exhausted"
"""cryptography's words when no chain to a trusted root can be built at all."""


def chain_rejected(reason: str, kind: str) -> None:
    """A chain rejection of one kind (and only that kind: a name check must not pass for a
    date check)."""
    assert reason.startswith(CHAIN_INVALID), reason
    detail = reason.removeprefix(CHAIN_INVALID)
    assert kind in detail, reason
    for other in {WRONG_NAME, OUT_OF_DATE} - {kind}:
        assert other not in detail, reason


@pytest.fixture
def pki() -> PKI:
    return make_pki()


@pytest.fixture
def fetch(pki: PKI) -> FakeFetch:
    return FakeFetch({CANONICAL: pki.chain()})


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock(T0)


@pytest.fixture
def verifier(pki: PKI, fetch: FakeFetch, clock: MutableClock) -> RequestVerifier:
    return RequestVerifier(DEFAULT_SKILL_ID, fetch=fetch, roots=[pki.root], clock=clock)


def launch(**changes: Any) -> dict[str, Any]:
    """A LaunchRequest sent at T0 for the default skill id."""
    event = EnvelopeFactory().launch(T0)
    event["request"].update(changes)
    return event


def rejected(verifier: RequestVerifier, body: bytes, url: str | None, sig: str | None) -> str:
    with pytest.raises(VerificationError) as caught:
        verifier.verify(body, url, sig)
    return caught.value.reason


# -- the certificate URL -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
        "HTTPS://s3.amazonaws.com/echo.api/./echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/echo.api/echo-api-cert.pem",
    ],
)
def test_certificate_urls_alexa_accepts(url: str) -> None:
    assert normalise_cert_url(url) == CANONICAL


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        # the path is case-sensitive
        ("https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem", URL_PATH),
        ("http://s3.amazonaws.com/echo.api/echo-api-cert.pem", URL_SCHEME),
        ("https://notamazon.com/echo.api/echo-api-cert.pem", URL_HOST),
        ("https://s3.amazonaws.com/invalid.path/echo-api-cert.pem", URL_PATH),
        ("https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem", URL_PORT),
        # climbs out, plainly and percent-encoded
        ("https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert.pem", URL_PATH),
        ("https://s3.amazonaws.com/echo.api/%2e%2e/other/echo-api-cert.pem", URL_PATH),
        ("https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem", URL_HOST),
        ("https://evil.example@s3.amazonaws.com/echo.api/echo-api-cert.pem", URL_CREDENTIALS),
        ("https://s3.amazonaws.com:notaport/echo.api/echo-api-cert.pem", URL_MALFORMED),
        ("https://s3.amazonaws.com/echo.api/", URL_PATH),
        ("https://s3.amazonaws.com/echo.api", URL_PATH),
        ("https://s3.amazonaws.com", URL_PATH),
        ("ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem", URL_SCHEME),
        ("", URL_SCHEME),
    ],
)
def test_certificate_urls_alexa_refuses(url: str, reason: str) -> None:
    with pytest.raises(VerificationError) as caught:
        normalise_cert_url(url)
    assert caught.value.reason == reason
    assert str(caught.value) == reason


def test_a_refused_url_is_never_fetched(verifier: RequestVerifier, fetch: FakeFetch) -> None:
    body = body_of(launch())
    url = "https://notamazon.com/echo.api/echo-api-cert.pem"
    fetch.chains[url] = fetch.chains[CANONICAL]
    assert rejected(verifier, body, url, sign(body)) == URL_HOST
    assert fetch.calls == []


def test_the_normalised_url_is_what_gets_fetched(
    verifier: RequestVerifier, fetch: FakeFetch
) -> None:
    body = body_of(launch())
    verifier.verify(
        body, "https://S3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert.pem", sign(body)
    )
    assert fetch.calls == [CANONICAL]


# -- the signature -------------------------------------------------------------------------------


def test_a_valid_signature_passes_and_the_request_comes_back_parsed(
    verifier: RequestVerifier,
) -> None:
    event = launch()
    body = body_of(event)
    assert verifier.verify(body, CERT_URL, sign(body)) == event


def test_a_tampered_body_is_rejected(verifier: RequestVerifier) -> None:
    body = body_of(launch())
    signature = sign(body)
    tampered = body.replace(b"LaunchRequest", b"LaunchRequesT")
    assert rejected(verifier, tampered, CERT_URL, signature) == SIGNATURE_MISMATCH


def test_a_signature_by_another_key_is_rejected(verifier: RequestVerifier) -> None:
    body = body_of(launch())
    assert rejected(verifier, body, CERT_URL, sign(body, rsa_key("stranger"))) == SIGNATURE_MISMATCH


@pytest.mark.parametrize(
    ("url", "signature", "reason"),
    [
        (None, "c2ln", CERT_URL_MISSING),
        ("", "c2ln", CERT_URL_MISSING),
        (CERT_URL, None, SIGNATURE_MISSING),
        (CERT_URL, "", SIGNATURE_MISSING),
        (CERT_URL, "not base64!", SIGNATURE_NOT_BASE64),
    ],
)
def test_missing_or_unreadable_headers_are_rejected(
    verifier: RequestVerifier, url: str | None, signature: str | None, reason: str
) -> None:
    assert rejected(verifier, body_of(launch()), url, signature) == reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b"not json", NOT_JSON), (b"\xff\xfe", NOT_JSON), (b"[1, 2]", NOT_AN_OBJECT)],
)
def test_a_signed_body_that_is_not_a_json_object_is_rejected(
    verifier: RequestVerifier, body: bytes, reason: str
) -> None:
    assert rejected(verifier, body, CERT_URL, sign(body)) == reason


# -- the certificate chain -----------------------------------------------------------------------


def serve_leaf(fetch: FakeFetch, pki: PKI, leaf: x509.Certificate) -> None:
    fetch.chains[CANONICAL] = pki.chain(leaf)


def test_a_certificate_for_another_host_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI
) -> None:
    serve_leaf(fetch, pki, pki.new_leaf(dns_names=["echo-api.amazon.com.evil.example"]))
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body)), WRONG_NAME)


def test_the_name_must_be_in_the_san_not_just_the_common_name(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI
) -> None:
    serve_leaf(fetch, pki, pki.new_leaf(dns_names=["other.amazon.com"]))
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body)), WRONG_NAME)


def test_an_expired_certificate_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI
) -> None:
    serve_leaf(
        fetch,
        pki,
        pki.new_leaf(not_before=T0 - timedelta(days=90), not_after=T0 - timedelta(seconds=1)),
    )
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body)), OUT_OF_DATE)


def test_a_certificate_not_yet_valid_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI
) -> None:
    serve_leaf(fetch, pki, pki.new_leaf(not_before=T0 + timedelta(hours=1)))
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body)), OUT_OF_DATE)


def test_a_chain_to_an_untrusted_root_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch
) -> None:
    impostor_root = rsa_key("impostor root")
    impostor_ca = ca_certificate(
        "Test Alexa Intermediate", rsa_key("impostor ca"), ("Impostor", impostor_root)
    )
    leaf_key = rsa_key("impostor leaf")
    leaf = leaf_certificate(leaf_key, ("Test Alexa Intermediate", rsa_key("impostor ca")))
    fetch.chains[CANONICAL] = pem(leaf, impostor_ca)
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body, leaf_key)), NO_PATH)


def test_a_self_signed_leaf_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI
) -> None:
    fetch.chains[CANONICAL] = pem(
        leaf_certificate(pki.leaf_key, ("echo-api.amazon.com", pki.leaf_key))
    )
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body)), NO_PATH)


def test_a_chain_missing_its_intermediate_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI
) -> None:
    fetch.chains[CANONICAL] = pem(pki.leaf)
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body)), NO_PATH)


def test_an_expired_intermediate_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI
) -> None:
    stale = ca_certificate(
        pki.intermediate_name,
        rsa_key("intermediate"),
        ("Test Alexa Root", rsa_key("root")),
        not_before=T0 - timedelta(days=400),
        not_after=T0 - timedelta(days=1),
    )
    fetch.chains[CANONICAL] = pem(pki.leaf, stale)
    body = body_of(launch())
    chain_rejected(rejected(verifier, body, CERT_URL, sign(body)), OUT_OF_DATE)


@pytest.mark.parametrize("served", [b"", b"garbage", b"-----BEGIN CERTIFICATE-----\nAAAA\n"])
def test_a_chain_that_is_not_pem_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch, served: bytes
) -> None:
    fetch.chains[CANONICAL] = served
    body = body_of(launch())
    assert rejected(verifier, body, CERT_URL, sign(body)) == CHAIN_NOT_PEM


def test_a_chain_that_cannot_be_fetched_is_rejected(
    verifier: RequestVerifier, fetch: FakeFetch
) -> None:
    fetch.chains.clear()
    body = body_of(launch())
    assert rejected(verifier, body, CERT_URL, sign(body)) == CHAIN_NOT_FETCHED


# -- the cache -----------------------------------------------------------------------------------


def test_the_chain_is_fetched_once_per_url_while_it_is_valid(
    verifier: RequestVerifier, fetch: FakeFetch, clock: MutableClock
) -> None:
    for days in range(3):
        clock.now = T0 + timedelta(days=days)
        body = body_of(EnvelopeFactory().launch(clock.now))
        verifier.verify(body, CERT_URL, sign(body))
    body = body_of(EnvelopeFactory().launch(clock.now))
    verifier.verify(body, "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem", sign(body))
    assert fetch.calls == [CANONICAL]


def test_a_cached_chain_is_dropped_when_it_expires_and_fetched_again(
    verifier: RequestVerifier, fetch: FakeFetch, clock: MutableClock, pki: PKI
) -> None:
    body = body_of(launch())
    verifier.verify(body, CERT_URL, sign(body))
    assert len(fetch.calls) == 1

    # The cached leaf expires; the URL now serves a renewed one, which is fetched and used.
    clock.now = VALID_UNTIL + timedelta(minutes=1)
    renewed = pki.new_leaf(
        not_before=VALID_UNTIL - timedelta(days=1), not_after=VALID_UNTIL + timedelta(days=90)
    )
    serve_leaf(fetch, pki, renewed)
    later = body_of(EnvelopeFactory().launch(clock.now))
    verifier.verify(later, CERT_URL, sign(later))
    assert len(fetch.calls) == 2


def test_an_expired_cached_chain_is_not_used(
    verifier: RequestVerifier, fetch: FakeFetch, clock: MutableClock
) -> None:
    body = body_of(launch())
    verifier.verify(body, CERT_URL, sign(body))
    clock.now = VALID_UNTIL + timedelta(minutes=1)
    later = body_of(EnvelopeFactory().launch(clock.now))
    chain_rejected(rejected(verifier, later, CERT_URL, sign(later)), OUT_OF_DATE)
    assert len(fetch.calls) == 2


def test_a_rejected_chain_is_remembered_briefly_then_fetched_again(
    verifier: RequestVerifier, fetch: FakeFetch, pki: PKI, clock: MutableClock
) -> None:
    good = fetch.chains[CANONICAL]
    serve_leaf(fetch, pki, pki.new_leaf(dns_names=["other.example"]))
    body = body_of(launch())
    first = rejected(verifier, body, CERT_URL, sign(body))
    chain_rejected(first, WRONG_NAME)
    fetch.chains[CANONICAL] = good
    # Within the failure TTL the same answer comes from memory: no second fetch.
    clock.now = T0 + FAILURE_TTL - timedelta(seconds=1)
    assert rejected(verifier, body, CERT_URL, sign(body)) == first
    assert len(fetch.calls) == 1
    clock.now = T0 + FAILURE_TTL
    verifier.verify(body, CERT_URL, sign(body))
    assert len(fetch.calls) == 2


def test_a_failed_fetch_is_remembered_briefly(
    verifier: RequestVerifier, fetch: FakeFetch, clock: MutableClock
) -> None:
    """A URL that 404s is not fetched again on every request (an attacker's favourite)."""
    missing = "https://s3.amazonaws.com/echo.api/missing.pem"
    body = body_of(launch())
    for _ in range(5):
        assert rejected(verifier, body, missing, sign(body)) == CHAIN_NOT_FETCHED
    assert fetch.calls == [missing]
    clock.now = T0 + FAILURE_TTL
    assert rejected(verifier, body, missing, sign(body)) == CHAIN_NOT_FETCHED
    assert fetch.calls == [missing, missing]


def test_cycling_urls_cannot_grow_the_caches(pki: PKI, clock: MutableClock) -> None:
    fetch = FakeFetch({CANONICAL: pki.chain()})
    for n in range(40):
        fetch.chains[f"https://s3.amazonaws.com/echo.api/good-{n}.pem"] = pki.chain()
    verifier = RequestVerifier(
        DEFAULT_SKILL_ID,
        fetch=fetch,
        roots=[pki.root],
        clock=clock,
        max_chains=4,
        max_failures=8,
    )
    body = body_of(launch())
    for n in range(40):
        verifier.verify(body, f"https://s3.amazonaws.com/echo.api/good-{n}.pem", sign(body))
        rejected(verifier, body, f"https://s3.amazonaws.com/echo.api/bad-{n}.pem", sign(body))
    assert verifier.cached_urls() == (4, 8)
    # The most recently used chain is still cached: no fetch for it.
    calls = len(fetch.calls)
    verifier.verify(body, "https://s3.amazonaws.com/echo.api/good-39.pem", sign(body))
    assert len(fetch.calls) == calls


class GatedFetch:
    """A fetch that blocks until released, counting calls: to hold a fetch in flight."""

    def __init__(self, chain: bytes | None) -> None:
        self.chain = chain
        self.gate = threading.Event()
        self.started = threading.Event()
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def __call__(self, url: str) -> bytes:
        with self._lock:
            self.calls.append(url)
        self.started.set()
        assert self.gate.wait(10), "the test never released the fetch"
        if self.chain is None:
            raise OSError("404")
        return self.chain


@pytest.mark.parametrize("serves", [True, False])
def test_one_fetch_per_url_at_a_time(pki: PKI, clock: MutableClock, serves: bool) -> None:
    """Eight requests for one unfetched URL make one fetch, and all get its outcome."""
    fetch = GatedFetch(pki.chain() if serves else None)
    verifier = RequestVerifier(DEFAULT_SKILL_ID, fetch=fetch, roots=[pki.root], clock=clock)
    body = body_of(launch())

    def attempt(_: int) -> str:
        try:
            verifier.verify(body, CERT_URL, sign(body))
        except VerificationError as error:
            return error.reason
        return "ok"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = [pool.submit(attempt, n) for n in range(8)]
        assert fetch.started.wait(5)
        time.sleep(0.2)  # let the other seven arrive and wait on the one fetch
        fetch.gate.set()
        results = [o.result(timeout=10) for o in outcomes]
    assert fetch.calls == [CANONICAL]
    assert results == ["ok" if serves else CHAIN_NOT_FETCHED] * 8


def test_fetches_at_once_are_capped_and_a_refusal_is_not_remembered(
    pki: PKI, clock: MutableClock
) -> None:
    slow = GatedFetch(pki.chain())
    other = "https://s3.amazonaws.com/echo.api/other.pem"

    def fetch(url: str) -> bytes:
        return slow(url) if url == CERT_URL else pki.chain()

    verifier = RequestVerifier(
        DEFAULT_SKILL_ID, fetch=fetch, roots=[pki.root], clock=clock, max_fetches=1
    )
    body = body_of(launch())
    holder = threading.Thread(target=verifier.verify, args=(body, CERT_URL, sign(body)))
    holder.start()
    try:
        assert slow.started.wait(5)
        started = time.monotonic()
        assert rejected(verifier, body, other, sign(body)) == "too many certificate fetches at once"
        assert time.monotonic() - started < 1, "a refused fetch must not wait for a slot"
    finally:
        slow.gate.set()
        holder.join(10)
    verifier.verify(body, other, sign(body))  # the slot is free, and nothing was remembered


def test_concurrent_requests_share_the_verifier(verifier: RequestVerifier) -> None:
    bodies = [body_of(launch()) for _ in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda b: verifier.verify(b, CERT_URL, sign(b)), bodies))
    assert [r["request"]["type"] for r in results] == ["LaunchRequest"] * 16


# -- the timestamp and the skill id ----------------------------------------------------------


@pytest.mark.parametrize("offset", [-150, -149, 0, 60, 150])
def test_a_timestamp_within_150_seconds_passes(
    verifier: RequestVerifier, clock: MutableClock, offset: int
) -> None:
    clock.now = T0 + timedelta(seconds=-offset)  # the request was sent at T0
    body = body_of(launch())
    verifier.verify(body, CERT_URL, sign(body))


@pytest.mark.parametrize("offset", [151, 600, -151, -3600])
def test_an_old_or_future_timestamp_is_rejected(
    verifier: RequestVerifier, clock: MutableClock, offset: int
) -> None:
    clock.now = T0 + timedelta(seconds=offset)
    body = body_of(launch())
    assert rejected(verifier, body, CERT_URL, sign(body)) == TIMESTAMP_OUTSIDE


@pytest.mark.parametrize(
    ("timestamp", "reason"),
    [
        (None, TIMESTAMP_MISSING),
        ("", TIMESTAMP_MISSING),
        (1714e9, TIMESTAMP_MISSING),  # a number is not Alexa's ISO 8601 string
        ("yesterday", TIMESTAMP_UNREADABLE),
        ("2024-13-45T25:00:00Z", TIMESTAMP_UNREADABLE),
    ],
)
def test_a_missing_or_unreadable_timestamp_is_rejected(
    verifier: RequestVerifier, timestamp: object, reason: str
) -> None:
    body = body_of(launch(timestamp=timestamp))
    assert rejected(verifier, body, CERT_URL, sign(body)) == reason


def test_a_timestamp_with_an_offset_or_fraction_is_read(verifier: RequestVerifier) -> None:
    for stamp in ("2024-05-06T20:00:30+02:00", "2024-05-06T18:00:00.123Z"):
        body = body_of(launch(timestamp=stamp))
        verifier.verify(body, CERT_URL, sign(body))


def test_a_request_for_another_skill_is_rejected(verifier: RequestVerifier) -> None:
    event = EnvelopeFactory(skill_id="amzn1.ask.skill.someone-else").launch(T0)
    body = body_of(event)
    assert rejected(verifier, body, CERT_URL, sign(body)) == ANOTHER_SKILL


def test_the_skill_id_is_read_from_the_session_when_context_has_none(
    verifier: RequestVerifier,
) -> None:
    event = launch()
    del event["context"]
    assert application_id(event) == DEFAULT_SKILL_ID
    body = body_of(event)
    verifier.verify(body, CERT_URL, sign(body))
    del event["session"]
    body = body_of(event)
    assert rejected(verifier, body, CERT_URL, sign(body)) == ANOTHER_SKILL


def test_the_context_skill_id_wins_over_the_session(verifier: RequestVerifier) -> None:
    event = launch()
    event["session"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    assert application_id(event) == DEFAULT_SKILL_ID
    event["context"]["System"]["application"]["applicationId"] = "amzn1.ask.skill.someone-else"
    body = body_of(event)
    assert rejected(verifier, body, CERT_URL, sign(body)) == ANOTHER_SKILL


def test_without_a_configured_skill_id_any_skill_passes(
    pki: PKI, fetch: FakeFetch, clock: MutableClock
) -> None:
    verifier = RequestVerifier(None, fetch=fetch, roots=[pki.root], clock=clock)
    body = body_of(EnvelopeFactory(skill_id="amzn1.ask.skill.someone-else").launch(T0))
    verifier.verify(body, CERT_URL, sign(body))


# -- defaults ------------------------------------------------------------------------------------


def test_the_default_roots_are_a_real_ca_bundle() -> None:
    roots = default_roots()
    assert len(roots) > 50
    assert any("Amazon Root CA 1" in r.subject.rfc4514_string() for r in roots)


def test_the_default_fetch_gives_up_quickly_on_a_silent_host() -> None:
    """A host that accepts the connection and never answers costs the deadline, not Alexa's 8 s.

    (Dripping and redirecting hosts: tests/functional/test_verify_fetch.py.)"""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        fetcher = HttpFetcher(deadline=0.3, tls=None, connect_to=("127.0.0.1", port))
        started = time.monotonic()
        with pytest.raises(VerificationError) as caught:
            fetcher(CANONICAL)
        assert caught.value.reason == "certificate chain fetch timed out"
        assert time.monotonic() - started < 1


def test_the_default_fetch_speaks_tls_and_no_redirect_is_possible() -> None:
    """Production fetches verify TLS (the default context) and only the URL rules choose hosts."""
    fetcher = HttpFetcher()
    assert fetcher.tls is not None and fetcher.tls.verify_mode is ssl.CERT_REQUIRED
    assert fetcher.tls.check_hostname and fetcher.connect_to is None
    assert isinstance(RequestVerifier(None).fetch, HttpFetcher)


def test_a_fetch_that_raises_anything_is_a_verification_error(
    pki: PKI, clock: MutableClock
) -> None:
    def broken(url: str) -> bytes:
        raise RuntimeError("boom")

    verifier = RequestVerifier(DEFAULT_SKILL_ID, fetch=broken, roots=[pki.root], clock=clock)
    body = body_of(launch())
    assert rejected(verifier, body, CERT_URL, sign(body)) == CHAIN_NOT_FETCHED


def test_empty_roots_are_refused() -> None:
    with pytest.raises(ValueError, match="roots must not be empty"):
        RequestVerifier(None, roots=[])


def test_threading_lock_is_not_held_while_fetching(pki: PKI, clock: MutableClock) -> None:
    """A slow fetch for one URL does not block requests whose chain is already cached."""
    gate = threading.Event()
    slow_url = "https://s3.amazonaws.com/echo.api/slow.pem"

    def fetch(url: str) -> bytes:
        if url == slow_url:
            gate.wait(5)
        return pki.chain()

    verifier = RequestVerifier(DEFAULT_SKILL_ID, fetch=fetch, roots=[pki.root], clock=clock)
    body = body_of(launch())
    verifier.verify(body, CERT_URL, sign(body))
    slow = threading.Thread(target=verifier.verify, args=(body, slow_url, sign(body)))
    slow.start()
    try:
        started = time.monotonic()
        verifier.verify(body, CERT_URL, sign(body))
        assert time.monotonic() - started < 2
    finally:
        gate.set()
        slow.join(5)


def test_a_naive_clock_is_taken_as_utc(pki: PKI, fetch: FakeFetch) -> None:
    naive = RequestVerifier(
        DEFAULT_SKILL_ID, fetch=fetch, roots=[pki.root], clock=lambda: T0.replace(tzinfo=None)
    )
    body = body_of(launch())
    naive.verify(body, CERT_URL, sign(body))
