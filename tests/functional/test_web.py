"""The Flask endpoint (skill.web.app.create_app) over Flask's test client.

Signed requests play Alexa's part with a CA, intermediate and leaf made in the test (no network);
the skill behind the endpoint is the real one over a SQLite file, so "nothing processed, nothing
stored" is checked in the store itself: each rejected request is also sent correctly signed
afterwards, and that one does store, so the rejection is what kept the store empty.
"""

from __future__ import annotations

import copy
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from skill.alexa.app import build_handler
from skill.local.envelope import DEFAULT_SKILL_ID, EnvelopeFactory
from skill.store.sqlite import SQLiteStore
from skill.web.app import MAX_BODY_BYTES, NO_SKILL_ID_WARNING, NO_VERIFY_WARNING, create_app
from skill.web.verify import CERT_URL_HEADER, FAILURE_TTL, SIGNATURE_HEADER, RequestVerifier
from tests.alexa_signing import (
    PKI,
    FakeFetch,
    body_of,
    make_pki,
    rsa_key,
    sign,
    signed_headers,
)
from tests.factories import T0, MutableClock, check_response, intent_match, plain_text

CANONICAL = "https://s3.amazonaws.com/echo.api/echo-api-cert.pem"
TRAINEE = "amzn1.ask.account.WEB-TRAINEE"


def silent(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """A stand-in skill for tests about configuration, not conversation."""
    return {"version": "1.0", "response": {}}


@dataclass
class Rig:
    """The app under test plus everything around it the tests look at."""

    client: FlaskClient
    store: SQLiteStore
    fetch: FakeFetch
    clock: MutableClock
    handled: list[dict[str, Any]]
    warnings: io.StringIO
    factory: EnvelopeFactory = field(default_factory=lambda: EnvelopeFactory(user_id=TRAINEE))

    def post(
        self,
        event: dict[str, Any] | None = None,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> TestResponse:
        """POST / with ``body`` (default: ``event`` as JSON), signed unless ``headers`` given."""
        data = body if body is not None else body_of(event or {})
        return self.client.post(
            "/", data=data, headers=headers if headers is not None else signed_headers(data)
        )

    def say(self, intent: str, /, **slots: str | None) -> dict[str, Any]:
        """A correctly signed intent in the current session; the checked response."""
        event = self.factory.intent(intent_match(intent, **slots), now=self.clock())
        response = self.post(event)
        assert response.status_code == 200, response.get_data(as_text=True)
        payload: dict[str, Any] = response.get_json()
        check_response(payload)
        self.factory.remember(payload)
        return payload

    def stored_nothing(self, user_id: str = TRAINEE) -> bool:
        data = self.store.load_user(user_id)
        return data.profile is None and data.active is None and not data.recent_sessions


@pytest.fixture
def pki() -> PKI:
    return make_pki()


@pytest.fixture
def rig(tmp_path: Path, pki: PKI) -> Iterator[Rig]:
    clock = MutableClock(T0)
    fetch = FakeFetch({CANONICAL: pki.chain()})
    handled: list[dict[str, Any]] = []
    with SQLiteStore(tmp_path / "coach.sqlite3") as store:
        skill = build_handler(store, clock)

        def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
            handled.append(copy.deepcopy(event))
            return skill(event, context)

        verifier = RequestVerifier(DEFAULT_SKILL_ID, fetch=fetch, roots=[pki.root], clock=clock)
        warnings = io.StringIO()
        app = create_app(
            {"SKILL_ID": DEFAULT_SKILL_ID},
            handler=handler,
            verifier=verifier,
            clock=clock,
            warnings=warnings,
        )
        yield Rig(app.test_client(), store, fetch, clock, handled, warnings)


def equipment_event(**factory: Any) -> dict[str, Any]:
    """A first-time user telling the skill their equipment: accepted, it stores a profile."""
    alexa = EnvelopeFactory(user_id=TRAINEE, **factory)
    return alexa.intent(intent_match("SetEquipmentIntent", equipmentOne="bodyweight"), now=T0)


def assert_rejected(response: TestResponse, rig: Rig, reason: str = "") -> None:
    assert response.status_code == 400, response.get_data(as_text=True)
    payload = response.get_json()
    assert payload["error"] == "request verification failed"
    assert reason in payload["reason"]
    assert "Traceback" not in response.get_data(as_text=True)
    assert rig.handled == [], "a rejected request reached the skill"
    assert rig.stored_nothing(), "a rejected request changed the store"


def assert_control_stores(rig: Rig, event: dict[str, Any]) -> None:
    """The same request, correctly signed, is processed and stores the profile."""
    response = rig.post(event)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert len(rig.handled) == 1
    profile = rig.store.load_user(TRAINEE).profile
    assert profile is not None and [e.value for e in profile.equipment] == ["bodyweight"]


# -- a valid signed conversation -----------------------------------------------------------------


def test_signed_requests_play_the_start_of_hamstring_day(rig: Rig) -> None:
    launch = rig.post(rig.factory.launch(rig.clock()))
    assert launch.status_code == 200
    assert launch.mimetype == "application/json"
    payload = launch.get_json()
    check_response(payload)
    assert "Welcome" in plain_text(payload["response"]["outputSpeech"]["ssml"])
    rig.factory.remember(payload)

    rig.clock.advance(seconds=20)
    rig.say("SetEquipmentIntent", equipmentOne="bodyweight")
    rig.clock.advance(seconds=20)
    answer = rig.say("SetLevelIntent", level="new")
    assert "Say ready" in plain_text(answer["response"]["outputSpeech"]["ssml"])

    stored = rig.store.load_user(TRAINEE)
    assert stored.profile is not None and stored.profile.complete
    assert stored.active is not None, "the started workout is saved"
    assert [e["request"]["type"] for e in rig.handled] == [
        "LaunchRequest",
        "IntentRequest",
        "IntentRequest",
    ]
    assert rig.fetch.calls == [CANONICAL], "the chain is fetched once and cached"


# -- every way verification fails: 400, nothing processed, nothing stored -------------------------


def test_a_tampered_body_is_rejected(rig: Rig) -> None:
    event = equipment_event()
    body = body_of(event)
    headers = signed_headers(body)
    tampered = body.replace(b"bodyweight", b"barbell")
    assert_rejected(rig.post(body=tampered, headers=headers), rig, "signature")
    assert_control_stores(rig, event)


def test_a_signature_by_another_key_is_rejected(rig: Rig) -> None:
    event = equipment_event()
    body = body_of(event)
    headers = {**signed_headers(body), SIGNATURE_HEADER: sign(body, rsa_key("stranger"))}
    assert_rejected(rig.post(body=body, headers=headers), rig, "signature")
    assert_control_stores(rig, event)


def test_a_certificate_for_another_host_is_rejected(rig: Rig, pki: PKI) -> None:
    event = equipment_event()
    rig.fetch.chains[CANONICAL] = pki.chain(pki.new_leaf(dns_names=["not-echo-api.amazon.com"]))
    assert_rejected(rig.post(event), rig, "certificate")
    rig.fetch.chains[CANONICAL] = pki.chain()
    rig.clock.now = T0 + FAILURE_TTL  # a rejected chain is remembered that long
    assert_control_stores(rig, event)


def test_an_expired_certificate_is_rejected(rig: Rig, pki: PKI) -> None:
    event = equipment_event()
    expired = pki.new_leaf(not_before=T0 - timedelta(days=100), not_after=T0 - timedelta(days=1))
    rig.fetch.chains[CANONICAL] = pki.chain(expired)
    assert_rejected(rig.post(event), rig, "not valid")
    rig.fetch.chains[CANONICAL] = pki.chain()
    rig.clock.now = T0 + FAILURE_TTL  # a rejected chain is remembered that long
    assert_control_stores(rig, event)


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
    ],
)
def test_each_bad_certificate_url_is_rejected(rig: Rig, url: str, pki: PKI) -> None:
    event = equipment_event()
    body = body_of(event)
    rig.fetch.chains[url] = pki.chain()  # even if something answered there
    assert_rejected(rig.post(body=body, headers=signed_headers(body, url)), rig, "certificate URL")
    assert rig.fetch.calls == []
    assert_control_stores(rig, event)


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_each_equivalent_certificate_url_is_accepted(rig: Rig, url: str) -> None:
    body = body_of(equipment_event())
    response = rig.post(body=body, headers=signed_headers(body, url))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert rig.fetch.calls == [CANONICAL]


def test_an_old_timestamp_is_rejected(rig: Rig) -> None:
    event = equipment_event()
    rig.clock.advance(seconds=151)  # a replay two and a half minutes later
    assert_rejected(rig.post(event), rig, "timestamp")
    rig.clock.advance(seconds=-151)
    assert_control_stores(rig, event)


def test_a_wrong_skill_id_is_rejected(rig: Rig) -> None:
    other = equipment_event(skill_id="amzn1.ask.skill.11111111-2222-3333-4444-555555555555")
    assert_rejected(rig.post(other), rig, "skill")
    assert_control_stores(rig, equipment_event())


@pytest.mark.parametrize("missing", [CERT_URL_HEADER, SIGNATURE_HEADER])
def test_a_missing_header_is_rejected(rig: Rig, missing: str) -> None:
    event = equipment_event()
    body = body_of(event)
    headers = signed_headers(body)
    del headers[missing]
    assert_rejected(rig.post(body=body, headers=headers), rig, missing)
    assert_control_stores(rig, event)


def test_an_unsigned_request_is_rejected(rig: Rig) -> None:
    response = rig.client.post("/", json=equipment_event())
    assert_rejected(response, rig)


def test_rejections_are_logged_with_their_reason(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="skill.web.app"):
        rig.post(body=b"{}", headers=signed_headers(b"{}", "http://example.com/echo.api/x.pem"))
    assert any("must use https" in r.getMessage() for r in caplog.records)


def test_a_signed_body_that_is_not_json_is_400(rig: Rig) -> None:
    response = rig.post(body=b"{not json")
    assert response.status_code == 400
    assert "JSON" in response.get_json()["reason"]
    assert rig.handled == []


# -- limits and errors: JSON bodies, no stack traces ---------------------------------------------


def test_a_body_over_the_cap_is_413_and_never_reaches_the_skill(rig: Rig) -> None:
    event = equipment_event()
    event["padding"] = "x" * MAX_BODY_BYTES
    response = rig.post(event)
    assert response.status_code == 413
    assert response.get_json() == {"error": "request entity too large"}
    assert rig.handled == [] and rig.stored_nothing()


def test_a_body_just_under_the_cap_is_fine(rig: Rig) -> None:
    event = equipment_event()
    size = len(body_of(event))
    event["padding"] = "x" * (MAX_BODY_BYTES - size - 100)
    assert rig.post(event).status_code == 200


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", None]
)
def test_a_wrong_content_type_is_400(rig: Rig, content_type: str | None) -> None:
    body = body_of(equipment_event())
    headers = signed_headers(body)
    del headers["Content-Type"]
    if content_type:
        headers["Content-Type"] = content_type
    response = rig.post(body=body, headers=headers)
    assert response.status_code == 400
    assert "content type" in response.get_json()["reason"]
    assert rig.handled == [] and rig.stored_nothing()


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/", 405), ("put", "/", 405), ("delete", "/", 405), ("post", "/health", 405)],
)
def test_a_wrong_method_is_405_as_json(rig: Rig, method: str, path: str, status: int) -> None:
    response = getattr(rig.client, method)(path)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    assert response.get_json() == {"error": "method not allowed"}
    assert "POST" in response.headers["Allow"] or "GET" in response.headers["Allow"]


def test_an_unknown_path_is_404_as_json(rig: Rig) -> None:
    response = rig.client.post("/alexa", json={})
    assert response.status_code == 404
    assert response.get_json() == {"error": "not found"}


def test_health_answers(rig: Rig) -> None:
    response = rig.client.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert rig.client.head("/health").status_code == 200


def test_a_crash_inside_is_a_json_500_without_a_stack_trace(tmp_path: Path) -> None:
    def exploding(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
        raise RuntimeError("secret internals /etc/passwd")

    app = create_app({"VERIFY": False}, handler=exploding, warnings=io.StringIO())
    response = app.test_client().post("/", json={"request": {}})
    assert response.status_code == 500
    assert response.get_json() == {"error": "internal error"}
    text = response.get_data(as_text=True)
    assert "Traceback" not in text and "secret" not in text
    assert app.debug is False


# -- turning verification off, and configuration from the environment -----------------------------


def no_verify_app(tmp_path: Path, **config: object) -> tuple[FlaskClient, SQLiteStore, str]:
    warnings = io.StringIO()
    store = SQLiteStore(tmp_path / "local.sqlite3")
    app = create_app({"VERIFY": False, **config}, store=store, warnings=warnings)
    return app.test_client(), store, warnings.getvalue()


def test_with_verification_off_unsigned_requests_are_served_and_it_says_so(
    tmp_path: Path,
) -> None:
    client, store, warned = no_verify_app(tmp_path)
    assert warned == NO_VERIFY_WARNING
    event = EnvelopeFactory(user_id=TRAINEE).intent(
        intent_match("SetEquipmentIntent", equipmentOne="bodyweight"), now=T0
    )
    response = client.post("/", json=event)  # unsigned, and a timestamp long gone
    assert response.status_code == 200
    assert store.load_user(TRAINEE).profile is not None
    store.close()


@pytest.mark.parametrize(
    ("body", "reason"), [(b"{oops", "not valid JSON"), (b"[]", "JSON object"), (b"\xff", "JSON")]
)
def test_with_verification_off_bad_json_is_still_400(
    tmp_path: Path, body: bytes, reason: str
) -> None:
    client, store, _ = no_verify_app(tmp_path)
    response = client.post("/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert reason in response.get_json()["reason"]
    store.close()


def test_verification_is_on_by_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HAMSTRING_VERIFY", raising=False)
    monkeypatch.setenv("HAMSTRING_DB", str(tmp_path / "env.sqlite3"))
    monkeypatch.setenv("SKILL_ID", DEFAULT_SKILL_ID)
    warnings = io.StringIO()
    client = create_app(warnings=warnings).test_client()
    assert warnings.getvalue() == ""
    response = client.post("/", json=EnvelopeFactory().launch(T0))
    assert response.status_code == 400
    assert "SignatureCertChainUrl" in response.get_json()["reason"]


def test_verifying_without_a_skill_id_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    monkeypatch.delenv("HAMSTRING_VERIFY", raising=False)
    warnings = io.StringIO()
    create_app(handler=silent, warnings=warnings)
    assert warnings.getvalue() == NO_SKILL_ID_WARNING


def test_the_factory_reads_everything_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What ``gunicorn 'skill.web:create_app()'`` does: no arguments, configuration from env."""
    db = tmp_path / "served.sqlite3"
    monkeypatch.setenv("HAMSTRING_DB", str(db))
    monkeypatch.setenv("HAMSTRING_VERIFY", "0")
    client = create_app().test_client()
    assert "verification is OFF" in capsys.readouterr().err
    event = EnvelopeFactory(user_id=TRAINEE).intent(
        intent_match("SetEquipmentIntent", equipmentOne="bodyweight"), now=T0
    )
    assert client.post("/", json=event).status_code == 200
    with SQLiteStore(db) as stored:
        assert stored.load_user(TRAINEE).profile is not None


@pytest.mark.parametrize("value", ["maybe", "2", "disabled"])
def test_an_unreadable_verify_setting_fails_at_startup(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HAMSTRING_VERIFY", value)
    with pytest.raises(ValueError, match="VERIFY"):
        create_app(handler=silent, warnings=io.StringIO())


@pytest.mark.parametrize(("value", "warned"), [("1", False), ("true", False), ("off", True)])
def test_verify_setting_spellings(
    monkeypatch: pytest.MonkeyPatch, value: str, warned: bool
) -> None:
    monkeypatch.setenv("HAMSTRING_VERIFY", value)
    monkeypatch.setenv("SKILL_ID", DEFAULT_SKILL_ID)
    warnings = io.StringIO()
    create_app(handler=silent, warnings=warnings)
    assert (warnings.getvalue() == NO_VERIFY_WARNING) is warned


def test_config_overrides_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HAMSTRING_VERIFY", "0")
    warnings = io.StringIO()
    client = create_app(
        {"VERIFY": True, "SKILL_ID": DEFAULT_SKILL_ID}, handler=silent, warnings=warnings
    ).test_client()
    assert warnings.getvalue() == ""
    assert client.post("/", json={"request": {}}).status_code == 400


def test_each_app_is_independent(tmp_path: Path) -> None:
    """No app at import time and no state shared between apps (one verifier each)."""
    import skill.web.app

    assert not any(type(v).__name__ == "Flask" for v in vars(skill.web.app).values())
    first, store, _ = no_verify_app(tmp_path)
    second = create_app({"SKILL_ID": DEFAULT_SKILL_ID}, handler=silent, warnings=io.StringIO())
    assert first.post("/", json={"request": {}}).status_code == 200
    assert second.test_client().post("/", json={"request": {}}).status_code == 400
    store.close()
